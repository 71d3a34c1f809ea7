/**
 * Which ground-truth person each extracted entry of a page is. The rule
 * (documented in bench/match/README.md):
 *
 * every (entry, person) pair of the page gets points for the fields that
 * agree with what the page drew for that person:
 *   name         4 canonical name equal (or one of the field's alternatives is),
 *                2 OCR-aware edit distance ≤ 1 (a look-alike costs 0.3)
 *   birth date   3 same ISO date, 1 same year
 *   ID number    4 same 18-digit number
 *   relation     1 same canonical relation (户主, 长子 ...)
 *   sex          0.5 same
 *   position     1 the entry's row is the person's row (ledgers; a card's only entry)
 * and pairs are taken best first, one entry per person and one person per
 * entry, as long as they score at least MIN_SCORE: a correct name alone, or
 * a near name with the date, year or ID, or the date and the relation in the
 * right row. An entry left over maps to nobody (a row read twice, a stain
 * read as a row); a person left over has no entry (extraction lost them).
 */
import type { ExtractedEntry } from "~/core/extract";
import { canonicalName, canonicalText, ocrEditDistance } from "~/core/normalize";
import type { PersonTruth } from "../generator/ground-truth.ts";

export const MIN_SCORE = 4;

type TruthPerson = Pick<PersonTruth, "drawn" | "birthDate" | "idNumber18" | "sex">;

export function pairScore(entry: Pick<ExtractedEntry, "index" | "fields">, person: TruthPerson, personIndex: number, people: number): number {
  const f = entry.fields;
  let score = 0;
  const drawnName = person.drawn.name ? canonicalName(person.drawn.name) : "";
  const name = f.name?.value ? canonicalName(f.name.value) : "";
  if (drawnName !== "" && name !== "") {
    const readings = [name, ...(f.name?.alternatives ?? []).map(canonicalName)];
    if (readings.includes(drawnName)) score += 4;
    else if (ocrEditDistance(name, drawnName) <= 1) score += 2;
  }
  const date = f.birthDate?.value ?? null;
  if (date && person.drawn.birthDate) {
    if (date === person.birthDate) score += 3;
    else if (date.slice(0, 4) === person.birthDate.slice(0, 4)) score += 1;
  }
  if (person.drawn.idNumber && f.idNumber?.value === person.idNumber18) score += 4;
  if (person.drawn.relation && f.relation?.value && canonicalText(f.relation.value) === canonicalText(person.drawn.relation)) score += 1;
  if (f.sex?.value === person.sex) score += 0.5;
  if (entry.index === personIndex || people === 1) score += 1;
  return score;
}

/** entry index → person index, for the pairs the rule accepts. */
export function mapEntriesToPeople(entries: readonly Pick<ExtractedEntry, "index" | "fields">[], people: readonly TruthPerson[]): Map<number, number> {
  const pairs: { e: number; p: number; score: number }[] = [];
  entries.forEach((entry, e) => people.forEach((person, p) => pairs.push({ e, p, score: pairScore(entry, person, p, people.length) })));
  pairs.sort((a, b) => b.score - a.score || Math.abs(a.e - a.p) - Math.abs(b.e - b.p) || a.e - b.e);
  const out = new Map<number, number>();
  const taken = new Set<number>();
  for (const { e, p, score } of pairs) {
    if (score < MIN_SCORE) break;
    if (out.has(entries[e].index) || taken.has(p)) continue;
    out.set(entries[e].index, p);
    taken.add(p);
  }
  return out;
}
