/**
 * What extraction reads (OCR lines of one page) and what it produces (person
 * entries with per-field raw text, normalised value, confidence, box and
 * status). Boxes are in the pixels of the image the OCR read.
 */
import type { OcrBox, OcrEngine, OcrWord } from "~/core/ocr/types";

export type FieldName =
  | "name"
  | "formerNames"
  | "sex"
  | "ethnicity"
  | "birthDate"
  | "birthPlace"
  | "nativePlace"
  | "address"
  | "relation"
  | "householdHead"
  | "fatherName"
  | "motherName"
  | "spouseName"
  | "idNumber"
  | "occupation"
  | "education"
  | "maritalStatus"
  | "employer"
  | "moveIn";

export const FIELD_NAMES: readonly FieldName[] = [
  "name", "formerNames", "sex", "ethnicity", "birthDate", "birthPlace", "nativePlace", "address", "relation",
  "householdHead", "fatherName", "motherName", "spouseName", "idNumber", "occupation", "education",
  "maritalStatus", "employer", "moveIn",
];

/**
 * One OCR line: a combined line (`CombinedLine`) with, when tesseract read
 * it, tesseract's words (boxes per character, `choices` per symbol). The
 * engine names are optional; when given, readings of one engine are kept
 * together across the lines of a multi-line value.
 */
export type ExtractLine = {
  text: string;
  confidence: number;
  box: OcrBox;
  engine?: OcrEngine;
  alternatives?: { text: string; confidence: number; engine?: OcrEngine }[];
  words?: OcrWord[];
  /**
   * PP-OCR's words on this line, where its reading has per-character
   * symbols (boxes, probabilities and choices; see workers/ocr/ctc.ts): they
   * place the characters of its text, which is otherwise spread by share of
   * the line, and offer its runners-up as alternatives.
   */
  ppocrWords?: OcrWord[];
};

export type FieldStatus = "ok" | "uncertain" | "unreadable";

export type ExtractedField = {
  /** The text read for this field, as written (OCR junk such as stray quotes removed). */
  raw: string;
  /** The normalised value: canonical text, ISO date, 18-digit ID, 'male'/'female'; null when unreadable. */
  value: string | null;
  /** A structured reading: ParsedDate, ParsedIdNumber, ParsedName, Relation or MoveIn. */
  normalized?: unknown;
  /** 0..1 from the OCR confidences of the characters read (and agreement between engines). */
  confidence: number;
  box: OcrBox | null;
  status: FieldStatus;
  /** Other readings of the field: the other engine's text and tesseract's alternative characters, best first. */
  alternatives: string[];
  /** Why a field is uncertain or unreadable, or where a derived value came from. */
  note?: string;
};

export type EntryKind = "person-card" | "household-ledger";

export type ExtractedEntry = {
  index: number;
  kind: EntryKind;
  fields: Partial<Record<FieldName, ExtractedField>>;
  box: OcrBox | null;
};

export type ExtractedPage = {
  kind: EntryKind | "unknown";
  entries: ExtractedEntry[];
  household: { headName?: string; address?: string } | null;
  warnings: string[];
};

export type ExtractInput = { lines: ExtractLine[]; width: number; height: number };
