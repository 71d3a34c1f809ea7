import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EMPTY_TREE_ROOT, inclusionProof, leafHash, merkleRoot, nodeHash, verifyInclusion } from "./merkle";

// The Certificate Transparency reference inputs and tree heads used to test RFC 6962 implementations.
const CT_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map((hex) => Buffer.from(hex, "hex"));
const CT_ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const CT_PROOFS: Array<{ index: number; size: number; proof: string[] }> = [
  {
    index: 0,
    size: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  { index: 2, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  {
    index: 1,
    size: 5,
    proof: [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
];

// An independent, deliberately naive reading of RFC 6962 section 2.1, written from the text.
const sha = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();
function naiveMth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return sha(Buffer.of(0), leaves[0]);
  const k = 2 ** Math.ceil(Math.log2(leaves.length) - 1);
  return sha(Buffer.of(1), naiveMth(leaves.slice(0, k)), naiveMth(leaves.slice(k)));
}
function naivePath(m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = 2 ** Math.ceil(Math.log2(leaves.length) - 1);
  return m < k ? [...naivePath(m, leaves.slice(0, k)), naiveMth(leaves.slice(k))] : [...naivePath(m - k, leaves.slice(k)), naiveMth(leaves.slice(0, k))];
}

// Distinct leaves: with two equal leaves, a proof for one legitimately verifies at the other's index.
const leafSets = fc
  .uniqueArray(fc.uint8Array({ maxLength: 24 }), { minLength: 1, maxLength: 40, selector: (a) => Buffer.from(a).toString("hex") })
  .map((arrays) => arrays.map((a) => Buffer.from(a)));

describe("merkleRoot", () => {
  it("gives SHA-256 of the empty string for the empty tree", () => {
    expect(merkleRoot([])).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(EMPTY_TREE_ROOT).toBe(merkleRoot([]));
  });

  it("matches the reference tree heads for 1 to 8 leaves", () => {
    for (let n = 1; n <= 8; n++) expect(merkleRoot(CT_LEAVES.slice(0, n)), `size ${n}`).toBe(CT_ROOTS[n - 1]);
  });

  it("agrees with a naive implementation for every size up to 70", () => {
    const leaves = Array.from({ length: 70 }, (_, i) => Buffer.from(`leaf ${i}`));
    for (let n = 0; n <= 70; n++) expect(merkleRoot(leaves.slice(0, n))).toBe(naiveMth(leaves.slice(0, n)).toString("hex"));
  });

  it("separates leaves from interior nodes (no second preimage by presenting a node as a leaf)", () => {
    const [a, b] = [Buffer.from("a"), Buffer.from("b")];
    const node = Buffer.concat([leafHash(a), leafHash(b)]);
    expect(merkleRoot([node])).not.toBe(merkleRoot([a, b]));
    expect(nodeHash(leafHash(a), leafHash(b)).toString("hex")).toBe(merkleRoot([a, b]));
  });
});

describe("inclusionProof and verifyInclusion", () => {
  it("reproduces the reference audit paths and verifies them", () => {
    for (const { index, size, proof } of CT_PROOFS) {
      const leaves = CT_LEAVES.slice(0, size);
      expect(inclusionProof(leaves, index), `leaf ${index} of ${size}`).toEqual(proof);
      expect(verifyInclusion(leaves[index], index, size, proof, CT_ROOTS[size - 1])).toBe(true);
    }
  });

  it("matches the naive audit path for every leaf of every size up to 33", () => {
    const leaves = Array.from({ length: 33 }, (_, i) => Buffer.of(i, i * 7));
    for (let n = 1; n <= 33; n++) {
      for (let m = 0; m < n; m++) {
        expect(inclusionProof(leaves.slice(0, n), m)).toEqual(naivePath(m, leaves.slice(0, n)).map((h) => h.toString("hex")));
      }
    }
  });

  // The tree size is not checked here: for a left-edge leaf a path can fit several sizes, which is why
  // the size must come from the signed checkpoint, never from the proof.
  it("for random leaf sets, every index verifies and a changed leaf, index, path or root does not", () => {
    fc.assert(
      fc.property(leafSets, (leaves) => {
        const root = merkleRoot(leaves);
        const n = leaves.length;
        leaves.forEach((leaf, index) => {
          const proof = inclusionProof(leaves, index);
          expect(verifyInclusion(leaf, index, n, proof, root)).toBe(true);
          expect(verifyInclusion(Buffer.concat([leaf, Buffer.of(1)]), index, n, proof, root)).toBe(false);
          if (n > 1) expect(verifyInclusion(leaf, (index + 1) % n, n, proof, root)).toBe(false);
          const wrongRoot = (root[0] === "0" ? "1" : "0") + root.slice(1);
          expect(verifyInclusion(leaf, index, n, proof, wrongRoot)).toBe(false);
          if (proof.length > 0) {
            const flipped = [...proof];
            flipped[0] = (flipped[0][0] === "0" ? "1" : "0") + flipped[0].slice(1);
            expect(verifyInclusion(leaf, index, n, flipped, root)).toBe(false);
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it("needs no path for a single-leaf tree", () => {
    const leaf = Buffer.from("only");
    expect(inclusionProof([leaf], 0)).toEqual([]);
    expect(verifyInclusion(leaf, 0, 1, [], merkleRoot([leaf]))).toBe(true);
  });

  it("throws for an index outside the tree when building a proof", () => {
    expect(() => inclusionProof([Buffer.from("a")], 1)).toThrow(RangeError);
    expect(() => inclusionProof([], 0)).toThrow(RangeError);
  });

  it("returns false, never throws, for malformed proofs", () => {
    const leaves = CT_LEAVES.slice(0, 5);
    const root = CT_ROOTS[4];
    const proof = inclusionProof(leaves, 1);
    expect(verifyInclusion(leaves[1], -1, 5, proof, root)).toBe(false);
    expect(verifyInclusion(leaves[1], 5, 5, proof, root)).toBe(false);
    expect(verifyInclusion(leaves[1], 1.5, 5, proof, root)).toBe(false);
    expect(verifyInclusion(leaves[1], 1, 5, [...proof, proof[0]], root)).toBe(false);
    expect(verifyInclusion(leaves[1], 1, 5, proof.slice(1), root)).toBe(false);
    expect(verifyInclusion(leaves[1], 1, 5, ["zz", ...proof.slice(1)], root)).toBe(false);
    expect(verifyInclusion(leaves[1], 1, 5, proof, "not a root")).toBe(false);
  });
});
