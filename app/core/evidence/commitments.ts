import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { canonicalJson, isSha256Hex, sha256Hex } from "./canonical";
import type { EvidenceEvent } from "./chain";

/*
 * Personal data never enters the evidence log. An event records a salted
 * commitment per field in `payload.commitments` ({ field: commitmentHex }); the
 * value and its salt are kept outside the log. Erasing a field deletes value and
 * salt and appends an `ERASURE_EVENT_TYPE` event; the commitment stays, so the
 * chain still verifies and a verifier can say the field was erased, by whom and
 * under which rule.
 */

/** Event type that records the erasure of one committed field. */
export const ERASURE_EVENT_TYPE = "personal-data.erased";

/** Salts shorter than this would let anyone brute-force low-entropy fields (sex, birth year). */
export const MIN_SALT_BYTES = 16;

export interface ErasureRecord {
  field: string;
  erasedAt: string;
  erasedByRole: string;
  /** The retention or erasure rule applied, e.g. a policy clause id. */
  rule: string;
}

/** Payload of an erasure event. */
export type ErasurePayload = {
  commitment: string;
  erasure: ErasureRecord;
};

/** What a bundle or a caller discloses about one commitment. */
export type Disclosure = { value: string; salt: string } | { erased: ErasureRecord };

/** Keyed by commitment hex. */
export type Disclosures = Record<string, Disclosure>;

export type DisclosureStatus = "verified" | "mismatch" | "erased" | "missing";

export interface DisclosureResult {
  /** The committed field name; null for a disclosure of a commitment the log never made. */
  field: string | null;
  commitment: string;
  /** seq of the event that recorded the commitment; null when the log has none. */
  committedAtSeq: number | null;
  status: DisclosureStatus;
  /** Present when the log records the field's erasure. */
  erasure?: ErasureRecord & { seq: number };
  detail: string;
}

function saltBytes(salt: Uint8Array | string): Buffer {
  let bytes: Buffer;
  if (typeof salt === "string") {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(salt)) throw new TypeError("a string salt must be hex-encoded bytes");
    bytes = Buffer.from(salt, "hex");
  } else {
    bytes = Buffer.from(salt);
  }
  if (bytes.length < MIN_SALT_BYTES) throw new RangeError(`a salt must be at least ${MIN_SALT_BYTES} bytes`);
  return bytes;
}

/**
 * `sha256Hex(salt || 0x00 || canonicalJson(value))`. A string salt is hex;
 * salts must be at least 16 random bytes, one per field.
 */
export function commitField(value: string, salt: Uint8Array | string): string {
  if (typeof value !== "string") throw new TypeError("a committed value must be a string");
  return sha256Hex(Buffer.concat([saltBytes(salt), Buffer.of(0), Buffer.from(canonicalJson(value), "utf8")]));
}

/** One commitment per field; every field needs its own salt. */
export function commitPersonalData(fields: Record<string, string>, salts: Record<string, string>): Record<string, string> {
  const commitments: Record<string, string> = {};
  const seen = new Map<string, string>();
  for (const field of Object.keys(fields).sort()) {
    if (!Object.hasOwn(salts, field)) throw new Error(`no salt for field ${field}`);
    const salt = salts[field].toLowerCase();
    const other = seen.get(salt);
    // A shared salt would reveal whether two fields hold the same value.
    if (other !== undefined) throw new Error(`fields ${other} and ${field} share a salt; every field needs its own`);
    seen.set(salt, field);
    commitments[field] = commitField(fields[field], salt);
  }
  return commitments;
}

/** True when `value` and `salt` open `commitment`. Never throws. */
export function verifyCommitment(value: string, salt: Uint8Array | string, commitment: string): boolean {
  if (!isSha256Hex(commitment)) return false;
  let recomputed: string;
  try {
    recomputed = commitField(value, salt);
  } catch {
    return false;
  }
  return timingSafeEqual(Buffer.from(recomputed, "hex"), Buffer.from(commitment, "hex"));
}

const erasureSchema = z.strictObject({
  field: z.string().min(1),
  erasedAt: z.iso.datetime({ offset: true }),
  erasedByRole: z.string().min(1),
  rule: z.string().min(1),
});

const erasurePayloadSchema = z.object({
  commitment: z.string().regex(/^[0-9a-f]{64}$/),
  erasure: erasureSchema,
});

const disclosureSchema = z.union([
  z.strictObject({ value: z.string(), salt: z.string() }),
  z.strictObject({ erased: erasureSchema }),
]);

