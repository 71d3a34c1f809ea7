import { unzipSync, zipSync, type Zippable } from "fflate";
import { canonicalJson, isSha256Hex, sha256Hex } from "./canonical";
import { verifyChain, type ChainBreakReason, type ChainHead, type EvidenceEvent } from "./chain";
import { checkCheckpoint, publicKeyFingerprint, toPublicKey, verifyHeadInclusion, headInclusionProof, type Checkpoint, type CheckpointBody } from "./checkpoint";
import { checkDisclosures, type Disclosure, type DisclosureResult, type Disclosures, type ErasureRecord } from "./commitments";
import { buildEventProofs, checkEventProofAgainst, type EventProof } from "./event-proof";

/*
 * An evidence bundle is a BagIt 1.0 bag (RFC 8493) zipped under one base
 * directory. Its payload:
 *   data/events.jsonl      one canonical event per line, seq order
 *   data/proofs.jsonl      one EventProof per event, same order
 *   data/checkpoint.json   the signed checkpoint covering the case head
 *   data/public-key.pem    the office's Ed25519 public key (SPKI PEM)
 *   data/disclosures.json  { commitment: {value, salt} | {erased} }
 *   data/files/<sha256>    evidence files named by their SHA-256
 * Events reference evidence files in `payload.files: [{ sha256, ... }]`.
 */

export const BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
export const DEFAULT_SOFTWARE_AGENT = "Suji evidence bundle v1";

const EVENTS = "data/events.jsonl";
const PROOFS = "data/proofs.jsonl";
const CHECKPOINT = "data/checkpoint.json";
const PUBLIC_KEY = "data/public-key.pem";
const DISCLOSURES = "data/disclosures.json";
const FILES_DIR = "data/files/";
const REQUIRED_PAYLOAD = [EVENTS, PROOFS, CHECKPOINT, PUBLIC_KEY, DISCLOSURES];
const MANIFEST = "manifest-sha256.txt";
const TAG_MANIFEST = "tagmanifest-sha256.txt";

export interface BundleInput {
  /** The office's case number; becomes External-Identifier and names the bag. */
  caseNumber: string;
  /** The whole chain of the case, seq 1 to the head covered by `checkpoint`. */
  events: readonly EvidenceEvent[];
  /** Every evidence file the events reference; each is stored under its SHA-256. */
  files: readonly Uint8Array[];
  checkpoint: Checkpoint;
  publicKeyPem: string;
  /** Value and salt of every committed field that is not erased; erased fields are taken from the log. */
  disclosures: Disclosures;
  sourceOrganization: string;
  /** YYYY-MM-DD. */
  baggingDate: string;
  softwareAgent?: string;
}

export type BundleProblemKind = "bag" | "manifest" | "file" | "chain" | "checkpoint" | "signature" | "proof" | "disclosure";

export interface BundleProblem {
  kind: BundleProblemKind;
  /** A path inside the bag (`data/events.jsonl`, `bag-info.txt`) or `event seq N`. */
  where: string;
  /** English, for people; the UI translates `kind` and `code`. */
  reason: string;
  /** The chain break code, for `chain` problems. */
  code?: ChainBreakReason;
}

export interface BundleSummary {
  bagName: string;
  caseId: string;
  caseNumber: string;
  sourceOrganization: string;
  baggingDate: string;
  eventCount: number;
  head: ChainHead;
  /** SHA-256 of every evidence file. */
  files: string[];
  checkpoint: Omit<CheckpointBody, "heads">;
  publicKeyFingerprint: string;
  /** True only when a trusted key was given and the bundle was signed with it. */
  keyTrusted: boolean;
  /** Per committed field: `verified` or `erased` (values are not repeated here). */
  disclosures: DisclosureResult[];
  erasures: Array<ErasureRecord & { seq: number }>;
}

export type BundleVerification = { ok: true; summary: BundleSummary } | { ok: false; problem: BundleProblem };

export interface VerifyBundleOptions {
  /** The office key the verifier trusts (from its own records, not from the bundle). */
  trustedPublicKeyPem?: string;
  /** Refuse zips that unpack to more than this many bytes (default 1 GiB). */
  maxUncompressedBytes?: number;
}

