/**
 * Turns canonical people into the strings a page shows, in the page's script
 * and date style, and into their ground-truth records.
 */
import { fullPlaceName, nativePlaceName, shortPlaceName, splitFullName } from "./corpus.ts";
import { formatDate, type DateStyle } from "./dates.ts";
import type { PersonField, PersonTruth, RecordField } from "./ground-truth.ts";
import { PERSON_FIELD_LABELS, RECORD_FIELD_LABELS } from "./ground-truth.ts";
import type { Household, Person } from "./people.ts";
import type { Rng } from "./random.ts";
import { convertGivenName, convertPlace, convertSurname, convertText, type Script } from "./script.ts";

export interface PageFormat {
  script: Script;
  dateStyle: DateStyle;
  /** Ledger cells are narrow: shorter places and ethnicity without 族. */
  compact: boolean;
  /** Registers written before 1985 have no ID numbers. */
  showIds: boolean;
  /** 漢族 rather than 漢 on this page. */
  ethnicitySuffix: boolean;
  /** 籍貫 as 河北省唐山市 rather than 河北唐山. */
  longNativePlace: boolean;
  /** "出生" rather than "1975年6月出生" for people born at the address. */
  bareBirthMoveIn: boolean;
}

export function pageFormat(rng: Rng, script: Script, dateStyle: DateStyle, compact: boolean, household: Household): PageFormat {
  return {
    script,
    dateStyle,
    compact,
    showIds: household.registeredDate >= "1985",
    ethnicitySuffix: !compact && rng.chance(0.6),
    longNativePlace: !compact && rng.chance(0.5),
    bareBirthMoveIn: rng.chance(0.5),
  };
}

export function label(field: PersonField | RecordField, script: Script, kind: "person" | "record" = "person"): string {
  const labels = kind === "person" ? PERSON_FIELD_LABELS[field as PersonField] : RECORD_FIELD_LABELS[field as RecordField];
  return script === "traditional" ? labels[0] : labels[1];
}

/** A fixed form string written in Traditional; Simplified pages use the second form. */
export function formText(traditional: string, simplified: string, script: Script): string {
  return script === "traditional" ? traditional : simplified;
}

export function usesMarriedStyleName(person: Person, fmt: PageFormat): boolean {
  return fmt.script === "traditional" && person.marriedStyleName !== undefined;
}

export function displayName(person: Person, fmt: PageFormat): string {
  if (usesMarriedStyleName(person, fmt)) {
    const husband = person.marriedStyleName!.slice(0, -1 - person.surname.length);
    return `${convertSurname(husband, fmt.script)}${convertSurname(person.surname, fmt.script)}${convertText("氏", fmt.script)}`;
  }
  return nameIn(person.surname, person.givenName, fmt.script);
}

function nameIn(surname: string, given: string, script: Script): string {
  return convertSurname(surname, script) + convertGivenName(given, script);
}

/** Any full name held as one Simplified string (parents, spouses, clerks). */
export function convertFullName(fullName: string, script: Script): string {
  const [surname, given] = splitFullName(fullName);
  return nameIn(surname, given, script);
}

export function personFields(person: Person, household: Household, fmt: PageFormat, fields: readonly PersonField[]): Partial<Record<PersonField, string>> {
  const s = fmt.script;
  const out: Partial<Record<PersonField, string>> = {};
  for (const field of fields) {
    const value = fieldValue(person, household, fmt, field);
    if (value) out[field] = value;
  }
  return out;

  function fieldValue(p: Person, h: Household, f: PageFormat, field: PersonField): string | undefined {
    switch (field) {
      case "name":
        return displayName(p, f);
      case "formerName":
        return p.formerName ? convertFullName(p.formerName, s) : undefined;
      case "relation":
        return convertText(p.relation, s);
      case "sex":
        return p.sex === "male" ? "男" : "女";
      case "ethnicity":
        return convertText(p.ethnicity + (f.ethnicitySuffix ? "族" : ""), s);
      case "birthDate":
        return formatDate(p.birthDate, f.dateStyle);
      case "birthplace":
        return convertPlace(f.compact ? shortPlaceName(p.birthplace) : fullPlaceName(p.birthplace), s);
      case "nativePlace":
        return convertPlace(nativePlaceName(p.nativePlace, f.longNativePlace), s);
      case "idNumber":
        return f.showIds ? (p.idNumber15 ?? p.idNumber18) : undefined;
      case "address":
        return convertPlace(fullPlaceName(h.place), s) + convertText(h.addressDetail, s);
      case "education":
        return convertText(p.education, s);
      case "maritalStatus":
        return convertText(p.maritalStatus, s);
      case "occupation":
        return convertText(p.occupation, s);
      case "employer":
        return p.employer ? convertText(p.employer, s) : undefined;
      case "moveIn":
        return moveInText(p, f);
    }
  }
}

function moveInText(p: Person, f: PageFormat): string {
  const s = f.script;
  switch (p.moveIn.kind) {
    case "birth":
      return f.bareBirthMoveIn ? "出生" : `${formatDate(p.moveIn.date, f.dateStyle)}${convertText("出生", s)}`;
    case "original":
      return convertText("原住本址", s);
    case "moved": {
      const from = convertPlace(f.compact ? shortPlaceName(p.moveIn.from) : fullPlaceName(p.moveIn.from), s);
      return `${formatDate(p.moveIn.date, f.dateStyle)}${convertText("由", s)}${from}${convertText("迁来", s)}`;
    }
  }
}

export function recordFields(household: Household, fmt: PageFormat, fields: readonly RecordField[]): Partial<Record<RecordField, string>> {
  const s = fmt.script;
  const head = household.members[0];
  const all: Record<RecordField, string> = {
    headName: displayName(head, fmt),
    address: convertPlace(fullPlaceName(household.place), s) + convertText(household.addressDetail, s),
    householdType: convertText(household.householdType, s),
    householdNumber: household.householdNumber,
    clerk: convertFullName(household.clerk, s),
    registeredDate: formatDate(household.registeredDate, fmt.dateStyle),
  };
  const out: Partial<Record<RecordField, string>> = {};
  for (const field of fields) out[field] = all[field];
  return out;
}

/** Canonical ground truth for a person, with the fields as drawn on this page. */
export function personTruth(person: Person, fmt: PageFormat, drawn: Partial<Record<PersonField, string>>): PersonTruth {
  const s = fmt.script;
  return {
    personId: person.personId,
    householdId: person.householdId,
    drawn: drawn as Record<string, string>,
    fullName: nameIn(person.surname, person.givenName, s),
    fullNameSimplified: person.fullName,
    surname: convertSurname(person.surname, s),
    givenName: convertGivenName(person.givenName, s),
    nameForm: usesMarriedStyleName(person, fmt) ? "husband-surname-shi" : "full",
    sex: person.sex,
    birthDate: person.birthDate,
    idNumber: drawn.idNumber ?? null,
    idNumber18: person.idNumber18,
    relation: convertText(person.relation, s),
    ethnicity: person.ethnicity,
    birthplaceCode: person.birthplace.code,
    nativePlaceCode: person.nativePlace.code,
    fatherName: convertFullName(person.fatherName, s),
    motherName: convertFullName(person.motherName, s),
    spouseName: person.spouseName ? convertFullName(person.spouseName, s) : null,
    moveIn: {
      kind: person.moveIn.kind,
      date: person.moveIn.kind === "original" ? null : person.moveIn.date,
      fromCode: person.moveIn.kind === "moved" ? person.moveIn.from.code : null,
    },
  };
}
