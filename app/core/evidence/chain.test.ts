import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "./canonical";
import { GENESIS_HASH, buildEvent, hashEvent, verifyChain, type EvidenceEvent } from "./chain";
import { officer, simpleChain } from "./test-fixtures";

const rehash = (event: EvidenceEvent): EvidenceEvent => ({ ...event, hash: hashEvent(event) });
const edit = (event: EvidenceEvent): EvidenceEvent => ({ ...event, payload: { ...event.payload, note: "edited" } });

function expectBreak(events: readonly unknown[], reason: string, index: number, seq: number | null, opts = {}) {
  const result = verifyChain(events, opts);
  if (result.ok) throw new Error("expected the chain to break");
  expect(result.reason).toBe(reason);
  expect(result.breakAt.index).toBe(index);
  expect(result.breakAt.seq).toBe(seq);
  expect(result.detail.length).toBeGreaterThan(20);
  return result;
}

describe("buildEvent and hashEvent", () => {
  it("starts a case at seq 1 with the genesis hash as prevHash", () => {
    const first = buildEvent(null, { caseId: "c1", type: "case.opened", at: "2024-05-01T09:00:00+08:00", actor: officer, payload: { a: 1 } });
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toBe("0".repeat(64));
    expect(first.hash).toBe(hashEvent(first));
  });

  it("links each event to the previous one", () => {
    const [a, b, c] = simpleChain(3);
    expect([b.seq, b.prevHash, c.seq, c.prevHash]).toEqual([2, a.hash, 3, b.hash]);
  });

  it("hashes the canonical JSON of every field except hash", () => {
    const [event] = simpleChain(1);
    const { hash, ...rest } = event;
    expect(hash).toBe(sha256Hex(canonicalJson(rest)));
    const reordered = { payload: rest.payload, prevHash: rest.prevHash, actor: { role: "officer", id: "officer-17" }, at: rest.at, type: rest.type, seq: 1, caseId: rest.caseId };
    expect(hashEvent(reordered)).toBe(hash);
  });

  it("copies the payload, so later changes to the caller's object cannot alter a hashed event", () => {
    const payload: Record<string, unknown> = { note: "original" };
    const event = buildEvent(null, { caseId: "c1", type: "t", at: "2024-05-01T09:00:00Z", actor: officer, payload });
    payload.note = "changed";
    expect(event.payload.note).toBe("original");
    expect(verifyChain([event]).ok).toBe(true);
  });

  it("refuses to extend another case, a tampered head or invalid input", () => {
    const [head] = simpleChain(1);
    const input = { caseId: head.caseId, type: "t", at: "2024-05-02T09:00:00Z", actor: officer, payload: {} };
    expect(() => buildEvent(head, { ...input, caseId: "other" })).toThrow(/case other after an event of case/);
    expect(() => buildEvent(edit(head), input)).toThrow(/does not match its own hash/);
    expect(() => buildEvent(head, { ...input, at: "yesterday" })).toThrow(/at/);
    expect(() => buildEvent(head, { ...input, type: "" })).toThrow(/type/);
    expect(() => buildEvent(head, { ...input, payload: { x: undefined } })).toThrow(/undefined/);
    expect(() => buildEvent(head, { ...input, actor: { id: "u", role: "" } })).toThrow(/actor/);
  });
});

