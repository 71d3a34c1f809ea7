import mongoose from "mongoose";
import { can } from "~/core/access";
import { canonicalJson, isSha256Hex } from "~/core/evidence";
import { CASE_EVENT_TYPES, IDENTITY_FIELDS, acceptsEvidence, toClaimedIdentity, type ClaimedIdentity, type IdentityField } from "~/core/workflow";
import { Case, getCaseById, type CaseDoc } from "~/models/case.server";
import { EvidenceItem, type EvidenceKind } from "~/models/evidence-item.server";
import { CaseTask, getTaskAssignedTo, type TaskKind, type TaskOutcome } from "~/models/case-task.server";
import { getUserById } from "~/models/user.server";
import { recordAudit } from "~/models/audit.server";
import { CaseActionError, caseForActor, type Actor } from "./case-access.server";
import { appendEvent, sealValue, type SealedValue } from "./evidence-log.server";
import { storeEvidenceFile } from "./evidence-files.server";

/** A match candidate as the search page hands it over, judged as it was shown. */
export type Candidate = {
  entryId: string;
  probability: number;
  /** The engine's per-field explanation at that time (any JSON). */
  explanation: unknown;
  /** The entry's fields as read (any JSON). */
  fields: Record<string, unknown>;
  scanSha256: string;
  pageNumber: number;
  /** A crop of the page around the entry (PNG or JPEG). */
  crop?: Buffer;
};

export type EvidenceFileInput = { bytes: Buffer; contentType: string };

export type Added = { itemId: string; seq: number };

const ACCEPTED_UPLOADS = ["image/png", "image/jpeg", "image/tiff", "application/pdf"];

/** The media type from the first bytes; never from what the client claimed. */
export function sniffContentType(bytes: Buffer): string | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 4 && (bytes.subarray(0, 4).equals(Buffer.from("II*\0", "binary")) || bytes.subarray(0, 4).equals(Buffer.from("MM\0*", "binary")))) return "image/tiff";
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString("latin1") === "%PDF-") return "application/pdf";
  return null;
}

async function storeUpload(file: EvidenceFileInput | undefined, role: "document" | "crop" | "attachment") {
  if (!file || file.bytes.length === 0) return null;
  const contentType = sniffContentType(file.bytes);
  if (!contentType || !ACCEPTED_UPLOADS.includes(contentType)) throw new CaseActionError(400, "evidence.refused.fileType");
  const stored = await storeEvidenceFile(file.bytes, { contentType, filename: "" });
  return { sha256: stored.sha256, contentType, filename: "", role };
}

function requireWorkableState(doc: CaseDoc) {
  if (!acceptsEvidence(doc.status)) throw new CaseActionError(409, "evidence.refused.state", { state: doc.status });
}

async function pushSealed(caseId: string, sealed: SealedValue[]) {
  if (sealed.length === 0) return;
  await Case.updateOne({ _id: caseId }, { $push: { sealed: { $each: sealed } } });
}

function commitmentsOf(sealed: SealedValue[]): Record<string, string> {
  return Object.fromEntries(sealed.map((s) => [s.field, s.commitment]));
}

/**
 * Records an evidence item and its log event. The item is written first and
 * removed again if the event cannot be appended, so no item is left that the
 * log does not know.
 */
async function addItem(
  doc: CaseDoc,
  actor: Actor,
  item: Record<string, unknown>,
  sealed: SealedValue[],
  event: { type: string; payload: Record<string, unknown> },
  now: Date,
): Promise<Added> {
  const caseId = String(doc._id);
  const _id = new mongoose.Types.ObjectId();
  await pushSealed(caseId, sealed);
  await EvidenceItem.create({ _id, caseId, ...item, commitments: commitmentsOf(sealed), addedBy: actor.id, addedByRole: actor.role, addedAt: now });
  let seq: number;
  try {
    const appended = await appendEvent(caseId, {
      type: event.type,
      actor: { id: actor.id, role: actor.role },
      at: now,
      payload: { itemId: String(_id), ...event.payload, ...(sealed.length ? { commitments: commitmentsOf(sealed) } : {}) },
    });
    seq = appended.seq;
  } catch (error) {
    await EvidenceItem.deleteOne({ _id });
    throw error;
  }
  await EvidenceItem.updateOne({ _id }, { $set: { seq } });
  return { itemId: String(_id), seq };
}

function checkCandidate(candidate: Candidate) {
  if (typeof candidate.entryId !== "string" || !candidate.entryId || candidate.entryId.length > 200) throw new CaseActionError(400, "form.invalid");
  if (!Number.isFinite(candidate.probability) || candidate.probability < 0 || candidate.probability > 1) throw new CaseActionError(400, "form.invalid");
  if (!isSha256Hex(candidate.scanSha256) || !Number.isInteger(candidate.pageNumber) || candidate.pageNumber < 1) throw new CaseActionError(400, "form.invalid");
}

