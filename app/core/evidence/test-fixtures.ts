// Shared by the evidence tests only: fixed keys, salts and times, so every run hashes the same bytes.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { unzipSync, zipSync, type Zippable } from "fflate";
import { sha256Hex } from "./canonical";
import { buildEvent, chainHead, type EvidenceActor, type EvidenceEvent } from "./chain";
import { buildCheckpoint, type Checkpoint } from "./checkpoint";
import { ERASURE_EVENT_TYPE, commitPersonalData, erasurePayload, type Disclosures } from "./commitments";
import type { BundleInput } from "./bundle";

/** An Ed25519 key pair from a fixed 32-byte seed (PKCS#8 prefix + seed). */
export function testKeyPair(seedByte: number): { privateKey: KeyObject; publicKey: KeyObject; publicKeyPem: string } {
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.alloc(32, seedByte)]);
  const privateKey = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

export const OFFICE_KEY = testKeyPair(7);
export const OTHER_KEY = testKeyPair(9);

export const officer: EvidenceActor = { id: "officer-17", role: "officer" };
export const supervisor: EvidenceActor = { id: "supervisor-2", role: "supervisor" };

export const PERSON = { name: "陳林氏", birthDate: "1956-03-12", idNumber: "110105195603120021" };
export const SALTS = { name: "a1".repeat(16), birthDate: "b2".repeat(16), idNumber: "c3".repeat(16) };
export const COMMITMENTS = commitPersonalData(PERSON, SALTS);

export const SCAN_A = new TextEncoder().encode("scan A: 常住人口登記表 page 12");
export const SCAN_B = new TextEncoder().encode("scan B: 戶口登記簿 page 3");

const at = (day: number) => `2024-05-${String(day).padStart(2, "0")}T09:00:00+08:00`;

/** Appends events one after another; each input gets the next day. */
export function chainOf(caseId: string, inputs: Array<{ type: string; actor?: EvidenceActor; payload: Record<string, unknown> }>): EvidenceEvent[] {
  const events: EvidenceEvent[] = [];
  for (const [i, input] of inputs.entries()) {
    events.push(buildEvent(events.at(-1) ?? null, { caseId, type: input.type, at: at(i + 1), actor: input.actor ?? officer, payload: input.payload }));
  }
  return events;
}

export function simpleChain(length: number, caseId = "case-0001"): EvidenceEvent[] {
  return chainOf(
    caseId,
    Array.from({ length }, (_, i) => ({ type: "note.added", payload: { note: `step ${i + 1}` } })),
  );
}

/** A realistic case: opened with commitments, two scans, a field check, optionally an erasure. */
export function caseEvents(options: { eraseBirthDate?: boolean } = {}): EvidenceEvent[] {
  const inputs: Array<{ type: string; actor?: EvidenceActor; payload: Record<string, unknown> }> = [
    { type: "case.opened", payload: { reason: "record lost through historical causes", commitments: COMMITMENTS } },
    { type: "evidence.added", payload: { files: [{ sha256: sha256Hex(SCAN_A), mediaType: "image/png" }] } },
    { type: "evidence.added", payload: { files: [{ sha256: sha256Hex(SCAN_B), mediaType: "image/png" }] } },
    { type: "field-check.reported", payload: { outcome: "neighbours confirm residence 1958-1975" } },
    { type: "case.submitted", payload: {} },
  ];
  if (options.eraseBirthDate) {
    inputs.push({
      type: ERASURE_EVENT_TYPE,
      actor: supervisor,
      payload: erasurePayload(COMMITMENTS.birthDate, { field: "birthDate", erasedAt: at(6), erasedByRole: "supervisor", rule: "retention-3.2" }),
    });
  }
  return chainOf("case-0042", inputs);
}

export const OTHER_HEADS = [
  { caseId: "case-0001", seq: 3, hash: "11".repeat(32) },
  { caseId: "case-0100", seq: 9, hash: "22".repeat(32) },
  { caseId: "case-0007", seq: 1, hash: "33".repeat(32) },
];

