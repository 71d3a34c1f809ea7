import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";
import { buildEvent } from "./chain";
import { buildEventProofs, verifyEventProof, type EventProof } from "./event-proof";
import { OFFICE_KEY, OTHER_KEY, caseEvents, checkpointFor, officer } from "./test-fixtures";

const events = caseEvents();
const checkpoint = checkpointFor(events);
const proofs = buildEventProofs(events, checkpoint);
// As a verifier receives them: one line of text each.
const lines = proofs.map((proof) => canonicalJson(proof));
const reread = (index: number) => JSON.parse(lines[index]) as EventProof;

describe("event proofs", () => {
  it("verify each event with only its line, the checkpoint and the public key", () => {
    lines.forEach((_, index) => {
      const result = verifyEventProof(reread(index), JSON.parse(JSON.stringify(checkpoint)), OFFICE_KEY.publicKeyPem);
      expect(result).toMatchObject({ ok: true, event: { seq: index + 1 }, head: { seq: 5, hash: events[4].hash } });
    });
  });

  it("carry the later events without their hashes, and nothing for the head", () => {
    expect(proofs[0].following.map((e) => e.seq)).toEqual([2, 3, 4, 5]);
    expect(proofs[0].following.every((e) => !("hash" in e) && !("prevHash" in e))).toBe(true);
    expect(proofs[4].following).toEqual([]);
  });

  it("fail when the proven event was changed", () => {
    const proof = reread(1);
    proof.event.payload = { files: [] };
    expect(verifyEventProof(proof, checkpoint, OFFICE_KEY.publicKey)).toMatchObject({ ok: false, detail: expect.stringMatching(/own hash/) });
  });

  it("fail when a later event in the proof was changed", () => {
    const proof = reread(0);
    proof.following[2].payload = { outcome: "neighbours deny residence" };
    expect(verifyEventProof(proof, checkpoint, OFFICE_KEY.publicKey)).toMatchObject({ ok: false, detail: expect.stringMatching(/leads to head/) });
  });

  it("fail when a later event is dropped from the proof", () => {
    const proof = reread(0);
    proof.following.splice(1, 1);
    expect(verifyEventProof(proof, checkpoint, OFFICE_KEY.publicKey)).toMatchObject({ ok: false, detail: expect.stringMatching(/skips from seq 2 to seq 4/) });
  });

  it("fail with another checkpoint, another key or a broken audit path", () => {
    const newer = [...events, buildEvent(events[4], { caseId: events[4].caseId, type: "case.approved", at: "2024-06-03T09:00:00Z", actor: officer, payload: {} })];
    expect(verifyEventProof(reread(0), checkpointFor(newer), OFFICE_KEY.publicKey).ok).toBe(false);
    expect(verifyEventProof(reread(0), checkpoint, OTHER_KEY.publicKey).ok).toBe(false);
    const proof = reread(0);
    proof.inclusion.proof[0] = "00".repeat(32);
    expect(verifyEventProof(proof, checkpoint, OFFICE_KEY.publicKey)).toMatchObject({ ok: false, detail: expect.stringMatching(/not included/) });
  });

  it("cannot be built when the checkpoint does not cover the chain's head", () => {
    const newer = [...events, buildEvent(events[4], { caseId: events[4].caseId, type: "case.approved", at: "2024-06-03T09:00:00Z", actor: officer, payload: {} })];
    expect(() => buildEventProofs(newer, checkpoint)).toThrow(/up to seq 5, but its events end at seq 6/);
    expect(() => buildEventProofs(events.slice(1), checkpoint)).toThrow(/broken chain/);
  });
});
