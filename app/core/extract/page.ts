/**
 * extractPage: OCR lines of one register page → person entries.
 * The page kind comes from the labels found (titles, the ledger's household
 * header and column-header row, the card's label-value rows); a person card
 * gives one entry, a household ledger one entry per table row, with the
 * household's head and address copied to each member and family links
 * derived from the relations.
 */
import { crossCheckId, textsWithUnreadableDigit, type ParsedDate, type ParsedIdNumber } from "~/core/normalize";
import type { OcrBox } from "~/core/ocr/types";
import { buildField } from "./choose";
import { normalizeFieldText, type MoveIn, type NormalizedReading } from "./fields";
import { deriveFamily } from "./household";
import { assembleLabelled, piecesOf } from "./labelled";
import { PERSON_FIELD_LABELS, type LabelKey } from "./labels";
import { extractLedger, findHeaderRow } from "./ledger";
import { layoutLine, type LineLayout } from "./line-layout";
import { unionBox } from "./readings";
import { estimateSlope, levelLines, unlevelBox } from "./skew";
import type { Relation } from "./relations";
import type { EntryKind, ExtractedEntry, ExtractedField, ExtractedPage, ExtractInput, ExtractLine, FieldName } from "./types";

export type Classification = { kind: EntryKind | "unknown"; card: number; ledger: number };

/** Scores the evidence for each kind; a kind needs at least 3 points and a clear lead. */
export function classifyLayouts(layouts: readonly LineLayout[]): Classification {
  let card = 0;
  let ledger = 0;
  const seen = new Set<LabelKey>();
  for (const layout of layouts) {
    for (const label of layout.labels) {
      if (seen.has(label.key) && label.key !== "name") continue;
      seen.add(label.key);
      if (label.key === "cardTitle") card += 3;
      if (label.key === "ledgerTitle") ledger += 3;
      if (label.key === "householdHead" || label.key === "householdType" || label.key === "householdNumber") ledger += 2;
    }
    // A card writes its value right after its label on the same line.
    for (const value of layout.values) {
      if (value.label && PERSON_FIELD_LABELS.has(value.label.key) && value.end - value.start >= 1) card += 1;
    }
  }
  const header = findHeaderRow(layouts);
  if (header) {
    // A header row carries labels side by side with nothing between them.
    const rowLayouts = layouts.filter((l) => l.labels.some((x) => header.labels.includes(x)));
    const labelled = rowLayouts.reduce((n, l) => n + l.labels.reduce((m, x) => m + (x.match.end - x.match.start), 0), 0);
    const total = rowLayouts.reduce((n, l) => n + l.structure.glyphs.length, 0);
    if (labelled >= 0.6 * total) ledger += 4;
    card -= Math.min(card, new Set(header.labels.map((l) => l.key)).size);
  }
  const kind = Math.max(card, ledger) < 3 || card === ledger ? "unknown" : card > ledger ? "person-card" : "household-ledger";
  return { kind, card, ledger };
}

const CARD_FIELDS: readonly FieldName[] = [
  "name", "formerNames", "sex", "ethnicity", "birthDate", "birthPlace", "nativePlace", "idNumber", "address", "relation",
  "householdHead", "fatherName", "motherName", "spouseName", "education", "maritalStatus", "occupation", "employer", "moveIn",
];

function boxOfFields(fields: ExtractedEntry["fields"]): OcrBox | null {
  return unionBox(Object.values(fields).map((f) => f?.box).filter((b): b is OcrBox => b !== null && b !== undefined));
}

function doubt(field: ExtractedField | undefined, note: string) {
  if (!field || field.status === "unreadable") return;
  field.status = "uncertain";
  field.note = field.note ? `${field.note}; ${note}` : note;
}

/** The ID's birth date and sex against the fields read beside it. */
function crossCheck(entry: ExtractedEntry, warnings: string[]) {
  const id = entry.fields.idNumber;
  if (!id?.value || !id.normalized) return;
  const parsed = id.normalized as ParsedIdNumber;
  const birth = entry.fields.birthDate;
  const sex = entry.fields.sex;
  const mismatches = crossCheckId(parsed, {
    birthDate: birth?.value ? (birth.normalized as ParsedDate) : null,
    sex: sex?.value === "male" || sex?.value === "female" ? sex.value : null,
  });
  for (const m of mismatches) {
    const note = m.field === "birthDate" ? "the birth date disagrees with the ID number" : "the sex disagrees with the ID number";
    doubt(id, note);
    doubt(m.field === "birthDate" ? birth : sex, note);
    warnings.push(`entry ${entry.index + 1}: ${note}`);
  }
}

/**
 * A birth date left unreadable for one character (一九人七年十月四日: a digit
 * read as 人; 一九七年: a 〇 lost; 十和八日: a stray mark) where the ID number
 * read beside it, checked by its check character, gives one of the dates
 * the text may be: that date, marked uncertain, with the text as read among
 * its alternatives. The ID only settles which of the text's own candidates
 * was written; a date the text cannot be is never taken from it.
 */
