/**
 * Character-level helpers on canonical text, cached so that the scoring loop
 * never calls OpenCC: look-alike sets, a look-alike folding for blocking keys,
 * and one dynamic-programming pass giving both the plain and the OCR-weighted
 * edit distance.
 */
import { LOOK_ALIKE_COST, lookAlikesOf } from "~/core/normalize";

/** A bounded cache for a pure function of one string. Cleared whole when full: simple and good enough for names. */
export function memoize<T>(fn: (key: string) => T, limit = 50_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    if (cache.size >= limit) cache.clear();
    const value = fn(key);
    cache.set(key, value);
    return value;
  };
}

const EMPTY: ReadonlySet<string> = new Set();

/** Canonical look-alikes of a canonical character (not including itself). */
export const lookAlikePeers = memoize((ch: string): ReadonlySet<string> => {
  const peers = lookAlikesOf(ch);
  return peers.length === 0 ? EMPTY : new Set(peers);
}, 20_000);

const representative = memoize((ch: string): string => {
  let best = ch;
  for (const peer of lookAlikePeers(ch)) if (peer < best) best = peer;
  return best;
});

/** Each character replaced by the smallest member of its look-alike set, so 陈英 and 陆英 fold alike. */
export function foldLookAlikes(canonical: string): string {
  let out = "";
  for (const ch of canonical) out += representative(ch);
  return out;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Characters (code points) in a string. */
export function charCount(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

export type NameDistance = { plain: number; ocr: number };

/**
 * Levenshtein distance over characters, and the same distance with
 * look-alike substitutions costing {@link LOOK_ALIKE_COST}, in one pass.
 * Inputs are canonical, so script and variant differences are already gone.
 */
export function nameDistance(a: string, b: string): NameDistance {
  const x = SURROGATE.test(a) ? Array.from(a) : a.split("");
  const y = SURROGATE.test(b) ? Array.from(b) : b.split("");
  const cheap = Math.round(LOOK_ALIKE_COST * 10);
  const n = y.length;
  let plainPrev = new Array<number>(n + 1);
  let ocrPrev = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) {
    plainPrev[j] = j;
    ocrPrev[j] = j * 10;
  }
  let plain = new Array<number>(n + 1);
  let ocr = new Array<number>(n + 1);
  for (let i = 1; i <= x.length; i++) {
    plain[0] = i;
    ocr[0] = i * 10;
    const xi = x[i - 1];
    const peers = lookAlikePeers(xi);
    for (let j = 1; j <= n; j++) {
      const same = xi === y[j - 1];
      plain[j] = Math.min(plainPrev[j] + 1, plain[j - 1] + 1, plainPrev[j - 1] + (same ? 0 : 1));
      const sub = same ? 0 : peers.has(y[j - 1]) ? cheap : 10;
      ocr[j] = Math.min(ocrPrev[j] + 10, ocr[j - 1] + 10, ocrPrev[j - 1] + sub);
    }
    [plainPrev, plain] = [plain, plainPrev];
    [ocrPrev, ocr] = [ocr, ocrPrev];
  }
  return { plain: plainPrev[n], ocr: ocrPrev[n] / 10 };
}
