import { z } from "zod";
import { canonicalJson, sha256Hex } from "./canonical";

/**
 * `prevHash` of a case's first event (seq 1). We use 64 zeros rather than
 * `null` so every event has the same shape and every link is a 64-digit hex.
 */
export const GENESIS_HASH = "0".repeat(64);

export interface EvidenceActor {
  id: string;
  role: string;
}

/** One entry in a case's evidence log. Never contains personal data: see commitments.ts. */
export interface EvidenceEvent {
  caseId: string;
  /** 1-based, contiguous and unique per case. */
  seq: number;
  type: string;
  /** ISO 8601 date-time with `Z` or an offset. */
  at: string;
  actor: EvidenceActor;
  payload: Record<string, unknown>;
  /** `hash` of the event with seq - 1, or `GENESIS_HASH` for seq 1. */
  prevHash: string;
  /** `hashEvent` of every other field. */
  hash: string;
}

export type UnhashedEvidenceEvent = Omit<EvidenceEvent, "hash">;

/** What the caller decides about a new event; the chain decides seq, prevHash and hash. */
export interface EvidenceEventInput {
  caseId: string;
  type: string;
  at: string;
  actor: EvidenceActor;
  payload: Record<string, unknown>;
}

export interface ChainHead {
  caseId: string;
  seq: number;
  hash: string;
}

export type ChainBreakReason =
  | "hash-mismatch"
  | "prev-hash-mismatch"
  | "seq-gap"
  | "seq-duplicate"
  | "seq-out-of-order"
  | "wrong-case"
  | "truncated"
  | "bad-first-event";

export interface ChainBreak {
  /** seq of the event where the chain breaks; null when that event has no readable seq. */
  seq: number | null;
  /** Position in the array that was verified (0-based); `events.length` when events are missing at the end. */
  index: number;
  /** The recorded `hash` of the event at `index` (an event's identity), when it has one. */
  eventId?: string;
}

export type ChainVerification =
  | { ok: true; head: ChainHead }
  | { ok: false; breakAt: ChainBreak; reason: ChainBreakReason; detail: string };