function birthDateByIdNumber(entry: ExtractedEntry) {
  const field = entry.fields.birthDate;
  const id = entry.fields.idNumber;
  if (!field || field.value !== null || !field.raw || !id?.value || id.status === "unreadable") return;
  const parsed = id.normalized as ParsedIdNumber | undefined;
  if (!parsed?.valid || parsed.kind !== "18" || !parsed.birthDate) return;
  const { year, month, day } = parsed.birthDate;
  const candidates = textsWithUnreadableDigit(field.raw);
  const kept = candidates.filter(({ date }) => date.calendar === "gregorian" && date.gregorian?.year === year && date.gregorian.month === month && date.gregorian.day === day);
  if (kept.length !== 1) return;
  const n = normalizeFieldText("birthDate", kept[0].text);
  if (n.validity !== "valid" || n.value === null) return;
  // The "not a readable date" note no longer holds; this one says what was done instead.
  entry.fields.birthDate = settled(field, field.raw, n, `${field.raw}: one character not read; ${n.value}, the one date it may be that the ID number gives (of ${candidates.length})`);
}

/** A field given the value another field settled: uncertain, with the text as read first among its alternatives. */
function settled(field: ExtractedField, asRead: string, n: NormalizedReading, note: string): ExtractedField {
  return { ...field, value: n.value, normalized: n.normalized, status: "uncertain", alternatives: [asRead, ...field.alternatives.filter((a) => a !== asRead)], note };
}

/** The entry's birth year and month: its birth date as read, or else its ID number's. */
function birthOf(entry: ExtractedEntry): { year: number; month: number | null } | null {
  const date = entry.fields.birthDate?.value ? (entry.fields.birthDate.normalized as ParsedDate | undefined)?.gregorian : null;
  if (date) return { year: date.year, month: date.month };
  const id = entry.fields.idNumber?.value ? (entry.fields.idNumber.normalized as ParsedIdNumber | undefined)?.birthDate : null;
  return id ? { year: id.year, month: id.month } : null;
}

const MOVE_IN_DATE = /^(.+?年[^由从自出生]*?)(?=由|从|自|出生)/u;

/**
 * A move-in date whose year lost a 〇 (一九七年四月由…迁来: 1907 or 1970),
 * settled by the birth date where only one of the years it may be comes
 * after it (no one moves in before being born; 出生 is the birth itself, so
 * its year is the birth year). The field is then uncertain, with the text as
 * read among its alternatives; where the birth date cannot decide, the text
 * stays as read.
 */
function moveInYearByBirth(entry: ExtractedEntry) {
  const field = entry.fields.moveIn;
  const birth = birthOf(entry);
  if (!field?.value || !birth || (field.normalized as MoveIn | undefined)?.date) return;
  const part = MOVE_IN_DATE.exec(field.value)?.[1];
  if (!part) return;
  const candidates = textsWithUnreadableDigit(part);
  if (candidates.length < 2) return;
  const isBirth = field.value.slice(part.length).startsWith("出生");
  const after = (d: ParsedDate) => {
    const g = d.gregorian;
    if (!g) return false;
    if (isBirth) return g.year === birth.year && (g.month === null || birth.month === null || g.month === birth.month);
    return g.year > birth.year || (g.year === birth.year && (g.month === null || birth.month === null || g.month >= birth.month));
  };
  const kept = candidates.filter((c) => after(c.date));
  if (kept.length !== 1) return;
  const text = kept[0].text + field.value.slice(part.length);
  const n = normalizeFieldText("moveIn", text);
  if (n.validity !== "valid") return;
  const note = `${part}: a 〇 lost from the year; ${kept[0].date.gregorian!.year}, the only year it may be that is not before the birth (${birth.year})`;
  entry.fields.moveIn = settled(field, field.value, n, field.note ? `${field.note}; ${note}` : note);
}

function copied(field: ExtractedField, note: string): ExtractedField {
  return { ...field, alternatives: [...field.alternatives], note: field.note ? `${note}; ${field.note}` : note };
}

function isHead(entry: ExtractedEntry): boolean {
  return (entry.fields.relation?.normalized as Relation | undefined)?.role === "head" && entry.fields.relation?.value !== null;
}

function extractCard(layouts: readonly LineLayout[], warnings: string[]): ExtractedEntry {
  const assembled = assembleLabelled(layouts);
  const fields: ExtractedEntry["fields"] = {};
  for (const name of CARD_FIELDS) {
    const field = buildField(name, piecesOf(assembled.pieces.get(name)));
    if (field) fields[name] = field;
  }
  for (const v of assembled.stray) {
    const text = v.piece.candidates[0]?.text ?? "";
    if (text.length > 1) warnings.push(`text no label claims: ${text}`);
  }
  const entry: ExtractedEntry = { index: 0, kind: "person-card", fields, box: boxOfFields(fields) };
  if (!fields.householdHead && fields.name?.value && isHead(entry)) {
    fields.householdHead = copied(fields.name, "the person is the household head (与户主关系: 户主)");
  }
  return entry;
}