describe("verifyChain", () => {
  it("accepts an intact chain and returns its head", () => {
    const events = simpleChain(5);
    expect(verifyChain(events)).toEqual({ ok: true, head: { caseId: "case-0001", seq: 5, hash: events[4].hash } });
  });

  it("accepts events that went through JSON (as read from a bundle or a database)", () => {
    const events = JSON.parse(JSON.stringify(simpleChain(4))) as unknown[];
    expect(verifyChain(events).ok).toBe(true);
  });

  it("reports an empty chain as truncated", () => {
    expectBreak([], "truncated", 0, 1);
  });

  it("locates an edited event whose hash was left alone", () => {
    const events = simpleChain(5);
    events[2] = edit(events[2]);
    const result = expectBreak(events, "hash-mismatch", 2, 3);
    expect(result.detail).toMatch(/event seq 3 was changed/);
    expect(result.breakAt.eventId).toBe(events[2].hash);
  });

  it("catches an edited event with a recomputed hash at the next event's prevHash", () => {
    const events = simpleChain(5);
    events[1] = rehash(edit(events[1]));
    const result = expectBreak(events, "prev-hash-mismatch", 2, 3);
    expect(result.detail).toMatch(/event seq 2 was rewritten/);
  });

  it("catches a rewritten head only when the expected head is known", () => {
    const events = simpleChain(4);
    const original = events[3].hash;
    events[3] = rehash(edit(events[3]));
    expect(verifyChain(events).ok).toBe(true);
    const result = expectBreak(events, "hash-mismatch", 3, 4, { expectedHead: { seq: 4, hash: original } });
    expect(result.detail).toMatch(/checkpoint records/);
  });

  it("locates a deleted event as a gap", () => {
    const events = simpleChain(6);
    events.splice(2, 1);
    expect(expectBreak(events, "seq-gap", 2, 4).detail).toMatch(/event seq 3 is missing between event seq 2 and event seq 4/);
    events.splice(2, 1);
    expect(expectBreak(events, "seq-gap", 2, 5).detail).toMatch(/events seq 3 to 4 are missing/);
  });

  it("reports a missing first event", () => {
    const events = simpleChain(3).slice(1);
    expect(expectBreak(events, "bad-first-event", 0, 2).detail).toMatch(/event seq 1 is missing from the start/);
  });

  it("requires the first event to name the genesis hash", () => {
    const [first] = simpleChain(1);
    expectBreak([rehash({ ...first, prevHash: "ab".repeat(32) })], "bad-first-event", 0, 1);
  });

  it("locates a re-ordering", () => {
    const events = simpleChain(5);
    [events[2], events[3]] = [events[3], events[2]];
    expect(expectBreak(events, "seq-out-of-order", 2, 4).detail).toMatch(/before event seq 3/);
    expectBreak([...simpleChain(4)].reverse(), "seq-out-of-order", 0, 4);
  });

  it("locates an inserted event placed after the original it imitates", () => {
    const events = simpleChain(5);
    const forged = rehash({ ...edit(events[2]) });
    events.splice(3, 0, forged);
    const result = expectBreak(events, "seq-duplicate", 3, 3);
    expect(result.breakAt.eventId).toBe(forged.hash);
  });

  it("locates an inserted event placed before the original, even when it links correctly backwards", () => {
    const events = simpleChain(5);
    const forged = rehash(edit(events[2]));
    events.splice(2, 0, forged);
    const result = expectBreak(events, "seq-duplicate", 2, 3);
    expect(result.breakAt.eventId).toBe(forged.hash);
    expect(result.detail).toMatch(/the first was inserted/);
  });

  it("locates a replayed copy of an event", () => {
    const events = simpleChain(4);
    events.splice(4, 0, events[1]);
    expectBreak(events, "seq-duplicate", 4, 2);
  });

  it("catches an insertion with renumbering and rehashing only against the expected head", () => {
    const events = simpleChain(4);
    const head = { seq: 4, hash: events[3].hash };
    const rebuilt = [events[0], events[1]];
    for (const payload of [{ note: "forged" }, events[2].payload, events[3].payload]) {
      rebuilt.push(buildEvent(rebuilt.at(-1) as EvidenceEvent, { caseId: "case-0001", type: "note.added", at: "2024-05-09T09:00:00+08:00", actor: officer, payload }));
    }
    expect(verifyChain(rebuilt).ok).toBe(true);
    expectBreak(rebuilt, "hash-mismatch", 3, 4, { expectedHead: head });
  });

  it("detects a truncated tail against the expected head", () => {
    const events = simpleChain(6);
    const head = { seq: 6, hash: events[5].hash };
    const result = expectBreak(events.slice(0, 4), "truncated", 4, 5, { expectedHead: head });
    expect(result.detail).toMatch(/events seq 5 to 6 are missing from the end/);
  });

  it("allows events appended after the expected head", () => {
    const events = simpleChain(5);
    expect(verifyChain(events, { expectedHead: { seq: 3, hash: events[2].hash } }).ok).toBe(true);
  });

  it("checks the expected head's case and refuses a nonsensical expected head", () => {
    const events = simpleChain(2);
    expectBreak(events, "wrong-case", 0, 1, { expectedHead: { caseId: "case-0002", seq: 2, hash: events[1].hash } });
    expect(() => verifyChain(events, { expectedHead: { seq: 0, hash: events[1].hash } })).toThrow(TypeError);
  });

  it("rejects an event from another case", () => {
    const events = simpleChain(3);
    const stranger = simpleChain(3, "case-9999")[1];
    events[1] = stranger;
    expectBreak(events, "wrong-case", 1, 2);
    expectBreak(simpleChain(2), "wrong-case", 0, 1, { caseId: "case-0002" });
  });

  it("reports malformed events without throwing", () => {
    const [a, b] = simpleChain(2);
    expectBreak([a, { ...b, seq: "2" }], "hash-mismatch", 1, null);
    expectBreak([a, { ...b, extra: true }], "hash-mismatch", 1, 2);
    expectBreak([a, { ...b, payload: [1] }], "hash-mismatch", 1, 2);
    expectBreak([null], "hash-mismatch", 0, null);
    const { actor: _actor, ...noActor } = b;
    expect(expectBreak([a, noActor], "hash-mismatch", 1, 2).detail).toMatch(/actor/);
  });

  it("locates every single tampering of a random chain", () => {
    const ops = ["edit", "edit-rehash", "delete", "swap", "duplicate"] as const;
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 12 }), fc.nat(), fc.constantFrom(...ops), (length, pick, op) => {
        const events: unknown[] = simpleChain(length);
        // Tamper with an event that has a successor, so every operation is detectable without a head.
        const k = pick % (length - 1);
        const expected: Record<(typeof ops)[number], [string, number]> = {
          edit: ["hash-mismatch", k],
          "edit-rehash": ["prev-hash-mismatch", k + 1],
          delete: k === 0 ? ["bad-first-event", 0] : ["seq-gap", k],
          swap: k === 0 ? ["seq-out-of-order", 0] : ["seq-out-of-order", k],
          duplicate: ["seq-duplicate", k + 1],
        };
        const target = events[k] as EvidenceEvent;
        if (op === "edit") events[k] = edit(target);
        if (op === "edit-rehash") events[k] = rehash(edit(target));
        if (op === "delete") events.splice(k, 1);
        if (op === "swap") [events[k], events[k + 1]] = [events[k + 1], events[k]];
        if (op === "duplicate") events.splice(k + 1, 0, target);
        const result = verifyChain(events);
        expect(result.ok).toBe(false);
        if (!result.ok) expect([result.reason, result.breakAt.index]).toEqual(expected[op]);
      }),
      { numRuns: 300 },
    );
  });
});