export class BundleBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BundleBuildError";
  }
}

/** SHA-256 hashes of the evidence files an event references in `payload.files`. Throws on a malformed reference. */
export function referencedFiles(event: EvidenceEvent): string[] {
  const files = event.payload.files;
  if (files === undefined) return [];
  if (!Array.isArray(files)) throw new TypeError(`event seq ${event.seq}: payload.files must be a list of { sha256 }`);
  return files.map((file, i) => {
    const hash = (file as { sha256?: unknown } | null)?.sha256;
    if (!isSha256Hex(hash)) throw new TypeError(`event seq ${event.seq}: payload.files[${i}].sha256 must be 64 lowercase hex digits`);
    return hash;
  });
}

const utf8 = (text: string) => new TextEncoder().encode(text);

function bagNameFor(caseNumber: string): string {
  return `suji-evidence-${caseNumber.replace(/[^A-Za-z0-9._-]+/g, "_")}`;
}

function manifestText(entries: ReadonlyMap<string, Uint8Array>): string {
  return [...entries.keys()]
    .sort()
    .map((path) => `${sha256Hex(entries.get(path) as Uint8Array)}  ${path}\n`)
    .join("");
}

function oxum(payload: ReadonlyMap<string, Uint8Array>): string {
  let octets = 0;
  for (const bytes of payload.values()) octets += bytes.length;
  return `${octets}.${payload.size}`;
}