async function judgeCandidate(caseId: string, candidate: Candidate, actor: Actor, reason: string, verdict: "accepted" | "rejected", now: Date): Promise<Added> {
  checkCandidate(candidate);
  if (!reason.trim()) throw new CaseActionError(400, "evidence.refused.reasonRequired");
  const doc = await caseForActor(actor, caseId, "work");
  requireWorkableState(doc);
  const already = await EvidenceItem.findOne({ caseId, kind: "archive_match", entryId: candidate.entryId, status: verdict }, { _id: 1 }).lean();
  if (already) throw new CaseActionError(409, "evidence.refused.duplicate");
  const crop = await storeUpload(candidate.crop ? { bytes: candidate.crop, contentType: "" } : undefined, "crop");
  // The entry as it was shown, sealed: the engine or the OCR may read it differently tomorrow.
  const snapshot = canonicalJson(
    JSON.parse(
      JSON.stringify({
        entryId: candidate.entryId,
        fields: candidate.fields ?? {},
        probability: candidate.probability,
        explanation: candidate.explanation ?? null,
        scanSha256: candidate.scanSha256,
        pageNumber: candidate.pageNumber,
      }),
    ),
  );
  const sealed = [sealValue("snapshot", snapshot), sealValue("reason", reason.trim())];
  const added = await addItem(
    doc,
    actor,
    {
      kind: "archive_match",
      status: verdict,
      entryId: candidate.entryId,
      probability: candidate.probability,
      scanSha256: candidate.scanSha256,
      pageNumber: candidate.pageNumber,
      files: crop ? [crop] : [],
    },
    sealed,
    {
      type: verdict === "accepted" ? CASE_EVENT_TYPES.candidateAccepted : CASE_EVENT_TYPES.candidateRejected,
      payload: {
        entryId: candidate.entryId,
        probability: candidate.probability,
        scanSha256: candidate.scanSha256,
        pageNumber: candidate.pageNumber,
        ...(crop ? { files: [{ sha256: crop.sha256, contentType: crop.contentType, role: "crop" }] } : {}),
      },
    },
    now,
  );
  await recordAudit({ office: actor.office, actorId: actor.id, actorRole: actor.role, action: `candidate-${verdict}`, entity: "case", entityId: caseId, detail: { entryId: candidate.entryId } });
  return added;
}

/**
 * Accepts an archive candidate as evidence on the case: the entry, its crop,
 * the probability and the explanation as shown, with the officer's reason.
 * The search page calls this; it checks the actor's right to the case itself.
 */
export function acceptCandidate(caseId: string, candidate: Candidate, by: Actor, reason: string, now = new Date()): Promise<Added> {
  return judgeCandidate(caseId, candidate, by, reason, "accepted", now);
}

/** Records that a candidate was looked at and is not the resident, with why. */
export function rejectCandidate(caseId: string, candidate: Candidate, by: Actor, reason: string, now = new Date()): Promise<Added> {
  return judgeCandidate(caseId, candidate, by, reason, "rejected", now);
}

/** The claimed identity as the matching engine's query (audit-logged as a view of the case). */
export async function getCaseQuery(caseId: string, by: Actor): Promise<{ caseNumber: string; identity: ClaimedIdentity }> {
  const doc = await caseForActor(by, caseId, "read");
  await recordAudit({ office: by.office, actorId: by.id, actorRole: by.role, action: "search-query", entity: "case", entityId: caseId });
  const values = Object.fromEntries(Object.entries(doc.personal ?? {}).map(([k, v]) => [k, v?.value ?? null]));
  return { caseNumber: doc.number, identity: toClaimedIdentity(values) };
}

/** A document the resident brought, filed against one material of the checklist. */
export async function addResidentDocument(
  caseId: string,
  input: { materialId: string; file: EvidenceFileInput; note?: string },
  by: Actor,
  now = new Date(),
): Promise<Added> {
  const doc = await caseForActor(by, caseId, "work");
  requireWorkableState(doc);
  const file = await storeUpload(input.file, "document");
  if (!file) throw new CaseActionError(400, "form.required");
  const sealed = input.note?.trim() ? [sealValue("note", input.note.trim())] : [];
  return addItem(
    doc,
    by,
    { kind: "resident_document", status: "received", materialId: input.materialId, files: [file] },
    sealed,
    { type: CASE_EVENT_TYPES.evidenceAdded, payload: { kind: "resident_document", materialId: input.materialId, files: [{ sha256: file.sha256, contentType: file.contentType, role: "document" }] } },
    now,
  );
}

const confirmsOf = (fields: readonly string[] | undefined): IdentityField[] =>
  (fields ?? []).filter((f): f is IdentityField => (IDENTITY_FIELDS as readonly string[]).includes(f));