export function checkpointFor(events: readonly EvidenceEvent[], privateKey: KeyObject = OFFICE_KEY.privateKey): Checkpoint {
  return buildCheckpoint(
    { heads: [...OTHER_HEADS, chainHead(events[events.length - 1])], issuedAt: "2024-06-01T00:00:00Z", office: "Dongcheng station", keyId: "office-2024" },
    privateKey,
  );
}

export function disclosuresFor(fields: Array<keyof typeof PERSON>): Disclosures {
  return Object.fromEntries(fields.map((field) => [COMMITMENTS[field], { value: PERSON[field], salt: SALTS[field] }]));
}

export function bundleInput(options: { eraseBirthDate?: boolean } = {}): BundleInput {
  const events = caseEvents(options);
  return {
    caseNumber: "DC-2024-0042",
    events,
    files: [SCAN_A, SCAN_B],
    checkpoint: checkpointFor(events),
    publicKeyPem: OFFICE_KEY.publicKeyPem,
    disclosures: disclosuresFor(options.eraseBirthDate ? ["name", "idNumber"] : ["name", "birthDate", "idNumber"]),
    sourceOrganization: "Dongcheng household registration station",
    baggingDate: "2024-06-02",
  };
}

/** An unpacked bag: paths relative to the bag directory. */
export interface OpenBag {
  base: string;
  files: Map<string, Uint8Array>;
}

export function openBag(zip: Uint8Array): OpenBag {
  const raw = unzipSync(zip);
  const names = Object.keys(raw);
  const base = names[0].slice(0, names[0].indexOf("/") + 1);
  return { base, files: new Map(names.map((name) => [name.slice(base.length), raw[name]])) };
}

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

export function readText(bag: OpenBag, path: string): string {
  return decode(bag.files.get(path) as Uint8Array);
}

export function writeText(bag: OpenBag, path: string, text: string): void {
  bag.files.set(path, encode(text));
}

/** Rewrites every manifest and Payload-Oxum, as an attacker covering their tracks would. */
export function refreshManifests(bag: OpenBag): void {
  const listing = (paths: string[]) => paths.sort().map((p) => `${sha256Hex(bag.files.get(p) as Uint8Array)}  ${p}\n`).join("");
  const payload = [...bag.files.keys()].filter((p) => p.startsWith("data/"));
  const octets = payload.reduce((sum, p) => sum + (bag.files.get(p) as Uint8Array).length, 0);
  writeText(bag, "manifest-sha256.txt", listing(payload));
  writeText(bag, "bag-info.txt", readText(bag, "bag-info.txt").replace(/Payload-Oxum: .*/, `Payload-Oxum: ${octets}.${payload.length}`));
  const tags = [...bag.files.keys()].filter((p) => !p.startsWith("data/") && p !== "tagmanifest-sha256.txt");
  writeText(bag, "tagmanifest-sha256.txt", listing(tags));
}

export function closeBag(bag: OpenBag, options: { refresh: boolean }): Uint8Array {
  if (options.refresh) refreshManifests(bag);
  const entries: Zippable = {};
  for (const [path, bytes] of bag.files) entries[`${bag.base}${path}`] = bytes;
  return zipSync(entries);
}

/** Opens a bundle, lets `edit` change it, and zips it again. */
export function tamper(zip: Uint8Array, edit: (bag: OpenBag) => void, options: { refresh: boolean }): Uint8Array {
  const bag = openBag(zip);
  edit(bag);
  return closeBag(bag, options);
}

export function eventLines(bag: OpenBag): EvidenceEvent[] {
  return readText(bag, "data/events.jsonl")
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as EvidenceEvent);
}

export function writeEventLines(bag: OpenBag, events: readonly unknown[], serialize: (event: unknown) => string): void {
  writeText(bag, "data/events.jsonl", events.map((event) => `${serialize(event)}\n`).join(""));
}
