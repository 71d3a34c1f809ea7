import { createPrivateKey, createPublicKey, KeyObject, sign, verify, type JsonWebKey } from "node:crypto";
import { z } from "zod";
import { canonicalJson, sha256Hex } from "./canonical";
import type { ChainHead } from "./chain";
import { inclusionProof, merkleRoot, verifyInclusion } from "./merkle";

/*
 * A checkpoint commits to the head of every case at one moment: a Merkle tree
 * (RFC 6962) over the heads sorted by caseId, signed with the office's Ed25519
 * key. A head in a signed checkpoint fixes every earlier event of its case.
 */

export interface CheckpointBody {
  office: string;
  issuedAt: string;
  treeSize: number;
  /** merkleRoot of `headLeaf` of each head, in `heads` order. */
  root: string;
  keyId: string;
  /** Sorted by caseId (UTF-16 code units, as JCS sorts keys), one per case. */
  heads: ChainHead[];
}

export interface Checkpoint {
  body: CheckpointBody;
  /** Base64 Ed25519 signature over canonicalJson(body). */
  signature: string;
}

export interface CheckpointInput {
  heads: readonly ChainHead[];
  issuedAt: string;
  office: string;
  keyId: string;
}

export interface HeadInclusion {
  head: ChainHead;
  index: number;
  treeSize: number;
  /** Audit path, hex. */
  proof: string[];
}

/** A key as a KeyObject, a PEM string, a JWK JSON string or a JWK object. */
export type KeyInput = KeyObject | string | JsonWebKey;

export type CheckpointCheck =
  | { ok: true; checkpoint: Checkpoint }
  | { ok: false; problem: "malformed" | "key" | "signature" | "root"; detail: string };

const headSchema = z.strictObject({
  caseId: z.string().min(1),
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

const checkpointSchema = z.strictObject({
  body: z.strictObject({
    office: z.string().min(1),
    issuedAt: z.iso.datetime({ offset: true }),
    treeSize: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    root: z.string().regex(/^[0-9a-f]{64}$/),
    keyId: z.string().min(1),
    heads: z.array(headSchema),
  }),
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, "must be a base64 Ed25519 signature"),
});

function isJwkText(text: string): boolean {
  return text.trimStart().startsWith("{");
}

function ensureEd25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== "ed25519") throw new TypeError(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? key.type}`);
  return key;
}

/** Reads an Ed25519 private key from a KeyObject, PEM or JWK. */
export function toPrivateKey(input: KeyInput): KeyObject {
  if (input instanceof KeyObject) {
    if (input.type !== "private") throw new TypeError("a checkpoint must be signed with a private key");
    return ensureEd25519(input);
  }
  if (typeof input === "string") {
    return ensureEd25519(isJwkText(input) ? createPrivateKey({ key: JSON.parse(input) as JsonWebKey, format: "jwk" }) : createPrivateKey(input));
  }
  return ensureEd25519(createPrivateKey({ key: input, format: "jwk" }));
}

/** Reads an Ed25519 public key from a KeyObject (public or private), PEM or JWK. */
export function toPublicKey(input: KeyInput): KeyObject {
  if (input instanceof KeyObject) return ensureEd25519(input.type === "public" ? input : createPublicKey(input));
  if (typeof input === "string") {
    return ensureEd25519(isJwkText(input) ? createPublicKey({ key: JSON.parse(input) as JsonWebKey, format: "jwk" }) : createPublicKey(input));
  }
  return ensureEd25519(createPublicKey({ key: input, format: "jwk" }));
}

/** SHA-256 (hex) of the key's SubjectPublicKeyInfo DER: a stable name for a public key. */
export function publicKeyFingerprint(key: KeyInput): string {
  return sha256Hex(toPublicKey(key).export({ type: "spki", format: "der" }));
}

/** The Merkle leaf for a case head: the UTF-8 bytes of canonicalJson({caseId, seq, hash}). */
export function headLeaf(head: ChainHead): Buffer {
  return Buffer.from(canonicalJson({ caseId: head.caseId, seq: head.seq, hash: head.hash }), "utf8");
}

const byCaseId = (a: ChainHead, b: ChainHead) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);

/** Signs a checkpoint over the given case heads (one per case, any order). */
export function buildCheckpoint(input: CheckpointInput, privateKey: KeyInput): Checkpoint {
  const heads = input.heads.map((head) => {
    const parsed = headSchema.safeParse(head);
    if (!parsed.success) throw new TypeError(`invalid case head ${JSON.stringify(head)}: ${parsed.error.issues[0].message}`);
    return { caseId: head.caseId, seq: head.seq, hash: head.hash };
  });
  heads.sort(byCaseId);
  for (let i = 1; i < heads.length; i++) {
    if (heads[i].caseId === heads[i - 1].caseId) throw new Error(`case ${heads[i].caseId} has more than one head`);
  }
  const body: CheckpointBody = {
    office: input.office,
    issuedAt: input.issuedAt,
    treeSize: heads.length,
    root: merkleRoot(heads.map(headLeaf)),
    keyId: input.keyId,
    heads,
  };
  const parsed = checkpointSchema.shape.body.safeParse(body);
  if (!parsed.success) throw new TypeError(`invalid checkpoint: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  const signature = sign(null, Buffer.from(canonicalJson(body), "utf8"), toPrivateKey(privateKey)).toString("base64");
  return { body, signature };
}