/** The payload of an erasure event for `commitment`. */
export function erasurePayload(commitment: string, erasure: ErasureRecord): ErasurePayload {
  const parsed = erasurePayloadSchema.safeParse({ commitment, erasure });
  if (!parsed.success) throw new TypeError(`invalid erasure: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return { commitment, erasure: { ...erasure } };
}

export interface LoggedCommitment {
  field: string;
  commitment: string;
  seq: number;
}

/** Commitments recorded in `payload.commitments` of the events, first occurrence of each. */
export function loggedCommitments(events: readonly EvidenceEvent[]): LoggedCommitment[] {
  const found = new Map<string, LoggedCommitment>();
  for (const event of events) {
    const commitments = event.payload.commitments;
    if (typeof commitments !== "object" || commitments === null || Array.isArray(commitments)) continue;
    for (const [field, commitment] of Object.entries(commitments)) {
      if (typeof commitment === "string" && !found.has(commitment)) found.set(commitment, { field, commitment, seq: event.seq });
    }
  }
  return [...found.values()];
}

function sameErasure(a: ErasureRecord, b: ErasureRecord): boolean {
  return a.field === b.field && a.erasedAt === b.erasedAt && a.erasedByRole === b.erasedByRole && a.rule === b.rule;
}

/**
 * Checks disclosed values against the commitments in a (verified) chain. One
 * result per committed field, in log order, then one `mismatch` per disclosure
 * or erasure event that names a commitment the log never made. An erased field
 * is `erased`, not an error, when the log records its erasure.
 */
export function checkDisclosures(events: readonly EvidenceEvent[], disclosures: Disclosures): DisclosureResult[] {
  const results: DisclosureResult[] = [];
  const committed = loggedCommitments(events);
  const byCommitment = new Map(committed.map((c) => [c.commitment, c]));
  const erasures = new Map<string, ErasureRecord & { seq: number }>();

  for (const event of events) {
    if (event.type !== ERASURE_EVENT_TYPE) continue;
    const parsed = erasurePayloadSchema.safeParse(event.payload);
    const logged = parsed.success ? byCommitment.get(parsed.data.commitment) : undefined;
    if (!parsed.success || !logged || logged.seq >= event.seq || logged.field !== parsed.data.erasure.field) {
      const commitment = parsed.success ? parsed.data.commitment : String((event.payload as { commitment?: unknown }).commitment ?? "");
      const why = !parsed.success
        ? "is malformed"
        : !logged || logged.seq >= event.seq
          ? "erases a commitment that no earlier event recorded"
          : `names field ${parsed.data.erasure.field} but the commitment is for field ${logged.field}`;
      results.push({ field: parsed.success ? parsed.data.erasure.field : null, commitment, committedAtSeq: logged?.seq ?? null, status: "mismatch", detail: `erasure event seq ${event.seq} ${why}` });
      continue;
    }
    if (!erasures.has(parsed.data.commitment)) erasures.set(parsed.data.commitment, { ...parsed.data.erasure, seq: event.seq });
  }

  const fieldResults = committed.map(({ field, commitment, seq }): DisclosureResult => {
    const base = { field, commitment, committedAtSeq: seq };
    const erasure = erasures.get(commitment);
    const withErasure = erasure ? { ...base, erasure } : base;
    const where = `field ${field} (committed in event seq ${seq})`;
    if (!isSha256Hex(commitment)) {
      return { ...withErasure, status: "mismatch", detail: `${where}: the logged commitment is not a SHA-256 hex digest` };
    }
    if (!Object.hasOwn(disclosures, commitment)) {
      return erasure
        ? { ...withErasure, status: "erased", detail: `${where} was erased on ${erasure.erasedAt} by ${erasure.erasedByRole} under rule ${erasure.rule} (event seq ${erasure.seq})` }
        : { ...withErasure, status: "missing", detail: `${where}: no value or erasure record was disclosed` };
    }
    const parsed = disclosureSchema.safeParse(disclosures[commitment]);
    if (!parsed.success) return { ...withErasure, status: "mismatch", detail: `${where}: the disclosure is malformed` };
    const disclosure = parsed.data;
    if ("erased" in disclosure) {
      if (!erasure) return { ...withErasure, status: "mismatch", detail: `${where}: the disclosure says it was erased but the log records no erasure` };
      if (!sameErasure(disclosure.erased, erasure)) {
        return { ...withErasure, status: "mismatch", detail: `${where}: the disclosed erasure record differs from the one in event seq ${erasure.seq}` };
      }
      return { ...withErasure, status: "erased", detail: `${where} was erased on ${erasure.erasedAt} by ${erasure.erasedByRole} under rule ${erasure.rule} (event seq ${erasure.seq})` };
    }
    if (!verifyCommitment(disclosure.value, disclosure.salt, commitment)) {
      return { ...withErasure, status: "mismatch", detail: `${where}: the disclosed value and salt do not open the commitment` };
    }
    const note = erasure ? `; the log records its erasure in event seq ${erasure.seq}, so the value should have been deleted` : "";
    return { ...withErasure, status: "verified", detail: `${where}: the disclosed value matches the commitment${note}` };
  });

  for (const commitment of Object.keys(disclosures)) {
    if (byCommitment.has(commitment)) continue;
    const erasedField = (disclosures[commitment] as { erased?: { field?: unknown } }).erased?.field;
    results.push({
      field: typeof erasedField === "string" ? erasedField : null,
      commitment,
      committedAtSeq: null,
      status: "mismatch",
      detail: `a disclosure names commitment ${commitment.slice(0, 12)}…, which no event recorded`,
    });
  }
  return [...fieldResults, ...results];
}
