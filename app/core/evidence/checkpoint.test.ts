import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";
import { buildCheckpoint, checkCheckpoint, headInclusionProof, headLeaf, publicKeyFingerprint, toPrivateKey, verifyCheckpoint, verifyHeadInclusion, type Checkpoint } from "./checkpoint";
import { merkleRoot } from "./merkle";
import { OFFICE_KEY, OTHER_HEADS, OTHER_KEY } from "./test-fixtures";

const input = { heads: OTHER_HEADS, issuedAt: "2024-06-01T00:00:00Z", office: "Dongcheng station", keyId: "office-2024" };
const checkpoint = buildCheckpoint(input, OFFICE_KEY.privateKey);
const clone = (value: Checkpoint): Checkpoint => JSON.parse(JSON.stringify(value)) as Checkpoint;

describe("buildCheckpoint", () => {
  it("sorts heads by caseId and commits to them with an RFC 6962 root", () => {
    expect(checkpoint.body.heads.map((h) => h.caseId)).toEqual(["case-0001", "case-0007", "case-0100"]);
    expect(checkpoint.body.treeSize).toBe(3);
    expect(checkpoint.body.root).toBe(merkleRoot(checkpoint.body.heads.map(headLeaf)));
    expect(Object.keys(checkpoint.body).sort()).toEqual(["heads", "issuedAt", "keyId", "office", "root", "treeSize"]);
  });

  it("uses the canonical JSON of {caseId, seq, hash} as a head's leaf", () => {
    expect(headLeaf({ seq: 3, hash: "11".repeat(32), caseId: "c" }).toString()).toBe(`{"caseId":"c","hash":"${"11".repeat(32)}","seq":3}`);
  });

  it("signs canonicalJson(body) with Ed25519, deterministically", () => {
    const expected = sign(null, Buffer.from(canonicalJson(checkpoint.body)), OFFICE_KEY.privateKey).toString("base64");
    expect(checkpoint.signature).toBe(expected);
    expect(buildCheckpoint({ ...input, heads: [...OTHER_HEADS].reverse() }, OFFICE_KEY.privateKey)).toEqual(checkpoint);
  });

  it("accepts keys as KeyObject, PEM or JWK", () => {
    const pem = OFFICE_KEY.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const jwk = OFFICE_KEY.privateKey.export({ format: "jwk" });
    expect(buildCheckpoint(input, pem)).toEqual(checkpoint);
    expect(buildCheckpoint(input, JSON.stringify(jwk))).toEqual(checkpoint);
    expect(buildCheckpoint(input, jwk)).toEqual(checkpoint);
    expect(verifyCheckpoint(checkpoint, OFFICE_KEY.publicKeyPem)).toBe(true);
    expect(verifyCheckpoint(checkpoint, JSON.stringify(OFFICE_KEY.publicKey.export({ format: "jwk" })))).toBe(true);
    expect(verifyCheckpoint(checkpoint, OFFICE_KEY.privateKey)).toBe(true);
  });

  it("refuses duplicate cases, malformed heads, public keys and non-Ed25519 keys", () => {
    expect(() => buildCheckpoint({ ...input, heads: [...OTHER_HEADS, OTHER_HEADS[0]] }, OFFICE_KEY.privateKey)).toThrow(/more than one head/);
    expect(() => buildCheckpoint({ ...input, heads: [{ caseId: "c", seq: 0, hash: "x" }] }, OFFICE_KEY.privateKey)).toThrow(/invalid case head/);
    expect(() => buildCheckpoint({ ...input, issuedAt: "June" }, OFFICE_KEY.privateKey)).toThrow(/issuedAt/);
    expect(() => toPrivateKey(OFFICE_KEY.publicKey)).toThrow(/private key/);
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect(() => buildCheckpoint(input, ec.privateKey)).toThrow(/Ed25519/);
  });

  it("signs an empty checkpoint over the empty tree", () => {
    const empty = buildCheckpoint({ ...input, heads: [] }, OFFICE_KEY.privateKey);
    expect(empty.body.root).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(verifyCheckpoint(empty, OFFICE_KEY.publicKey)).toBe(true);
  });
});