/** Tesseract-only lines this unsure are stains, folds and rules read as text. */
export const NOISE_LINE_BELOW = 0.6;

/** A line only tesseract saw, with low confidence, or with nothing but punctuation and stray marks. */
export function isNoiseLine(line: ExtractLine): boolean {
  if (!/[\p{Script=Han}\d]/u.test(line.text) && !(line.alternatives ?? []).some((a) => /[\p{Script=Han}\d]/u.test(a.text))) return true;
  return line.engine === "tesseract" && (line.alternatives ?? []).length === 0 && line.confidence < NOISE_LINE_BELOW;
}

/** Reads one register page. Pure: the same lines always give the same entries. */
export function extractPage(input: ExtractInput): ExtractedPage {
  const warnings: string[] = [];
  const noise = input.lines.filter(isNoiseLine).length;
  if (noise > 0) warnings.push(`${noise} line(s) ignored as noise (read by one engine only, with low confidence)`);
  const slope = estimateSlope(input.lines);
  if (slope !== 0) warnings.push(`the text slopes by ${((Math.atan(slope) * 180) / Math.PI).toFixed(1)}°: rows were levelled before reading the layout`);
  const page = readLevelPage(levelLines(input.lines, slope), warnings);
  // Boxes back in the image's coordinates, within the page.
  const place = (box: OcrBox | null) => (box ? clip(unlevelBox(box, slope), input.width, input.height) : null);
  return { ...page, entries: page.entries.map((e) => placeEntry(e, place)) };
}

function clip(box: OcrBox, width: number, height: number): OcrBox {
  if (!(width > 0 && height > 0)) return box;
  const x0 = Math.max(0, Math.min(width, box.x));
  const y0 = Math.max(0, Math.min(height, box.y));
  const x1 = Math.max(x0, Math.min(width, box.x + box.w));
  const y1 = Math.max(y0, Math.min(height, box.y + box.h));
  return { x: Math.round(x0), y: Math.round(y0), w: Math.round(x1 - x0), h: Math.round(y1 - y0) };
}

function placeEntry(entry: ExtractedEntry, place: (box: OcrBox | null) => OcrBox | null): ExtractedEntry {
  const fields: ExtractedEntry["fields"] = {};
  for (const [name, field] of Object.entries(entry.fields) as [FieldName, ExtractedField][]) fields[name] = { ...field, box: place(field.box) };
  return { ...entry, fields, box: place(entry.box) };
}

function readLevelPage(lines: readonly ExtractLine[], warnings: string[]): ExtractedPage {
  const layouts = lines
    .map((line, i) => (isNoiseLine(line) ? null : layoutLine(line, i)))
    .filter((l): l is LineLayout => l !== null);
  const { kind } = classifyLayouts(layouts);
  if (kind === "unknown") {
    return { kind, entries: [], household: null, warnings: ["the page is neither a person card nor a household ledger: no register labels found"] };
  }

  if (kind === "person-card") {
    const entry = extractCard(layouts, warnings);
    birthDateByIdNumber(entry);
    crossCheck(entry, warnings);
    moveInYearByBirth(entry);
    if (!entry.fields.name) warnings.push("no name found on the card");
    const headName = entry.fields.householdHead?.value;
    const address = entry.fields.address?.value;
    return { kind, entries: [entry], household: headName || address ? { ...(headName ? { headName } : {}), ...(address ? { address } : {}) } : null, warnings };
  }

  const ledger = extractLedger(layouts);
  warnings.push(...ledger.warnings);
  const { entries } = ledger;
  const heads = entries.filter(isHead);
  const headSource = ledger.householdFields.headName?.value
    ? copied(ledger.householdFields.headName, "from the household header (户主姓名)")
    : heads.length === 1 && heads[0].fields.name?.value
      ? copied(heads[0].fields.name, "the name of the member whose relation is 户主")
      : null;
  if (ledger.householdFields.headName?.value && heads.length === 1) {
    const memberName = heads[0].fields.name?.value;
    if (memberName && memberName !== ledger.householdFields.headName.value) {
      warnings.push(`the header's head (${ledger.householdFields.headName.value}) differs from the member whose relation is 户主 (${memberName})`);
    }
  }
  for (const entry of entries) {
    if (headSource && !entry.fields.householdHead) entry.fields.householdHead = { ...headSource, alternatives: [...headSource.alternatives] };
    if (ledger.householdFields.address?.value && !entry.fields.address) {
      entry.fields.address = copied(ledger.householdFields.address, "the household's address, from the header (住址)");
    }
    birthDateByIdNumber(entry);
    crossCheck(entry, warnings);
    moveInYearByBirth(entry);
    if (!entry.fields.name) warnings.push(`row ${entry.index + 1}: no name read`);
  }
  warnings.push(...deriveFamily(entries));
  const household = headSource?.value || ledger.household.address
    ? { ...(headSource?.value ? { headName: headSource.value } : {}), ...(ledger.household.address ? { address: ledger.household.address } : {}) }
    : null;
  return { kind, entries, household, warnings };
}