export interface VerifyChainOptions {
  /** The case the events must belong to; defaults to the first event's caseId. */
  caseId?: string;
  /**
   * A head known from elsewhere, usually a signed checkpoint. The chain must
   * contain it; events appended after it are allowed (they are not yet
   * checkpointed). Without it a truncated tail cannot be detected.
   */
  expectedHead?: { seq: number; hash: string; caseId?: string };
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits");
const nonEmpty = z.string().min(1, "must not be empty");
const plainObject = z.custom<Record<string, unknown>>(
  (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  "must be a JSON object",
);

/** Shape of an evidence event (not its hash): for reading events from untrusted JSON. */
export const evidenceEventSchema = z.strictObject({
  caseId: nonEmpty,
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  type: nonEmpty,
  at: z.iso.datetime({ offset: true }),
  actor: z.strictObject({ id: nonEmpty, role: nonEmpty }),
  payload: plainObject,
  prevHash: hex64,
  hash: hex64,
});

const inputSchema = evidenceEventSchema.omit({ seq: true, prevHash: true, hash: true });

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "event"} ${issue.message}`)
    .join("; ");
}

/** SHA-256 (hex) of the canonical JSON of every event field except `hash`. */
export function hashEvent(event: UnhashedEvidenceEvent): string {
  const { caseId, seq, type, at, actor, payload, prevHash } = event;
  return sha256Hex(canonicalJson({ caseId, seq, type, at, actor: { id: actor.id, role: actor.role }, payload, prevHash }));
}

/** Throws when `value` is not a well-formed event (it does not check the hash). */
export function parseEvidenceEvent(value: unknown): EvidenceEvent {
  const parsed = evidenceEventSchema.safeParse(value);
  if (!parsed.success) throw new TypeError(`malformed evidence event: ${describeIssues(parsed.error)}`);
  canonicalJson(parsed.data.payload);
  return value as EvidenceEvent;
}

/**
 * The event that follows `prev` (or the case's first event when `prev` is null).
 * Refuses to extend a head whose hash does not match its content, so a
 * corrupted head is never silently built upon.
 */
export function buildEvent(prev: EvidenceEvent | null, input: EvidenceEventInput): EvidenceEvent {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new TypeError(`invalid evidence event input: ${describeIssues(parsed.error)}`);
  if (prev !== null) {
    parseEvidenceEvent(prev);
    if (hashEvent(prev) !== prev.hash) {
      throw new Error(`cannot append to case ${prev.caseId}: its head (seq ${prev.seq}) does not match its own hash`);
    }
    if (prev.caseId !== input.caseId) {
      throw new Error(`cannot append an event of case ${input.caseId} after an event of case ${prev.caseId}`);
    }
  }
  const unhashed: UnhashedEvidenceEvent = {
    caseId: input.caseId,
    seq: prev === null ? 1 : prev.seq + 1,
    type: input.type,
    at: input.at,
    actor: { id: input.actor.id, role: input.actor.role },
    // A private copy: a caller mutating its payload later must not change a hashed event.
    payload: JSON.parse(canonicalJson(input.payload)) as Record<string, unknown>,
    prevHash: prev === null ? GENESIS_HASH : prev.hash,
  };
  return { ...unhashed, hash: hashEvent(unhashed) };
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

function readSeq(value: unknown): number | null {
  const seq = (value as { seq?: unknown } | null)?.seq;
  return typeof seq === "number" && Number.isSafeInteger(seq) && seq > 0 ? seq : null;
}

function readHash(value: unknown): string | undefined {
  const hash = (value as { hash?: unknown } | null)?.hash;
  return typeof hash === "string" ? hash : undefined;
}

function seqRange(from: number, to: number): string {
  return from === to ? `event seq ${from} is` : `events seq ${from} to ${to} are`;
}

/**
 * Verifies a case's events in array order and reports the first break with
 * where it is and why. Accepts untrusted input (for example parsed JSON).
 */
export function verifyChain(events: readonly unknown[], opts: VerifyChainOptions = {}): ChainVerification {
  const broken = (index: number, reason: ChainBreakReason, detail: string, seq = readSeq(events[index])): ChainVerification => {
    const eventId = readHash(events[index]);
    return { ok: false, breakAt: eventId === undefined ? { seq, index } : { seq, index, eventId }, reason, detail };
  };

  const wanted = opts.expectedHead;
  if (wanted && !(Number.isSafeInteger(wanted.seq) && wanted.seq >= 1 && typeof wanted.hash === "string")) {
    throw new TypeError("expectedHead needs a positive integer seq and a hash");
  }
  if (events.length === 0) {
    const wanted = opts.expectedHead ? `; the checkpoint records head seq ${opts.expectedHead.seq}` : "";
    return { ok: false, breakAt: { seq: 1, index: 0 }, reason: "truncated", detail: `the chain has no events${wanted}` };
  }

  // Where each seq occurs, to tell a re-ordering from a gap and to find an inserted duplicate.
  const positions = new Map<number, number[]>();
  events.forEach((event, index) => {
    const seq = readSeq(event);
    if (seq !== null) positions.set(seq, [...(positions.get(seq) ?? []), index]);
  });
  const firstAfter = (seq: number, index: number) => positions.get(seq)?.find((i) => i > index);

  const caseId = opts.caseId ?? (events[0] as { caseId?: unknown } | null)?.caseId;
  let prev: EvidenceEvent | null = null;

  for (let index = 0; index < events.length; index++) {
    let event: EvidenceEvent;
    try {
      event = parseEvidenceEvent(events[index]);
    } catch (error) {
      return broken(index, "hash-mismatch", `the event at position ${index + 1} cannot be hashed: ${(error as Error).message}`);
    }
    const { seq } = event;

    if (event.caseId !== caseId) {
      return broken(index, "wrong-case", `event seq ${seq} belongs to case ${event.caseId}, not to case ${String(caseId)}`);
    }

    if (prev === null) {
      if (seq !== 1) {
        const first = firstAfter(1, index);
        if (first !== undefined) {
          return broken(index, "seq-out-of-order", `the chain starts with event seq ${seq}; event seq 1 is at position ${first + 1}: the events were re-ordered`);
        }
        return broken(index, "bad-first-event", `the chain starts at seq ${seq}, not at seq 1: ${seqRange(1, seq - 1)} missing from the start`);
      }
    } else if (seq !== prev.seq + 1) {
      const expected = prev.seq + 1;
      if (seq <= prev.seq) {
        // Every seq below `expected` was seen exactly once, at position seq - 1.
        const earlier = seq - 1;
        const next = firstAfter(seq + 1, index);
        const nextPrev = next === undefined ? undefined : (events[next] as { prevHash?: unknown }).prevHash;
        const firstIsIntruder = nextPrev !== undefined && nextPrev === event.hash && nextPrev !== readHash(events[earlier]);
        const where = `seq ${seq} appears twice, at positions ${earlier + 1} and ${index + 1}`;
        if (firstIsIntruder) {
          return broken(earlier, "seq-duplicate", `${where}; event seq ${seq + 1} links to the second one, so the first was inserted`, seq);
        }
        return broken(index, "seq-duplicate", `${where}; the second one is not part of the chain (it was inserted or copied)`);
      }
      if (firstAfter(expected, index) !== undefined) {
        return broken(index, "seq-out-of-order", `event seq ${seq} is at position ${index + 1}, before event seq ${expected}: the events were re-ordered`);
      }
      return broken(index, "seq-gap", `${seqRange(expected, seq - 1)} missing between event seq ${prev.seq} and event seq ${seq}`);
    }

    const recomputed = hashEvent(event);
    if (recomputed !== event.hash) {
      return broken(
        index,
        "hash-mismatch",
        `event seq ${seq} was changed after it was recorded: its content hashes to ${short(recomputed)} but it records ${short(event.hash)}`,
      );
    }

    if (prev === null) {
      if (event.prevHash !== GENESIS_HASH) {
        return broken(index, "bad-first-event", `event seq 1 must name the genesis hash (64 zeros) as its previous hash, but names ${short(event.prevHash)}`);
      }
    } else if (event.prevHash !== prev.hash) {
      return broken(
        index,
        "prev-hash-mismatch",
        `event seq ${seq} names ${short(event.prevHash)} as the hash of event seq ${prev.seq}, which has hash ${short(prev.hash)}: ` +
          `event seq ${prev.seq} was rewritten or replaced after event seq ${seq} was recorded`,
      );
    }
    prev = event;
  }

  const last = prev as EvidenceEvent;
  const expected = opts.expectedHead;
  if (expected) {
    if (expected.caseId !== undefined && expected.caseId !== last.caseId) {
      return broken(0, "wrong-case", `the chain belongs to case ${last.caseId} but the expected head is for case ${expected.caseId}`);
    }
    if (expected.seq > last.seq) {
      return {
        ok: false,
        breakAt: { seq: last.seq + 1, index: events.length },
        reason: "truncated",
        detail: `the chain ends at seq ${last.seq} but the checkpoint records head seq ${expected.seq}: ${seqRange(last.seq + 1, expected.seq)} missing from the end`,
      };
    }
    const index = expected.seq - 1;
    const atHead = events[index] as EvidenceEvent;
    if (atHead.hash !== expected.hash) {
      return broken(
        index,
        "hash-mismatch",
        `event seq ${expected.seq} has hash ${short(atHead.hash)} but the checkpoint records ${short(expected.hash)}: ` +
          `it or an earlier event was rewritten (with recomputed hashes) after the checkpoint`,
      );
    }
  }
  return { ok: true, head: { caseId: last.caseId, seq: last.seq, hash: last.hash } };
}

/** The head of a verified chain, as used in checkpoints. */
export function chainHead(event: EvidenceEvent): ChainHead {
  return { caseId: event.caseId, seq: event.seq, hash: event.hash };
}