describe("verifyCheckpoint", () => {
  it("accepts the office's checkpoint after a JSON round trip", () => {
    expect(verifyCheckpoint(clone(checkpoint), OFFICE_KEY.publicKey)).toBe(true);
  });

  it("rejects another office's key", () => {
    expect(checkCheckpoint(checkpoint, OTHER_KEY.publicKey)).toMatchObject({ ok: false, problem: "signature" });
  });

  it("rejects any change to the signed body", () => {
    const edits: Array<(c: Checkpoint) => void> = [
      (c) => (c.body.root = "00".repeat(32)),
      (c) => (c.body.issuedAt = "2024-06-02T00:00:00Z"),
      (c) => (c.body.heads[1].hash = "44".repeat(32)),
      (c) => (c.body.heads[2].seq += 1),
      (c) => (c.body.treeSize = 2),
      (c) => (c.body.office = "Xicheng station"),
    ];
    for (const edit of edits) {
      const changed = clone(checkpoint);
      edit(changed);
      expect(verifyCheckpoint(changed, OFFICE_KEY.publicKey)).toBe(false);
    }
  });

  it("rejects a checkpoint whose signer put a root that does not match the heads", () => {
    const body = { ...checkpoint.body, root: "ab".repeat(32) };
    const forged = { body, signature: sign(null, Buffer.from(canonicalJson(body)), OTHER_KEY.privateKey).toString("base64") };
    expect(checkCheckpoint(forged, OTHER_KEY.publicKey)).toMatchObject({ ok: false, problem: "root" });
    const unsorted = { ...checkpoint.body, heads: [...checkpoint.body.heads].reverse() };
    const signedUnsorted = { body: unsorted, signature: sign(null, Buffer.from(canonicalJson(unsorted)), OTHER_KEY.privateKey).toString("base64") };
    expect(checkCheckpoint(signedUnsorted, OTHER_KEY.publicKey)).toMatchObject({ ok: false, problem: "root" });
  });

  it("returns false for garbage instead of throwing", () => {
    for (const value of [null, {}, { body: checkpoint.body }, { ...checkpoint, extra: 1 }, { ...checkpoint, signature: "abc" }]) {
      expect(verifyCheckpoint(value, OFFICE_KEY.publicKey)).toBe(false);
    }
    expect(checkCheckpoint(checkpoint, "not a key")).toMatchObject({ ok: false, problem: "key" });
  });

  it("names a key by the SHA-256 of its SPKI encoding", () => {
    expect(publicKeyFingerprint(OFFICE_KEY.publicKeyPem)).toMatch(/^[0-9a-f]{64}$/);
    expect(publicKeyFingerprint(OFFICE_KEY.privateKey)).toBe(publicKeyFingerprint(OFFICE_KEY.publicKey));
    expect(publicKeyFingerprint(OTHER_KEY.publicKey)).not.toBe(publicKeyFingerprint(OFFICE_KEY.publicKey));
  });
});

describe("headInclusionProof", () => {
  it("proves each case head is in the root", () => {
    for (const { caseId } of OTHER_HEADS) {
      const inclusion = headInclusionProof(checkpoint, caseId);
      expect(inclusion).not.toBeNull();
      if (inclusion) expect(verifyHeadInclusion(inclusion.head, inclusion, checkpoint.body.root)).toBe(true);
    }
  });

  it("returns null for a case the checkpoint does not cover", () => {
    expect(headInclusionProof(checkpoint, "case-4040")).toBeNull();
  });

  it("does not prove an altered head", () => {
    const inclusion = headInclusionProof(checkpoint, "case-0007");
    if (!inclusion) throw new Error("missing");
    expect(verifyHeadInclusion({ ...inclusion.head, seq: 2 }, inclusion, checkpoint.body.root)).toBe(false);
    expect(verifyHeadInclusion({ ...inclusion.head, caseId: "case-0008" }, inclusion, checkpoint.body.root)).toBe(false);
  });
});
