/**
 * Fellegi-Sunter record linkage for register entries, in the style of Splink:
 * prepare entries and queries once, block on shared keys, compare field by
 * field, weigh with m/u (term-frequency adjusted), and explain.
 */
export * from "./types";
export { PREPARE_VERSION, prepareEntry, prepareQuery, prepareName, prepareDate, prepareId, reliabilityOf } from "./prepare";
export { blockingKeys, keyKind, KEY_KINDS, type KeyKind } from "./keys";
export { buildBlockingIndex, findCandidates, type BlockingIndex, type CandidateOptions } from "./candidate-index";
export {
  DATE_LEVELS,
  DEFAULT_MODEL,
  FIELD_KIND,
  FORMER_NAME_LEVELS,
  ID_LEVELS,
  LEVELS_BY_KIND,
  MISSING,
  NAME_LEVELS,
  PLACE_LEVELS,
  priorForArchive,
  entriesPerPersonOf,
  ReviewThreshold,
  REVIEW_THRESHOLD,
  SEX_LEVELS,
  TF_LEVELS,
  type FieldKind,
} from "./model";
export { nameLevel, dateLevel, idLevel, type TfTerm } from "./fields";
export { comparePlace, PLACE_SIMILARITY } from "./places";
export { compare, comparisonVector, probabilityOf, rankCandidates, type RankOptions } from "./score";
export { givenNameFrequency, surnameFrequency, termAdjustedU, termFrequencies, type TermFrequencies, type TermFrequencyOptions } from "./tf";
export { ARCHIVE_U_LEVELS, COUNTED_U_LEVELS, estimateArchiveU, FOLLOWS_EXACT_DATE, estimateModel, randomPairVectors, seededRandom, type ArchiveUOptions, type EstimateDiagnostics, type EstimatedModel, type EstimateOptions } from "./em";
export { explain, explanationText, type ExplanationLine } from "./explain";
export { MATCH_I18N_EN, MATCH_I18N_KEYS, MATCH_I18N_ZH_HANS, nestedCatalog } from "./i18n-keys";
export { trainModel, type TrainedModel, type TrainOptions } from "./train";
export { combineModels } from "./em";