function assertLine(label: string, value: string): void {
  if (typeof value !== "string" || value.trim() === "" || /[\r\n]/.test(value)) {
    throw new BundleBuildError(`${label} must be a non-empty single line`);
  }
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Disclosures as stored: values for live fields, the log's erasure record for erased ones. */
function bundleDisclosures(events: readonly EvidenceEvent[], given: Disclosures): Record<string, Disclosure> {
  const out: Record<string, Disclosure> = {};
  for (const result of checkDisclosures(events, given)) {
    const label = result.field ?? result.commitment.slice(0, 12);
    if (result.status === "erased" && result.erasure) {
      const { seq: _seq, ...erased } = result.erasure;
      out[result.commitment] = { erased };
    } else if (result.status === "verified" && !result.erasure) {
      const { value, salt } = given[result.commitment] as { value: string; salt: string };
      out[result.commitment] = { value, salt };
    } else if (result.status === "verified") {
      throw new BundleBuildError(`field ${label} was erased (event seq ${result.erasure?.seq}); its value must not be exported`);
    } else {
      throw new BundleBuildError(`cannot bundle field ${label}: ${result.detail}`);
    }
  }
  return out;
}

/**
 * A deterministic zip (fixed timestamps, sorted entries) of the case's evidence
 * bag. Throws `BundleBuildError` unless the input would verify.
 */
export function buildBundle(input: BundleInput): Uint8Array {
  assertLine("caseNumber", input.caseNumber);
  assertLine("sourceOrganization", input.sourceOrganization);
  const softwareAgent = input.softwareAgent ?? DEFAULT_SOFTWARE_AGENT;
  assertLine("softwareAgent", softwareAgent);
  if (!isCalendarDate(input.baggingDate)) throw new BundleBuildError("baggingDate must be a date written YYYY-MM-DD");

  const events = [...input.events];
  const chain = verifyChain(events);
  if (!chain.ok) throw new BundleBuildError(`the evidence chain is broken (${chain.reason}): ${chain.detail}`);

  let publicKeyPem: string;
  try {
    // Re-export so only the public half can ever reach the bundle.
    publicKeyPem = toPublicKey(input.publicKeyPem).export({ type: "spki", format: "pem" }).toString();
  } catch (error) {
    throw new BundleBuildError(`the public key cannot be read: ${(error as Error).message}`);
  }
  const checkpoint = checkCheckpoint(input.checkpoint, publicKeyPem);
  if (!checkpoint.ok) throw new BundleBuildError(checkpoint.detail);
  let proofs: EventProof[];
  try {
    proofs = buildEventProofs(events, checkpoint.checkpoint);
  } catch (error) {
    throw new BundleBuildError((error as Error).message);
  }

  const files = new Map<string, Uint8Array>();
  for (const bytes of input.files) files.set(sha256Hex(bytes), bytes);
  const referenced = new Set<string>();
  for (const event of events) {
    let hashes: string[];
    try {
      hashes = referencedFiles(event);
    } catch (error) {
      throw new BundleBuildError((error as Error).message);
    }
    for (const hash of hashes) {
      if (!files.has(hash)) throw new BundleBuildError(`event seq ${event.seq} references evidence file ${hash}, which was not given`);
      referenced.add(hash);
    }
  }
  for (const hash of files.keys()) {
    if (!referenced.has(hash)) throw new BundleBuildError(`evidence file ${hash} is not referenced by any event`);
  }

  const payload = new Map<string, Uint8Array>([
    [EVENTS, utf8(events.map((event) => `${canonicalJson(event)}\n`).join(""))],
    [PROOFS, utf8(proofs.map((proof) => `${canonicalJson(proof)}\n`).join(""))],
    [CHECKPOINT, utf8(`${JSON.stringify(checkpoint.checkpoint, null, 2)}\n`)],
    [PUBLIC_KEY, utf8(publicKeyPem)],
    [DISCLOSURES, utf8(`${JSON.stringify(bundleDisclosures(events, input.disclosures), null, 2)}\n`)],
  ]);
  for (const hash of [...files.keys()].sort()) payload.set(`${FILES_DIR}${hash}`, files.get(hash) as Uint8Array);

  const tags = new Map<string, Uint8Array>([
    ["bagit.txt", utf8(BAGIT_TXT)],
    [
      "bag-info.txt",
      utf8(
        `Source-Organization: ${input.sourceOrganization}\n` +
          `Bagging-Date: ${input.baggingDate}\n` +
          `External-Identifier: ${input.caseNumber}\n` +
          `Bag-Software-Agent: ${softwareAgent}\n` +
          `Payload-Oxum: ${oxum(payload)}\n`,
      ),
    ],
    [MANIFEST, utf8(manifestText(payload))],
  ]);
  tags.set(TAG_MANIFEST, utf8(manifestText(tags)));

  // fflate writes DOS timestamps from local-time fields, so build the date from local fields too.
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const base = bagNameFor(input.caseNumber);
  const entries: Zippable = {};
  for (const path of [...tags.keys(), ...payload.keys()].sort()) {
    const bytes = (tags.get(path) ?? payload.get(path)) as Uint8Array;
    // Scans are already compressed; deflating them again only costs time.
    entries[`${base}/${path}`] = [bytes, { mtime, level: path.startsWith(FILES_DIR) ? 0 : 6 }];
  }
  return zipSync(entries);
}

class Stop extends Error {
  constructor(readonly problem: BundleProblem) {
    super(problem.reason);
  }
}

function stop(kind: BundleProblemKind, where: string, reason: string, code?: ChainBreakReason): never {
  throw new Stop(code === undefined ? { kind, where, reason } : { kind, where, reason, code });
}

// Keep a byte-order mark, so it fails parsing instead of being silently dropped.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function text(bytes: Uint8Array, where: string, kind: BundleProblemKind): string {
  try {
    return decoder.decode(bytes);
  } catch {
    return stop(kind, where, "is not valid UTF-8");
  }
}

