/**
 * The re-registration record (ReconstructedRecord): each identity field as
 * re-established, linked to the accepted evidence items that support it.
 */
import { canonicalName, canonicalText, formatIsoPartial, parseDate, parseIdNumber } from "~/core/normalize";
import { IDENTITY_FIELDS, unpackFormerNames, type IdentityField } from "./identity";

export interface SupportingItem {
  itemId: string;
  /** Field values the item records (an archive entry as read), by identity field. */
  fields?: Partial<Record<IdentityField, string | null>>;
  /** Fields an officer or a field report marked as confirmed by the item. */
  confirms?: readonly IdentityField[];
}

export interface RecordField {
  field: IdentityField;
  value: string;
  /** Evidence item ids that support the value; empty when only the resident declared it. */
  supportedBy: string[];
  basis: "evidence" | "declared";
}

const NAME_FIELDS: readonly IdentityField[] = ["name", "fatherName", "motherName", "spouseName"];

/** Aliases the extraction and matching code use for the same fields. */
const ALIASES: Record<string, IdentityField> = {
  name: "name",
  fullName: "name",
  formerName: "formerNames",
  formerNames: "formerNames",
  usedNames: "formerNames",
  sex: "sex",
  gender: "sex",
  birthDate: "birthDate",
  dateOfBirth: "birthDate",
  birth: "birthDate",
  birthPlace: "birthPlace",
  nativePlace: "nativePlace",
  origin: "nativePlace",
  address: "address",
  residence: "address",
  fatherName: "fatherName",
  father: "fatherName",
  motherName: "motherName",
  mother: "motherName",
  spouseName: "spouseName",
  spouse: "spouseName",
  idNumber: "idNumber",
  id: "idNumber",
};

/** Reads identity fields out of an archive entry's fields, whatever their shape (string or { value | raw | text }). */
export function identityFromEntryFields(fields: Record<string, unknown>): Partial<Record<IdentityField, string>> {
  const out: Partial<Record<IdentityField, string>> = {};
  for (const [key, raw] of Object.entries(fields ?? {})) {
    const field = ALIASES[key];
    if (!field || out[field]) continue;
    let value: unknown = raw;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      value = v.value ?? v.text ?? v.raw ?? v.canonical ?? null;
    }
    if (Array.isArray(value)) value = value.filter((x) => typeof x === "string").join("、");
    if (typeof value === "string" && value.trim()) out[field] = value.trim();
  }
  return out;
}

function normalised(field: IdentityField, value: string): string {
  if (NAME_FIELDS.includes(field)) return canonicalName(value);
  if (field === "formerNames") return unpackFormerNames(value).map(canonicalName).sort().join("、");
  if (field === "birthDate") {
    const parsed = parseDate(value);
    return parsed ? formatIsoPartial(parsed) : canonicalText(value);
  }
  if (field === "idNumber") return parseIdNumber(value).normalized ?? canonicalText(value);
  if (field === "sex") {
    const v = canonicalText(value).toLowerCase();
    if (["male", "m", "男"].includes(v)) return "male";
    if (["female", "f", "女"].includes(v)) return "female";
    return v;
  }
  return canonicalText(value).replace(/\s+/gu, "");
}

/** Two values of one field agree once normalised (script, width, date notation, 15/18-digit ids). */
export function sameFieldValue(field: IdentityField, a: string, b: string): boolean {
  return normalised(field, a) === normalised(field, b);
}

/**
 * Each identity field as re-established: the claimed value with the items
 * that agree with it or confirm it; a field the resident could not state but
 * an item records is taken from the item. Fields with no value are left out.
 */
export function reconstructRecord(
  claimed: Partial<Record<IdentityField, string | null>>,
  items: readonly SupportingItem[],
): RecordField[] {
  const out: RecordField[] = [];
  for (const field of IDENTITY_FIELDS) {
    const own = claimed[field];
    if (typeof own === "string" && own.trim()) {
      const supportedBy = items
        .filter((item) => item.confirms?.includes(field) || (item.fields?.[field] && sameFieldValue(field, own, item.fields[field] as string)))
        .map((item) => item.itemId);
      out.push({ field, value: own, supportedBy, basis: supportedBy.length > 0 ? "evidence" : "declared" });
      continue;
    }
    const source = items.find((item) => typeof item.fields?.[field] === "string" && item.fields[field]?.trim());
    if (!source) continue;
    const value = source.fields![field] as string;
    const supportedBy = items.filter((item) => item.fields?.[field] && sameFieldValue(field, value, item.fields[field] as string)).map((i) => i.itemId);
    out.push({ field, value, supportedBy, basis: "evidence" });
  }
  return out;
}
