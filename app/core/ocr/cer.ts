import { toHalfWidth } from "./cjk";

/**
 * Character error rate: Levenshtein distance over Unicode code points divided
 * by the reference length, whitespace ignored. With `foldWidth`, full-width
 * ASCII forms count as their half-width letters (`，` = `,`, `１` = `1`).
 * Traditional/Simplified folding is deliberately not done here.
 */
export type CerOptions = { foldWidth?: boolean };

export type CerCount = { edits: number; referenceLength: number };

export function cerCount(hypothesis: string, reference: string, options: CerOptions = {}): CerCount {
  const hyp = codePoints(hypothesis, options);
  const ref = codePoints(reference, options);
  return { edits: editDistance(hyp, ref), referenceLength: ref.length };
}

/** CER of one pair; an empty reference gives 0 for an empty hypothesis and 1 otherwise. */
export function characterErrorRate(hypothesis: string, reference: string, options: CerOptions = {}): number {
  return cerRate([cerCount(hypothesis, reference, options)]);
}

/** CER over a corpus: total edits / total reference length (micro-average). */
export function cerRate(counts: readonly CerCount[]): number {
  let edits = 0;
  let length = 0;
  for (const count of counts) {
    edits += count.edits;
    length += count.referenceLength;
  }
  if (length === 0) return edits === 0 ? 0 : 1;
  return edits / length;
}

function codePoints(text: string, { foldWidth = false }: CerOptions): string[] {
  const folded = foldWidth ? toHalfWidth(text) : text;
  return Array.from(folded.replace(/[\s\u3000\u200B-\u200D\uFEFF]+/gu, ""));
}

/** Levenshtein distance (insert, delete, substitute, each cost 1) between two sequences. */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  if (a.length < b.length) return editDistance(b, a);
  if (b.length === 0) return a.length;
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (ai === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}
