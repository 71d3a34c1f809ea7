/**
 * The resident's claimed identity: the matching engine's query fields plus a
 * contact number. Every value is personal data; it reaches the evidence log
 * only as a salted commitment.
 */
export const IDENTITY_FIELDS = [
  "name",
  "formerNames",
  "sex",
  "birthDate",
  "birthPlace",
  "nativePlace",
  "address",
  "fatherName",
  "motherName",
  "spouseName",
  "idNumber",
] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** Personal fields of a case: the identity and how to reach the resident. */
export const PERSONAL_FIELDS = [...IDENTITY_FIELDS, "phone"] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

export const SEXES = ["male", "female"] as const;

/** The claimed identity as the matching engine takes it. */
export interface ClaimedIdentity {
  name: string;
  formerNames: string[];
  sex: "male" | "female" | null;
  birthDate: string | null;
  birthPlace: string | null;
  nativePlace: string | null;
  address: string | null;
  fatherName: string | null;
  motherName: string | null;
  spouseName: string | null;
  idNumber: string | null;
}

const FORMER_NAME_SEPARATORS = /[、,，;；\n]+/u;

/** Former names are committed as one string, separated by 、. */
export function packFormerNames(names: readonly string[]): string {
  return names.map((n) => n.trim()).filter(Boolean).join("、");
}

export function unpackFormerNames(text: string | null | undefined): string[] {
  return (text ?? "").split(FORMER_NAME_SEPARATORS).map((n) => n.trim()).filter(Boolean);
}

/** Stored field values (strings, null when unknown or erased) to the engine's query shape. */
export function toClaimedIdentity(values: Partial<Record<PersonalField, string | null>>): ClaimedIdentity {
  const text = (field: IdentityField) => {
    const v = values[field];
    return typeof v === "string" && v.trim() ? v : null;
  };
  const sex = values.sex === "male" || values.sex === "female" ? values.sex : null;
  return {
    name: text("name") ?? "",
    formerNames: unpackFormerNames(values.formerNames),
    sex,
    birthDate: text("birthDate"),
    birthPlace: text("birthPlace"),
    nativePlace: text("nativePlace"),
    address: text("address"),
    fatherName: text("fatherName"),
    motherName: text("motherName"),
    spouseName: text("spouseName"),
    idNumber: text("idNumber"),
  };
}