/**
 * Checks a checkpoint (untrusted input) in order: shape, key, signature, then
 * that treeSize and root match its sorted, unique heads. Never throws.
 */
export function checkCheckpoint(checkpoint: unknown, publicKey: KeyInput): CheckpointCheck {
  const parsed = checkpointSchema.safeParse(checkpoint);
  if (!parsed.success) {
    return { ok: false, problem: "malformed", detail: `the checkpoint is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}` };
  }
  let key: KeyObject;
  try {
    key = toPublicKey(publicKey);
  } catch (error) {
    return { ok: false, problem: "key", detail: `the public key cannot be read: ${(error as Error).message}` };
  }
  const { body, signature } = parsed.data;
  if (!verify(null, Buffer.from(canonicalJson(body), "utf8"), key, Buffer.from(signature, "base64"))) {
    return { ok: false, problem: "signature", detail: `the checkpoint signature does not verify with the public key ${publicKeyFingerprint(key).slice(0, 16)}…` };
  }
  for (let i = 1; i < body.heads.length; i++) {
    if (byCaseId(body.heads[i - 1], body.heads[i]) >= 0) {
      return { ok: false, problem: "root", detail: `the checkpoint's heads are not sorted by caseId with one head per case (at position ${i + 1})` };
    }
  }
  if (body.treeSize !== body.heads.length) {
    return { ok: false, problem: "root", detail: `the checkpoint says treeSize ${body.treeSize} but lists ${body.heads.length} heads` };
  }
  if (merkleRoot(body.heads.map(headLeaf)) !== body.root) {
    return { ok: false, problem: "root", detail: "the checkpoint root is not the Merkle root of its heads" };
  }
  return { ok: true, checkpoint: parsed.data };
}

/** True when the checkpoint is well formed, signed by `publicKey` and its root matches its heads. */
export function verifyCheckpoint(checkpoint: unknown, publicKey: KeyInput): boolean {
  return checkCheckpoint(checkpoint, publicKey).ok;
}

/** The Merkle inclusion proof of a case's head in the checkpoint, or null when the case is not in it. */
export function headInclusionProof(checkpoint: Checkpoint, caseId: string): HeadInclusion | null {
  const { heads } = checkpoint.body;
  const index = heads.findIndex((head) => head.caseId === caseId);
  if (index < 0) return null;
  const head = heads[index];
  return {
    head: { caseId: head.caseId, seq: head.seq, hash: head.hash },
    index,
    treeSize: heads.length,
    proof: inclusionProof(heads.map(headLeaf), index),
  };
}

/** True when `inclusion` proves `head` is in the tree with `root`. Never throws. */
export function verifyHeadInclusion(head: ChainHead, inclusion: Pick<HeadInclusion, "index" | "treeSize" | "proof">, root: string): boolean {
  try {
    return verifyInclusion(headLeaf(head), inclusion.index, inclusion.treeSize, inclusion.proof, root);
  } catch {
    return false;
  }
}
