import { z } from "zod";
import { canonicalJson } from "./canonical";
import { describeIssues, evidenceEventSchema, hashEvent, verifyChain, type ChainHead, type EvidenceEvent } from "./chain";
import { checkCheckpoint, headInclusionProof, verifyHeadInclusion, type Checkpoint, type CheckpointBody, type KeyInput } from "./checkpoint";

/*
 * A self-contained proof that one event is part of a case covered by a signed
 * checkpoint: the event itself, every later event of the case without its
 * prevHash and hash (each one's prevHash is the hash computed one step before,
 * so rehashing them walks the chain to the head), and the head's Merkle
 * inclusion proof in the checkpoint. One proof line, the checkpoint and the
 * office's public key verify the event with nothing else.
 *
 * Size grows with the number of later events, so a bundle's proofs grow with
 * the square of its event count; fine for cases of a few hundred events.
 */

export const EVENT_PROOF_VERSION = 1;

/** A later event as carried in a proof: prevHash and hash are recomputed, not trusted. */
export type LinkedEvent = Omit<EvidenceEvent, "prevHash" | "hash">;

export interface EventProof {
  version: typeof EVENT_PROOF_VERSION;
  event: EvidenceEvent;
  following: LinkedEvent[];
  head: ChainHead;
  checkpointRoot: string;
  inclusion: { index: number; treeSize: number; proof: string[] };
}

export type EventProofCheck = { ok: true; event: EvidenceEvent; head: ChainHead } | { ok: false; detail: string };

const eventProofSchema = z.strictObject({
  version: z.literal(EVENT_PROOF_VERSION),
  event: evidenceEventSchema,
  following: z.array(evidenceEventSchema.omit({ prevHash: true, hash: true })),
  head: z.strictObject({ caseId: z.string(), seq: z.number().int().positive(), hash: z.string() }),
  checkpointRoot: z.string(),
  inclusion: z.strictObject({
    index: z.number().int().nonnegative(),
    treeSize: z.number().int().positive(),
    proof: z.array(z.string()),
  }),
});

function linked(event: EvidenceEvent): LinkedEvent {
  const { caseId, seq, type, at, actor, payload } = event;
  return { caseId, seq, type, at, actor, payload };
}

/**
 * One proof per event, in order. Throws unless the events form a valid chain
 * whose head is exactly the case's head in the checkpoint.
 */
export function buildEventProofs(events: readonly EvidenceEvent[], checkpoint: Checkpoint): EventProof[] {
  const chain = verifyChain(events);
  if (!chain.ok) throw new Error(`cannot prove a broken chain (${chain.reason} at position ${chain.breakAt.index + 1}): ${chain.detail}`);
  const inclusion = headInclusionProof(checkpoint, chain.head.caseId);
  if (inclusion === null) throw new Error(`the checkpoint has no head for case ${chain.head.caseId}`);
  if (inclusion.head.seq !== chain.head.seq || inclusion.head.hash !== chain.head.hash) {
    throw new Error(
      `the checkpoint covers case ${chain.head.caseId} up to seq ${inclusion.head.seq}, but its events end at seq ${chain.head.seq}; sign a newer checkpoint first`,
    );
  }
  const later = events.map(linked);
  return events.map((event, index) => ({
    version: EVENT_PROOF_VERSION,
    event,
    following: later.slice(index + 1),
    head: inclusion.head,
    checkpointRoot: checkpoint.body.root,
    inclusion: { index: inclusion.index, treeSize: inclusion.treeSize, proof: inclusion.proof },
  }));
}

/** Checks a proof against a checkpoint body whose signature the caller has already verified. */
export function checkEventProofAgainst(proof: unknown, body: CheckpointBody): EventProofCheck {
  const parsed = eventProofSchema.safeParse(proof);
  if (!parsed.success) return { ok: false, detail: `the proof is malformed: ${describeIssues(parsed.error)}` };
  const { event, following, head, checkpointRoot, inclusion } = parsed.data;
  try {
    canonicalJson(parsed.data);
  } catch (error) {
    return { ok: false, detail: `the proof is not canonical JSON: ${(error as Error).message}` };
  }
  if (hashEvent(event) !== event.hash) return { ok: false, detail: `event seq ${event.seq} does not match its own hash` };
  let hash = event.hash;
  let seq = event.seq;
  for (const next of following) {
    if (next.caseId !== event.caseId) return { ok: false, detail: `the proof's event seq ${next.seq} belongs to case ${next.caseId}, not ${event.caseId}` };
    if (next.seq !== seq + 1) return { ok: false, detail: `the proof skips from seq ${seq} to seq ${next.seq}` };
    hash = hashEvent({ ...next, prevHash: hash });
    seq = next.seq;
  }
  if (head.caseId !== event.caseId || head.seq !== seq || head.hash !== hash) {
    return { ok: false, detail: `rehashing from event seq ${event.seq} leads to head seq ${seq} hash ${hash.slice(0, 12)}…, not to the proof's head seq ${head.seq} hash ${head.hash.slice(0, 12)}…` };
  }
  if (checkpointRoot !== body.root) return { ok: false, detail: "the proof is for a different checkpoint (its root differs)" };
  if (inclusion.treeSize !== body.treeSize) return { ok: false, detail: `the proof is for a tree of ${inclusion.treeSize} cases, the checkpoint has ${body.treeSize}` };
  if (!verifyHeadInclusion(head, inclusion, body.root)) {
    return { ok: false, detail: `the head of case ${head.caseId} (seq ${head.seq}) is not included in the checkpoint root by this Merkle proof` };
  }
  return { ok: true, event, head };
}

/** Verifies one event with only its proof, the checkpoint and the office's public key. Never throws. */
export function verifyEventProof(proof: unknown, checkpoint: unknown, publicKey: KeyInput): EventProofCheck {
  const check = checkCheckpoint(checkpoint, publicKey);
  if (!check.ok) return { ok: false, detail: check.detail };
  return checkEventProofAgainst(proof, check.checkpoint.body);
}
