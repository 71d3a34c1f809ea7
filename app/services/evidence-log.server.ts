import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import {
  buildCheckpoint,
  buildEvent,
  checkCheckpoint,
  checkDisclosures,
  commitField,
  hashEvent,
  referencedFiles,
  verifyChain,
  type ChainHead,
  type Disclosures,
  type EvidenceActor,
  type EvidenceEvent,
} from "~/core/evidence";
import { PERSONAL_FIELDS, type LogProblemCode } from "~/core/workflow";
import { Case, type CaseDoc } from "~/models/case.server";
import {
  findCaseEvents,
  findEventBySeq,
  findLastEventByScan,
  insertCheckpoint,
  insertEvent,
  isDuplicateKey,
  recentCheckpoints,
  type StoredCheckpoint,
} from "~/models/evidence.server";
import { checkEvidenceFile } from "./evidence-files.server";
import { officeKey, officeName } from "./signing.server";

/*
 * Appending to a case's evidence log without transactions: read the head,
 * build the next event, insert it; the unique index on {caseId, seq} refuses
 * a second event with the same seq, and the loser re-reads and retries. Within
 * one process appends to a case also queue behind each other, so they rarely
 * collide at all.
 */

export type AppendInput = { type: string; actor: EvidenceActor; payload: Record<string, unknown>; at?: Date };

const stats = { appends: 0, attempts: 0, conflicts: 0 };

/** Counters since the process started (for benchmarks and tests). */
export function evidenceLogStats() {
  return { ...stats };
}

const tails = new Map<string, Promise<unknown>>();

function withCaseLock<T>(caseId: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(caseId) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  tails.set(caseId, tail);
  void tail.then(() => {
    if (tails.get(caseId) === tail) tails.delete(caseId);
  });
  return run;
}

function caseObjectId(caseId: string) {
  return mongoose.isValidObjectId(caseId) ? new mongoose.Types.ObjectId(caseId) : null;
}

// The last head this process saw per case: appends then need one probe instead of three reads.
const knownHeads = new Map<string, EvidenceEvent>();
const KNOWN_HEADS_MAX = 5000;

function remember(event: EvidenceEvent) {
  knownHeads.delete(event.caseId);
  knownHeads.set(event.caseId, event);
  if (knownHeads.size > KNOWN_HEADS_MAX) knownHeads.delete(knownHeads.keys().next().value as string);
}

/**
 * The last event of the case: from this process's last known head or the
 * case's head hint, by `_id`, probing forward for events appended elsewhere;
 * a scan only when the hint is wrong.
 */
export async function readHead(caseId: string): Promise<EvidenceEvent | null> {
  let head: EvidenceEvent | null = knownHeads.get(caseId) ?? null;
  if (!head) {
    const id = caseObjectId(caseId);
    const hint = id ? await Case.findById(id, { head: 1 }).lean<{ head: { seq: number } | null }>() : null;
    if (hint?.head?.seq) {
      head = (await findEventBySeq(caseId, hint.head.seq)) ?? (await findLastEventByScan(caseId));
    } else {
      head = await findEventBySeq(caseId, 1);
      if (head) head = await findLastEventByScan(caseId);
    }
  }
  while (head) {
    const next = await findEventBySeq(caseId, head.seq + 1);
    if (!next) break;
    head = next;
  }
  if (head) remember(head);
  return head;
}

