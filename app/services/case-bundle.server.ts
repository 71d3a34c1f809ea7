import { buildBundle, loggedCommitments, ERASURE_EVENT_TYPE, referencedFiles, type Disclosures } from "~/core/evidence";
import { getCaseById, getCaseIdByNumber } from "~/models/case.server";
import { caseDisclosures, createCheckpoint, readCaseEvents, verifyCaseLog, type LogProblem } from "./evidence-log.server";
import { checkEvidenceFile } from "./evidence-files.server";
import { officeKey, officeName } from "./signing.server";

/** The case's log does not verify, so no bundle is made; `problem` says where and why. */
export class ExportRefused extends Error {
  constructor(readonly problem: LogProblem) {
    super(`the evidence log does not verify at ${problem.seq === null ? "its checkpoint" : `event seq ${problem.seq}`} (${problem.code}): ${problem.detail}`);
    this.name = "ExportRefused";
  }
}

export type ExportedBundle = { filename: string; bytes: Uint8Array; caseNumber: string; eventCount: number; headSeq: number };

/**
 * The case's evidence bundle (BagIt zip): events, proofs, a checkpoint signed
 * now if the newest one does not cover the head yet, the office's public key,
 * every evidence file and crop, and the disclosures (values and salts, or
 * erasure records). Refuses, with the place, when the stored log does not verify.
 */
export async function exportBundle(caseId: string, { now = new Date() }: { now?: Date } = {}): Promise<ExportedBundle> {
  const doc = await getCaseById(caseId);
  if (!doc) throw new Error(`no case ${caseId}`);
  const check = await verifyCaseLog(doc);
  if (!check.ok && check.problem) throw new ExportRefused(check.problem);

  const run = await createCheckpoint({ now });
  const checkpoint = run.stored.checkpoint;
  const head = checkpoint.body.heads.find((h) => h.caseId === caseId);
  if (!head) throw new ExportRefused({ code: "not-checkpointed", seq: null, detail: "no checkpoint covers this case" });
  // Events appended since the checkpoint wait for the next bundle.
  const events = (await readCaseEvents(caseId)).slice(0, head.seq);
  if (events.at(-1)?.hash !== head.hash) throw new ExportRefused({ code: "rewritten", seq: head.seq, detail: "the log changed while the bundle was being made" });

  const files: Uint8Array[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    for (const sha256 of referencedFiles(event)) {
      if (seen.has(sha256)) continue;
      seen.add(sha256);
      const file = await checkEvidenceFile(sha256);
      if (!file.ok) throw new ExportRefused({ code: file.problem, seq: event.seq, sha256, detail: `evidence file ${sha256}` });
      files.push(file.bytes);
    }
  }

  const committed = new Set(loggedCommitments(events).map((c) => c.commitment));
  const erased = new Set(events.filter((e) => e.type === ERASURE_EVENT_TYPE).map((e) => String((e.payload as { commitment?: unknown }).commitment)));
  const disclosures: Disclosures = {};
  for (const [commitment, disclosure] of Object.entries(caseDisclosures(doc))) {
    if (committed.has(commitment) && !erased.has(commitment)) disclosures[commitment] = disclosure;
  }

  const bytes = buildBundle({
    caseNumber: doc.number,
    events,
    files,
    checkpoint,
    publicKeyPem: officeKey().publicKeyPem,
    disclosures,
    sourceOrganization: officeName(),
    baggingDate: now.toISOString().slice(0, 10),
  });
  return { filename: `suji-evidence-${doc.number}.zip`, bytes, caseNumber: doc.number, eventCount: events.length, headSeq: head.seq };
}

export async function exportBundleByNumber(caseNumber: string, options: { now?: Date } = {}): Promise<ExportedBundle> {
  const caseId = await getCaseIdByNumber(caseNumber);
  if (!caseId) throw new Error(`no case with number ${caseNumber}`);
  return exportBundle(caseId, options);
}
