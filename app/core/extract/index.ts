export type { EntryKind, ExtractedEntry, ExtractedField, ExtractedPage, ExtractInput, ExtractLine, FieldName, FieldStatus } from "./types";
export { FIELD_NAMES } from "./types";
export { extractPage, classifyLayouts, type Classification } from "./page";
export { linesFromOcr, linesFromPage } from "./from-ocr";
export { findLabels, findForm, matchLabel, LABEL_FORMS, type LabelKey, type LabelMatch } from "./labels";
export { parseRelation, KNOWN_RELATIONS, type Relation, type RelationRole } from "./relations";
export { normalizeFieldText, parseMoveIn, type MoveIn, type NormalizedReading, type Validity } from "./fields";
export { buildField, choiceVariants, UNCERTAIN_BELOW, UNREADABLE_BELOW, type Candidate, type Piece } from "./choose";
export { deriveFamily } from "./household";