/** A witness statement or another agency's record, with the identity fields it confirms. */
export async function addStatement(
  caseId: string,
  input: { kind: Extract<EvidenceKind, "witness_statement" | "agency_record">; text: string; agency?: string; confirms?: string[]; file?: EvidenceFileInput },
  by: Actor,
  now = new Date(),
): Promise<Added> {
  const doc = await caseForActor(by, caseId, "work");
  requireWorkableState(doc);
  if (!input.text.trim()) throw new CaseActionError(400, "form.required");
  const file = await storeUpload(input.file, "attachment");
  const confirms = confirmsOf(input.confirms);
  const agency = input.kind === "agency_record" ? input.agency?.trim() || null : null;
  return addItem(
    doc,
    by,
    { kind: input.kind, status: "received", agency, confirms, files: file ? [file] : [] },
    [sealValue("statement", input.text.trim())],
    {
      type: CASE_EVENT_TYPES.evidenceAdded,
      payload: {
        kind: input.kind,
        ...(agency ? { agency } : {}),
        confirms,
        ...(file ? { files: [{ sha256: file.sha256, contentType: file.contentType, role: "attachment" }] } : {}),
      },
    },
    now,
  );
}

/** Hands a field check to a community officer of the same office; they then see this case, and only through their tasks. */
export async function assignFieldTask(
  caseId: string,
  input: { kind: TaskKind; assignedTo: string; instructions: string; dueAt?: Date | null },
  by: Actor,
  now = new Date(),
): Promise<{ taskId: string; seq: number }> {
  const doc = await caseForActor(by, caseId, "work");
  requireWorkableState(doc);
  const assignee = await getUserById(input.assignedTo);
  if (!assignee || assignee.role !== "community_officer" || assignee.office !== doc.office || assignee.disabled) {
    throw new CaseActionError(400, "evidence.refused.assignee");
  }
  if (!input.instructions.trim()) throw new CaseActionError(400, "form.required");
  const sealed = sealValue("instructions", input.instructions.trim());
  const _id = new mongoose.Types.ObjectId();
  await pushSealed(caseId, [sealed]);
  await CaseTask.create({
    _id,
    caseId,
    office: doc.office,
    kind: input.kind,
    assignedTo: assignee.id,
    assignedBy: by.id,
    assignedAt: now,
    dueAt: input.dueAt ?? null,
    instructionsCommitment: sealed.commitment,
  });
  await Case.updateOne({ _id: caseId }, { $addToSet: { communityOfficerIds: new mongoose.Types.ObjectId(assignee.id) } });
  const event = await appendEvent(caseId, {
    type: CASE_EVENT_TYPES.taskAssigned,
    actor: { id: by.id, role: by.role },
    at: now,
    payload: {
      taskId: String(_id),
      kind: input.kind,
      assignedTo: { id: assignee.id, role: assignee.role },
      ...(input.dueAt ? { dueAt: input.dueAt.toISOString() } : {}),
      commitments: { instructions: sealed.commitment },
    },
  });
  await recordAudit({ office: by.office, actorId: by.id, actorRole: by.role, action: "assign-task", entity: "case", entityId: caseId, detail: { taskId: String(_id) } });
  return { taskId: String(_id), seq: event.seq };
}

/** The community officer's report on their task; it becomes a field-report evidence item. */
export async function reportFieldTask(
  taskId: string,
  input: { outcome: TaskOutcome; report: string; confirms?: string[]; file?: EvidenceFileInput },
  by: Actor,
  now = new Date(),
): Promise<Added> {
  if (!can(by.role, "create:report")) throw new CaseActionError(403, "error.forbidden");
  const task = await getTaskAssignedTo(by.id, taskId);
  if (!task) throw new CaseActionError(404, "error.notFound");
  if (task.status !== "open") throw new CaseActionError(409, "evidence.refused.taskDone");
  const doc = await getCaseById(task.caseId);
  if (!doc) throw new CaseActionError(404, "error.notFound");
  requireWorkableState(doc);
  if (!input.report.trim()) throw new CaseActionError(400, "form.required");
  // Claim the task first: a second report for the same task is refused, not added.
  const claimed = await CaseTask.updateOne({ _id: task._id, status: "open" }, { $set: { status: "reported", reportedAt: now, outcome: input.outcome } });
  if (claimed.modifiedCount !== 1) throw new CaseActionError(409, "evidence.refused.taskDone");
  try {
    const file = await storeUpload(input.file, "attachment");
    const confirms = input.outcome === "confirmed" ? confirmsOf(input.confirms) : [];
    const report = sealValue("report", input.report.trim());
    const added = await addItem(
      doc,
      by,
      { kind: "field_report", status: "received", taskId, confirms, files: file ? [file] : [] },
      [report],
      {
        type: CASE_EVENT_TYPES.taskReported,
        payload: {
          taskId,
          kind: "field_report",
          outcome: input.outcome,
          confirms,
          ...(file ? { files: [{ sha256: file.sha256, contentType: file.contentType, role: "attachment" }] } : {}),
        },
      },
      now,
    );
    await CaseTask.updateOne({ _id: task._id }, { $set: { reportCommitment: report.commitment, evidenceItemId: added.itemId } });
    await recordAudit({ office: by.office, actorId: by.id, actorRole: by.role, action: "report-task", entity: "case", entityId: task.caseId, detail: { taskId } });
    return added;
  } catch (error) {
    await CaseTask.updateOne({ _id: task._id }, { $set: { status: "open", reportedAt: null, outcome: null } });
    throw error;
  }
}
