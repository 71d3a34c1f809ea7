/**
 * Turns a score into lines an officer can read: for each field, what was
 * compared, how it came out, and how many bits of evidence it gave for or
 * against, as i18n keys with parameters (texts in i18n-keys.ts).
 */
import { FIELD_KIND, MISSING } from "./model";
import type { ComparisonLevel, MatchField, MatchResult } from "./types";

export type ExplanationLine = {
  field: string;
  level: string;
  /** Bits of evidence: positive for a match, negative against. */
  contribution: number;
  direction: "for" | "against" | "neutral";
  key: string;
  fieldKey: string;
  detailKey?: string;
  params: { query?: string; entry?: string; bits: number };
};

/** The catalog key explaining one comparison level, e.g. `match.level.name.same-pinyin`. */
export function explanationText(level: Pick<ComparisonLevel, "field" | "level" | "detail">): string {
  if (level.level === MISSING) {
    if (level.detail === "former-name") return "match.level.name.superseded";
    if (level.detail === "in-id-number") return "match.level.date.superseded";
    return "match.level.missing";
  }
  const kind = FIELD_KIND[level.field as MatchField] ?? level.field;
  return `match.level.${kind}.${level.level}`;
}

/** Compared fields first, strongest evidence first; fields not compared last. */
export function explain(result: Pick<MatchResult, "levels">): ExplanationLine[] {
  const lines = result.levels.map((l): ExplanationLine => {
    const bits = Math.round(l.weight * 10) / 10;
    return {
      field: l.field,
      level: l.level,
      contribution: l.weight,
      direction: bits > 0 ? "for" : bits < 0 ? "against" : "neutral",
      key: explanationText(l),
      fieldKey: `match.field.${l.field}`,
      ...(l.detail && l.level !== MISSING ? { detailKey: `match.detail.${l.detail}` } : {}),
      params: { ...(l.values ? { query: l.values[0], entry: l.values[1] } : {}), bits },
    };
  });
  const compared = (x: ExplanationLine) => (x.level === MISSING ? 1 : 0);
  return lines.sort((a, b) => compared(a) - compared(b) || Math.abs(b.contribution) - Math.abs(a.contribution));
}