function unpack(zip: Uint8Array, maxBytes: number): { bagName: string; files: Map<string, Uint8Array> } {
  const names: string[] = [];
  let declared = 0;
  let raw: Record<string, Uint8Array>;
  try {
    raw = unzipSync(zip, {
      filter: (file) => {
        names.push(file.name);
        declared += file.originalSize;
        if (declared > maxBytes) stop("bag", "(zip)", `the bundle unpacks to more than ${maxBytes} bytes`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof Stop) throw error;
    return stop("bag", "(zip)", `the bundle is not a readable zip file: ${(error as Error).message}`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    // Two entries with one name: different tools would unpack different files.
    if (seen.has(name)) stop("bag", name, "appears twice in the zip");
    seen.add(name);
    const segments = name.replace(/\/$/, "").split("/");
    if (name.includes("\\") || name.startsWith("/") || segments.some((s) => s === "" || s === "." || s === "..")) {
      stop("bag", name, "is not a safe relative path");
    }
  }
  const filePaths = names.filter((name) => !name.endsWith("/"));
  let base = "";
  if (!filePaths.includes("bagit.txt")) {
    const tops = new Set(filePaths.map((path) => (path.includes("/") ? path.slice(0, path.indexOf("/")) : "")));
    if (tops.size !== 1 || tops.has("")) {
      stop("bag", "(zip)", `the zip must hold exactly one bag directory, found ${[...tops].map((t) => t || "files at the top level").join(", ") || "nothing"}`);
    }
    base = `${[...tops][0]}/`;
  }
  const files = new Map<string, Uint8Array>();
  for (const path of filePaths) files.set(path.slice(base.length), raw[path]);
  return { bagName: base.replace(/\/$/, ""), files };
}

function parseBagInfo(bytes: Uint8Array): Map<string, string> {
  const lines = text(bytes, "bag-info.txt", "bag").split(/\r\n|\r|\n/);
  if (lines.at(-1) === "") lines.pop();
  const fields: Array<[string, string]> = [];
  lines.forEach((line, i) => {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1][1] += ` ${line.trim()}`;
      return;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) stop("bag", "bag-info.txt", `line ${i + 1} is not "Label: value"`);
    fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  });
  const info = new Map<string, string>();
  for (const [label, value] of fields) {
    const key = label.toLowerCase();
    if (info.has(key)) stop("bag", "bag-info.txt", `${label} appears more than once`);
    info.set(key, value);
  }
  for (const label of ["Source-Organization", "Bagging-Date", "External-Identifier", "Payload-Oxum"]) {
    if (!info.has(label.toLowerCase())) stop("bag", "bag-info.txt", `${label} is missing`);
  }
  if (!/^\d+\.\d+$/.test(info.get("payload-oxum") as string)) stop("bag", "bag-info.txt", "Payload-Oxum must be octets.streamcount");
  return info;
}

function parseManifest(bytes: Uint8Array, name: string): Map<string, string> {
  const lines = text(bytes, name, "manifest").split(/\r\n|\n/);
  if (lines.at(-1) === "") lines.pop();
  const entries = new Map<string, string>();
  lines.forEach((line, i) => {
    const match = /^([0-9a-fA-F]{64})[ \t]+(.+)$/.exec(line);
    if (!match) stop("manifest", name, `line ${i + 1} is not "sha256 path"`);
    const path = match[2].replace(/%0A/gi, "\n").replace(/%0D/gi, "\r").replace(/%25/g, "%");
    if (entries.has(path)) stop("manifest", name, `lists ${path} twice`);
    entries.set(path, match[1].toLowerCase());
  });
  return entries;
}

function checkManifest(files: ReadonlyMap<string, Uint8Array>, name: string, covers: (path: string) => boolean): void {
  const entries = parseManifest(files.get(name) as Uint8Array, name);
  for (const [path, hash] of entries) {
    if (!covers(path)) stop("manifest", name, `lists ${path}, which it must not cover`);
    const bytes = files.get(path);
    if (bytes === undefined) stop("manifest", path, `is listed in ${name} but missing from the bag`);
    const actual = sha256Hex(bytes);
    if (actual !== hash) stop("manifest", path, `its SHA-256 is ${actual} but ${name} records ${hash}: the file was changed`);
  }
  for (const path of [...files.keys()].sort()) {
    if (covers(path) && !entries.has(path)) stop("manifest", path, `is not listed in ${name}`);
  }
}

function parseJsonLines(bytes: Uint8Array, path: string, kind: BundleProblemKind): unknown[] {
  const body = text(bytes, path, kind);
  if (body === "") return [];
  if (!body.endsWith("\n")) stop(kind, path, "must end with a newline");
  return body
    .slice(0, -1)
    .split("\n")
    .map((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return stop(kind, `${path} line ${i + 1}`, "is not valid JSON");
      }
      let canonical: string;
      try {
        canonical = canonicalJson(value);
      } catch (error) {
        return stop(kind, `${path} line ${i + 1}`, `cannot be canonicalised: ${(error as Error).message}`);
      }
      // Rejects duplicate keys and other forms that different parsers might read differently.
      if (canonical !== line) stop(kind, `${path} line ${i + 1}`, "is not in canonical JSON (RFC 8785) form");
      return value;
    });
}

function parseJson(bytes: Uint8Array, path: string, kind: BundleProblemKind): unknown {
  try {
    return JSON.parse(text(bytes, path, kind));
  } catch (error) {
    if (error instanceof Stop) throw error;
    return stop(kind, path, "is not valid JSON");
  }
}

const seqOf = (value: unknown): number | null => {
  const seq = (value as { seq?: unknown } | null)?.seq;
  return typeof seq === "number" && Number.isSafeInteger(seq) ? seq : null;
};

/**
 * When the signed checkpoint's proof lines still hold the original version of
 * an event, the first event that differs from its original is where the log
 * was rewritten. Returns null when the proofs cannot tell (or are forged too).
 */
function firstRewrittenEvent(events: readonly unknown[], files: ReadonlyMap<string, Uint8Array>, publicKeyPem: string): { index: number; original: string } | null {
  let body: CheckpointBody;
  let lines: unknown[];
  try {
    const check = checkCheckpoint(JSON.parse(decoder.decode(files.get(CHECKPOINT))), publicKeyPem);
    if (!check.ok) return null;
    body = check.checkpoint.body;
    lines = parseJsonLines(files.get(PROOFS) as Uint8Array, PROOFS, "proof");
  } catch {
    return null;
  }
  for (let index = 0; index < Math.min(events.length, lines.length); index++) {
    const proof = checkEventProofAgainst(lines[index], body);
    const recorded = (events[index] as { hash?: unknown } | null)?.hash;
    if (proof.ok && proof.event.seq === seqOf(events[index]) && proof.event.hash !== recorded) {
      return { index, original: proof.event.hash };
    }
  }
  return null;
}

function verifyOrStop(zip: Uint8Array, options: VerifyBundleOptions): BundleSummary {
  // 1. Bag structure.
  const { bagName, files } = unpack(zip, options.maxUncompressedBytes ?? 2 ** 30);
  const bagit = files.get("bagit.txt");
  if (bagit === undefined) stop("bag", "bagit.txt", "is missing: this is not a BagIt bag");
  if (text(bagit, "bagit.txt", "bag") !== BAGIT_TXT) stop("bag", "bagit.txt", "must declare exactly BagIt-Version 1.0 and UTF-8 tag files");
  if (files.has("fetch.txt")) stop("bag", "fetch.txt", "is not allowed: an evidence bundle must be complete");
  for (const path of files.keys()) {
    if (/^(tag)?manifest-[^/]+\.txt$/.test(path) && path !== MANIFEST && path !== TAG_MANIFEST) {
      stop("bag", path, "uses an unsupported algorithm: evidence bundles use SHA-256 manifests only");
    }
  }
  for (const path of [MANIFEST, TAG_MANIFEST, "bag-info.txt"]) {
    if (!files.has(path)) stop("bag", path, "is missing");
  }

  // 2. Tag manifest, then 3. payload manifest and Payload-Oxum.
  checkManifest(files, TAG_MANIFEST, (path) => !path.startsWith("data/") && path !== TAG_MANIFEST);
  const info = parseBagInfo(files.get("bag-info.txt") as Uint8Array);
  checkManifest(files, MANIFEST, (path) => path.startsWith("data/"));
  const payload = new Map([...files].filter(([path]) => path.startsWith("data/")));
  const declaredOxum = info.get("payload-oxum") as string;
  if (oxum(payload) !== declaredOxum) {
    stop("manifest", "bag-info.txt", `Payload-Oxum is ${declaredOxum} but the payload holds ${oxum(payload)} (octets.files)`);
  }

  // The bundle profile: exactly the expected payload files.
  for (const path of REQUIRED_PAYLOAD) {
    if (!payload.has(path)) stop("bag", path, "is missing from the bundle");
  }
  for (const path of payload.keys()) {
    if (!REQUIRED_PAYLOAD.includes(path) && !path.startsWith(FILES_DIR)) stop("bag", path, "is not part of an evidence bundle");
  }

  const events = parseJsonLines(payload.get(EVENTS) as Uint8Array, EVENTS, "chain");

  // 4. Evidence files: every reference resolves to a file whose bytes hash to its name.
  const referenced = new Set<string>();
  events.forEach((event, index) => {
    const seq = seqOf(event);
    const where = seq === null ? `${EVENTS} line ${index + 1}` : `event seq ${seq}`;
    const eventPayload = (event as { payload?: unknown } | null)?.payload;
    // An event without a payload object is reported by the chain check.
    if (typeof eventPayload !== "object" || eventPayload === null) return;
    let hashes: string[];
    try {
      hashes = referencedFiles(event as EvidenceEvent);
    } catch (error) {
      return stop("file", where, (error as Error).message);
    }
    for (const hash of hashes) {
      const path = `${FILES_DIR}${hash}`;
      const bytes = payload.get(path);
      if (bytes === undefined) stop("file", path, `is referenced by ${where} but missing from the bundle`);
      const actual = sha256Hex(bytes);
      if (actual !== hash) stop("file", path, `its bytes hash to ${actual}, not to its name: the file was changed`);
      referenced.add(hash);
    }
  });
  const publicKeyPem = text(payload.get(PUBLIC_KEY) as Uint8Array, PUBLIC_KEY, "signature");

  // 5. The chain itself.
  const chain = verifyChain(events);
  if (!chain.ok) {
    const rewritten = chain.reason === "prev-hash-mismatch" ? firstRewrittenEvent(events, payload, publicKeyPem) : null;
    if (rewritten && rewritten.index === chain.breakAt.index - 1) {
      const seq = seqOf(events[rewritten.index]);
      stop(
        "chain",
        `event seq ${seq}`,
        `event seq ${seq} was changed and its hash recomputed: the signed checkpoint covers the version with hash ${rewritten.original.slice(0, 12)}…, ` +
          `which event seq ${(seq ?? 0) + 1} still names as its predecessor`,
        "hash-mismatch",
      );
    }
    const { seq, index } = chain.breakAt;
    let where = seq === null ? `${EVENTS} line ${index + 1}` : `event seq ${seq}`;
    if (chain.reason === "seq-gap" || chain.reason === "bad-first-event") {
      // Name the first missing event rather than the one after the hole.
      const before = index === 0 ? 0 : seqOf(events[index - 1]);
      if (before !== null && seq !== null && seq > before + 1) where = `event seq ${before + 1}`;
    }
    stop("chain", where, chain.detail, chain.reason);
  }
  const head = chain.head;

  // 6. The checkpoint signature, with the bundled key and, if given, the trusted key.
  let publicKeyFingerprintHex: string;
  try {
    publicKeyFingerprintHex = publicKeyFingerprint(publicKeyPem);
  } catch (error) {
    return stop("signature", PUBLIC_KEY, `is not a readable Ed25519 public key: ${(error as Error).message}`);
  }
  let keyTrusted = false;
  if (options.trustedPublicKeyPem !== undefined) {
    const trusted = publicKeyFingerprint(options.trustedPublicKeyPem);
    if (trusted !== publicKeyFingerprintHex) {
      stop("signature", PUBLIC_KEY, `the bundled key (fingerprint ${publicKeyFingerprintHex.slice(0, 16)}…) is not the trusted office key (fingerprint ${trusted.slice(0, 16)}…)`);
    }
    keyTrusted = true;
  }
  const check = checkCheckpoint(parseJson(payload.get(CHECKPOINT) as Uint8Array, CHECKPOINT, "checkpoint"), publicKeyPem);
  if (!check.ok) stop(check.problem === "signature" || check.problem === "key" ? "signature" : "checkpoint", CHECKPOINT, check.detail);
  const checkpoint = check.checkpoint;

  // 7. The case head is the checkpointed head, and the head is in the checkpoint root.
  const inclusion = headInclusionProof(checkpoint, head.caseId);
  if (inclusion === null) stop("checkpoint", CHECKPOINT, `the checkpoint has no head for case ${head.caseId}`);
  const covered = verifyChain(events, { expectedHead: inclusion.head });
  if (!covered.ok) {
    const rewritten = firstRewrittenEvent(events, payload, publicKeyPem);
    if (rewritten && rewritten.index <= covered.breakAt.index) {
      const seq = seqOf(events[rewritten.index]);
      stop(
        "chain",
        `event seq ${seq}`,
        `event seq ${seq} differs from the version the signed checkpoint covers (hash ${rewritten.original.slice(0, 12)}…): ` +
          `the log was rewritten from this event on, with recomputed hashes`,
        "hash-mismatch",
      );
    }
    stop("chain", `event seq ${covered.breakAt.seq}`, covered.detail, covered.reason);
  }
  if (head.seq > inclusion.head.seq) {
    stop("checkpoint", `event seq ${inclusion.head.seq + 1}`, `the checkpoint covers this case up to seq ${inclusion.head.seq}; later events are not covered by any signature`);
  }
  if (!verifyHeadInclusion(inclusion.head, inclusion, checkpoint.body.root)) {
    stop("checkpoint", CHECKPOINT, `the head of case ${head.caseId} is not included in the checkpoint root`);
  }

  // 8. One proof line per event.
  const proofs = parseJsonLines(payload.get(PROOFS) as Uint8Array, PROOFS, "proof");
  events.forEach((event, index) => {
    const where = `event seq ${(event as EvidenceEvent).seq}`;
    if (index >= proofs.length) stop("proof", where, `has no proof line in ${PROOFS}`);
    const proof = checkEventProofAgainst(proofs[index], checkpoint.body);
    if (!proof.ok) stop("proof", where, `its proof (line ${index + 1} of ${PROOFS}) does not verify: ${proof.detail}`);
    if (canonicalJson(proof.event) !== canonicalJson(event)) stop("proof", where, `line ${index + 1} of ${PROOFS} proves a different event`);
  });
  if (proofs.length > events.length) stop("proof", `${PROOFS} line ${events.length + 1}`, "is a proof for no event in the bundle");

  // Checked only now: an event that was edited or deleted leaves its file unreferenced, and the
  // chain problem above is the one worth reporting.
  for (const path of [...payload.keys()].sort()) {
    if (!path.startsWith(FILES_DIR)) continue;
    const name = path.slice(FILES_DIR.length);
    if (!isSha256Hex(name)) stop("file", path, "is not named by a SHA-256 hex digest");
    if (!referenced.has(name)) stop("file", path, "is not referenced by any event");
  }

  // 9. Disclosures: every committed field is disclosed or recorded as erased.
  const disclosed = parseJson(payload.get(DISCLOSURES) as Uint8Array, DISCLOSURES, "disclosure");
  if (typeof disclosed !== "object" || disclosed === null || Array.isArray(disclosed)) stop("disclosure", DISCLOSURES, "must be a JSON object keyed by commitment");
  const chained = events as EvidenceEvent[];
  const results = checkDisclosures(chained, disclosed as Disclosures);
  const bad = results.find((result) => result.status === "mismatch" || result.status === "missing");
  if (bad) stop("disclosure", bad.committedAtSeq === null ? DISCLOSURES : `event seq ${bad.committedAtSeq}`, bad.detail);

  const { heads: _heads, ...checkpointBody } = checkpoint.body;
  return {
    bagName,
    caseId: head.caseId,
    caseNumber: info.get("external-identifier") as string,
    sourceOrganization: info.get("source-organization") as string,
    baggingDate: info.get("bagging-date") as string,
    eventCount: events.length,
    head,
    files: [...referenced].sort(),
    checkpoint: checkpointBody,
    publicKeyFingerprint: publicKeyFingerprintHex,
    keyTrusted,
    disclosures: results,
    erasures: results.flatMap((result) => (result.status === "erased" && result.erasure ? [result.erasure] : [])),
  };
}

/**
 * Verifies an evidence bundle offline and reports the first problem, in this
 * order: bag structure, tag manifest, payload manifest and Payload-Oxum,
 * evidence files, chain, checkpoint signature (bundled key, and the trusted key
 * when given), head in the checkpoint, each event's proof line, disclosures.
 */
export function verifyBundle(zip: Uint8Array, options: VerifyBundleOptions = {}): BundleVerification {
  try {
    return { ok: true, summary: verifyOrStop(zip, options) };
  } catch (error) {
    if (error instanceof Stop) return { ok: false, problem: error.problem };
    throw error;
  }
}