async function updateHeadHint(caseId: string, event: EvidenceEvent) {
  const id = caseObjectId(caseId);
  if (!id) return;
  await Case.updateOne({ _id: id, $or: [{ head: null }, { "head.seq": { $lt: event.seq } }] }, { $set: { head: { seq: event.seq, hash: event.hash } } });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Appends one event to the case's log and returns it. `inProcessQueue: false`
 * skips the in-process queue, so only the database serialises (tests use it
 * to prove the unique index alone keeps the chain whole).
 */
export async function appendEvent(caseId: string, input: AppendInput, options: { inProcessQueue?: boolean; maxAttempts?: number } = {}): Promise<EvidenceEvent> {
  const attempt = async () => {
    const maxAttempts = options.maxAttempts ?? 1000;
    for (let n = 1; n <= maxAttempts; n++) {
      stats.attempts++;
      const head = await readHead(caseId);
      const event = buildEvent(head, { caseId, type: input.type, at: (input.at ?? new Date()).toISOString(), actor: input.actor, payload: input.payload });
      try {
        await insertEvent(event);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        stats.conflicts++;
        // A short random pause, so the losers of one round do not all collide again.
        await sleep(Math.random() * Math.min(20, n));
        continue;
      }
      stats.appends++;
      remember(event);
      await updateHeadHint(caseId, event);
      return event;
    }
    throw new Error(`could not append to the evidence log of case ${caseId}: ${maxAttempts} attempts collided`);
  };
  return options.inProcessQueue === false ? attempt() : withCaseLock(caseId, attempt);
}

/** Every stored event of a case, seq order, as stored. */
export async function readCaseEvents(caseId: string): Promise<EvidenceEvent[]> {
  return findCaseEvents(caseId);
}

/** A fresh 16-byte salt, hex. */
export function newSalt(): string {
  return randomBytes(16).toString("hex");
}

export type SealedValue = { commitment: string; field: string; value: string; salt: string };

/** A personal value with its own salt and commitment, ready to store beside each other. */
export function sealValue(field: string, value: string): SealedValue {
  const salt = newSalt();
  return { commitment: commitField(value, salt), field, value, salt };
}

/** Value and salt of every committed value the case still holds, keyed by commitment. */
export function caseDisclosures(doc: CaseDoc): Disclosures {
  const out: Disclosures = {};
  for (const field of PERSONAL_FIELDS) {
    const entry = doc.personal?.[field];
    if (entry?.value == null || entry.salt == null) continue;
    try {
      out[commitField(entry.value, entry.salt)] = { value: entry.value, salt: entry.salt };
    } catch {
      // A malformed salt: the commitment check reports the field as changed.
    }
  }
  for (const s of doc.sealed ?? []) {
    if (s.value != null && s.salt != null) out[s.commitment] = { value: s.value, salt: s.salt };
  }
  return out;
}

export type LogProblem = { code: LogProblemCode; seq: number | null; detail: string; field?: string; sha256?: string; afterSeq?: number };

export type CaseLogCheck = {
  ok: boolean;
  eventCount: number;
  head: ChainHead | null;
  /** The newest signed checkpoint that covers this case. */
  checkpoint: { issuedAt: string; seq: number; keyId: string } | null;
  /** Events after the checkpointed head (not yet signed). */
  pendingEvents: number;
  filesChecked: number;
  problem: LogProblem | null;
  tookMs: number;
};

function firstMissingSeq(events: readonly EvidenceEvent[], index: number, seq: number | null): number | null {
  const before = index === 0 ? 0 : events[index - 1]?.seq;
  return typeof before === "number" && seq !== null && seq > before + 1 ? before + 1 : seq;
}

/**
 * Checks a case's log where it is stored: the chain, its signed checkpoints
 * (which catch a rewrite with recomputed hashes and a cut-off tail), every
 * evidence file it references (bytes against their SHA-256) and every
 * personal value the case holds against its commitment. Reports the first
 * problem with the event where it is.
 */
export async function verifyCaseLog(doc: CaseDoc, options: { checkFiles?: boolean; checkpoints?: number } = {}): Promise<CaseLogCheck> {
  const started = performance.now();
  const caseId = String(doc._id);
  const events = await readCaseEvents(caseId);
  const result: CaseLogCheck = { ok: false, eventCount: events.length, head: null, checkpoint: null, pendingEvents: 0, filesChecked: 0, problem: null, tookMs: 0 };
  const done = (problem: LogProblem | null) => {
    result.problem = problem;
    result.ok = problem === null;
    result.tookMs = Math.round((performance.now() - started) * 10) / 10;
    return result;
  };

  const chain = verifyChain(events, { caseId });
  if (!chain.ok) {
    const { seq, index } = chain.breakAt;
    if (chain.reason === "prev-hash-mismatch" && seq !== null && seq > 1) {
      return done({ code: "rewritten", seq: seq - 1, detail: chain.detail });
    }
    if (chain.reason === "hash-mismatch" && seq !== null) {
      // An untouched event renumbered by one: something was inserted before it, or deleted.
      const event = events[index];
      if (events.slice(index + 1).some((later) => later.hash === event.prevHash)) {
        return done({ code: "seq-out-of-order", seq, detail: `event seq ${seq} links to an event that comes after it: the events were re-ordered` });
      }
      if (hashEvent({ ...event, seq: seq - 1 }) === event.hash) return done({ code: "inserted", seq: seq - 1, detail: `event seq ${seq} is the original event seq ${seq - 1}, renumbered: an event was inserted at seq ${seq - 1}` });
      if (hashEvent({ ...event, seq: seq + 1 }) === event.hash) return done({ code: "seq-gap", seq, detail: `event seq ${seq} is the original event seq ${seq + 1}, renumbered: event seq ${seq} was deleted` });
    }
    const where = chain.reason === "seq-gap" || chain.reason === "bad-first-event" ? firstMissingSeq(events, index, seq) : seq;
    return done({ code: chain.reason, seq: where, detail: chain.detail });
  }
  result.head = chain.head;

  // Signed checkpoints: the newest that covers the case fixes its head; older ones narrow down a rewrite.
  const key = officeKey();
  const checkpoints = await recentCheckpoints(options.checkpoints ?? 20);
  const covering: { stored: StoredCheckpoint; head: ChainHead }[] = [];
  for (const stored of checkpoints) {
    const check = checkCheckpoint(stored.checkpoint, key.publicKeyPem);
    if (!check.ok) return done({ code: "checkpoint-signature", seq: null, detail: `checkpoint of ${stored.issuedAt.toISOString()}: ${check.detail}` });
    const head = stored.checkpoint.body.heads.find((h) => h.caseId === caseId);
    if (head) covering.push({ stored, head });
  }
  if (covering.length > 0) {
    const newest = covering[0];
    const against = verifyChain(events, { caseId, expectedHead: newest.head });
    if (!against.ok) {
      if (against.reason === "truncated") return done({ code: "truncated", seq: against.breakAt.seq, detail: against.detail });
      const matched = covering.filter((c) => events[c.head.seq - 1]?.hash === c.head.hash).map((c) => c.head.seq);
      const mismatched = covering.filter((c) => events[c.head.seq - 1]?.hash !== c.head.hash).map((c) => c.head.seq);
      const afterSeq = matched.length ? Math.max(...matched) : 0;
      const seq = mismatched.length ? Math.min(...mismatched) : newest.head.seq;
      return done({ code: "rewritten", seq, afterSeq, detail: against.detail });
    }
    result.checkpoint = { issuedAt: newest.stored.issuedAt.toISOString(), seq: newest.head.seq, keyId: newest.stored.checkpoint.body.keyId };
    result.pendingEvents = chain.head.seq - newest.head.seq;
  } else {
    result.pendingEvents = chain.head.seq;
  }

  if (options.checkFiles !== false) {
    const checked = new Map<string, Awaited<ReturnType<typeof checkEvidenceFile>>>();
    for (const event of events) {
      for (const sha256 of referencedFiles(event)) {
        if (!checked.has(sha256)) checked.set(sha256, await checkEvidenceFile(sha256));
        const file = checked.get(sha256)!;
        if (!file.ok) {
          const detail = file.problem === "file-changed" ? `the stored bytes now hash to ${file.actual}` : "the file is no longer stored";
          return done({ code: file.problem, seq: event.seq, sha256, detail });
        }
      }
    }
    result.filesChecked = checked.size;
  }

  const disclosures = checkDisclosures(events, caseDisclosures(doc));
  const bad = disclosures.find((d) => d.status === "mismatch" || d.status === "missing" || (d.status === "verified" && d.erasure));
  if (bad) return done({ code: "disclosure-mismatch", seq: bad.committedAtSeq, field: bad.field ?? undefined, detail: bad.detail });
  return done(null);
}

export type CheckpointRun = { stored: StoredCheckpoint; created: boolean; held: { caseId: string; seq: number; detail: string }[] };

/**
 * Signs a checkpoint over the head of every case. A case's head advances only
 * along events that link to the head the previous checkpoint signed, so a log
 * edited in the database is never signed over; such cases keep their old head
 * and are listed in `held`. Without changes it returns the newest checkpoint
 * unless `force` is set. The worker calls this periodically; exports call it
 * on demand.
 */
export async function createCheckpoint({ now = new Date(), force = false }: { now?: Date; force?: boolean } = {}): Promise<CheckpointRun> {
  const key = officeKey();
  const [latest] = await recentCheckpoints(1);
  const usable = latest && checkCheckpoint(latest.checkpoint, key.publicKeyPem).ok ? latest : undefined;
  const previous = new Map((usable?.checkpoint.body.heads ?? []).map((h) => [h.caseId, h]));
  const cases = await Case.find({}, { _id: 1, head: 1 }).lean<{ _id: mongoose.Types.ObjectId; head: { seq: number; hash: string } | null }[]>();
  const heads: ChainHead[] = [];
  const held: CheckpointRun["held"] = [];
  let changed = !usable || previous.size !== cases.filter((c) => c.head).length;

  for (const c of cases) {
    const caseId = String(c._id);
    const before = previous.get(caseId);
    if (before && c.head && c.head.seq === before.seq && c.head.hash === before.hash) {
      heads.push(before);
      continue;
    }
    const events = await findCaseEvents(caseId, before ? before.seq : 1);
    let last: ChainHead | null = null;
    let problem: string | null = null;
    if (before) {
      const anchor = events[0];
      if (!anchor || anchor.seq !== before.seq || anchor.hash !== before.hash || hashEvent(anchor) !== anchor.hash) {
        problem = `event seq ${before.seq} no longer matches the signed head`;
      } else {
        last = before;
      }
    }
    if (!problem) {
      for (const event of before ? events.slice(1) : events) {
        const expectedSeq = last ? last.seq + 1 : 1;
        const expectedPrev = last ? last.hash : "0".repeat(64);
        if (event.seq !== expectedSeq || event.prevHash !== expectedPrev || hashEvent(event) !== event.hash || event.caseId !== caseId) {
          problem = `event seq ${event.seq} does not link to event seq ${expectedSeq - 1}`;
          break;
        }
        last = { caseId, seq: event.seq, hash: event.hash };
      }
    }
    if (problem) held.push({ caseId, seq: before?.seq ?? 0, detail: problem });
    const head = problem ? (before ?? null) : last;
    if (!head) continue;
    heads.push(head);
    if (!before || head.seq !== before.seq || head.hash !== before.hash) changed = true;
  }

  if (!changed && usable && !force) return { stored: usable, created: false, held };
  const checkpoint = buildCheckpoint({ heads, issuedAt: now.toISOString(), office: officeName(), keyId: key.keyId }, key.privateKey);
  return { stored: await insertCheckpoint(checkpoint), created: true, held };
}
