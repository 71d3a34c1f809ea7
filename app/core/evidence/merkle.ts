import { isSha256Hex, sha256Bytes } from "./canonical";

/*
 * RFC 6962 / RFC 9162 Merkle Tree Hash: leaves are hashed as SHA-256(0x00 || leaf),
 * interior nodes as SHA-256(0x01 || left || right), and a tree of n leaves splits
 * at the largest power of two smaller than n.
 */

const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

/** Root of the empty tree: SHA-256 of the empty string. */
export const EMPTY_TREE_ROOT = sha256Bytes().toString("hex");

export function leafHash(leaf: Uint8Array): Buffer {
  return sha256Bytes(LEAF_PREFIX, leaf);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256Bytes(NODE_PREFIX, left, right);
}

/** Largest power of two strictly smaller than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function subtreeRoot(hashes: readonly Buffer[], start: number, end: number): Buffer {
  const n = end - start;
  if (n === 1) return hashes[start];
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(hashes, start, start + k), subtreeRoot(hashes, start + k, end));
}

/** Merkle Tree Hash of the leaves, hex. */
export function merkleRoot(leaves: readonly Uint8Array[]): string {
  if (leaves.length === 0) return EMPTY_TREE_ROOT;
  return subtreeRoot(leaves.map(leafHash), 0, leaves.length).toString("hex");
}

function auditPath(hashes: readonly Buffer[], index: number, start: number, end: number, path: Buffer[]): void {
  const n = end - start;
  if (n <= 1) return;
  const k = splitPoint(n);
  if (index < k) {
    auditPath(hashes, index, start, start + k, path);
    path.push(subtreeRoot(hashes, start + k, end));
  } else {
    auditPath(hashes, index - k, start + k, end, path);
    path.push(subtreeRoot(hashes, start, start + k));
  }
}

/** RFC 6962 audit path (hex, leaf's sibling first) for the leaf at `index`. */
export function inclusionProof(leaves: readonly Uint8Array[], index: number): string[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= leaves.length) {
    throw new RangeError(`leaf index ${index} is outside a tree of ${leaves.length} leaves`);
  }
  const path: Buffer[] = [];
  auditPath(leaves.map(leafHash), index, 0, leaves.length, path);
  return path.map((hash) => hash.toString("hex"));
}

/**
 * The root an audit path leads to from a leaf hash (RFC 9162 section 2.1.3.2),
 * or null when the path cannot belong to a tree of `treeSize` leaves.
 */
export function rootFromInclusionProof(leaf: Buffer, index: number, treeSize: number, proof: readonly string[]): Buffer | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) return null;
  if (!Array.isArray(proof) || !proof.every(isSha256Hex)) return null;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const hex of proof) {
    if (sn === 0) return null;
    const p = Buffer.from(hex, "hex");
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** True when `proof` shows `leafBytes` is leaf `index` of the tree of `treeSize` leaves with `root`. Never throws. */
export function verifyInclusion(leafBytes: Uint8Array, index: number, treeSize: number, proof: readonly string[], root: string): boolean {
  if (!isSha256Hex(root)) return false;
  const computed = rootFromInclusionProof(leafHash(leafBytes), index, treeSize, proof);
  return computed !== null && computed.toString("hex") === root;
}
