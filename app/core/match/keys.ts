/**
 * Blocking keys: short strings shared by a query and the entries worth
 * scoring, so that a search touches few documents. Every reading counts (OCR
 * alternatives, former names, a married woman's own name), and keys are built
 * so that one misread or misheard character still leaves a shared key.
 */
import type { PreparedName, PreparedRecord } from "./types";

/**
 * Key kinds. `broad` kinds match a large share of any archive (a birth year,
 * a region code): use them to narrow other keys, never alone.
 */
export const KEY_KINDS = {
  nb: { broad: false, about: "a pair of name characters, adjacent or one apart" },
  nl: { broad: false, about: "the whole name with look-alike characters folded together" },
  py: { broad: false, about: "surname pinyin and given-name pinyin initials" },
  "sn+by": { broad: false, about: "surname (own surname for married forms) and birth year" },
  bd: { broad: false, about: "full birth date, from the date field or the ID number, also read as lunar" },
  id: { broad: false, about: "the 18-character ID number" },
  by: { broad: true, about: "birth year" },
  id6: { broad: true, about: "the region code of the ID number" },
} as const;
export type KeyKind = keyof typeof KEY_KINDS;

/** The kind of a key ('nb' for 'nb:秀英'). */
export function keyKind(key: string): KeyKind | null {
  const kind = key.slice(0, key.indexOf(":"));
  return kind in KEY_KINDS ? (kind as KeyKind) : null;
}

const HAN = /\p{Script=Han}/u;

/** Adjacent and one-apart character pairs (one misread character leaves a shared pair in a three-character name). */
function pairs(canonical: string): string[] {
  const chars = Array.from(canonical).filter((c) => HAN.test(c));
  if (chars.length === 0) return canonical === "" ? [] : [canonical.toLowerCase()];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i] + chars[i + 1]);
  for (let i = 0; i < chars.length - 2; i++) out.push(chars[i] + chars[i + 2]);
  return out;
}

/** Surnames under which a name should be found: the own surname of a married woman, both for 陈林秀英. */
function surnamesOf(name: PreparedName): string[] {
  if (name.married && !name.married.possible) return [name.married.own];
  if (name.married?.possible) return [name.surname, name.married.own];
  return name.surname === "" ? [] : [name.surname];
}

function pinyinKeys(name: PreparedName): string[] {
  const syllables = name.pinyin === "" ? [] : name.pinyin.split(" ");
  if (syllables.length === 0) return [];
  if (name.married && !name.married.possible) {
    // 陈林氏: husband, own surname, 氏. Only the own surname is useful.
    const husbandLength = Array.from(name.married.husband).length;
    const ownLength = Array.from(name.married.own).length;
    return [`py:${syllables.slice(husbandLength, husbandLength + ownLength).join("")}|`];
  }
  const surnameLength = Array.from(name.surname).length;
  // 林氏: only the surname is known.
  if (name.surnameOnly) return [`py:${syllables.slice(0, surnameLength).join("")}|`];
  const initials = syllables.slice(surnameLength).map((s) => s[0]).join("");
  const keys = [`py:${syllables.slice(0, surnameLength).join("")}|${initials}`];
  // 陈林秀英 may be 林秀英 married into 陈: her own name's key too.
  if (name.married?.possible && syllables.length >= 3) keys.push(`py:${syllables[1]}|${syllables.slice(2).map((s) => s[0]).join("")}`);
  return keys;
}

function nameKeys(name: PreparedName, years: readonly number[], out: Set<string>): void {
  for (const p of pairs(name.canonical)) out.add(`nb:${p}`);
  if (name.married) for (const p of pairs(name.married.ownName)) out.add(`nb:${p}`);
  if (Array.from(name.folded).length >= 2) out.add(`nl:${name.folded}`);
  for (const k of pinyinKeys(name)) out.add(k);
  for (const s of surnamesOf(name)) for (const y of years) out.add(`sn+by:${s}|${y}`);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The keys of a prepared record (computed once by prepareEntry / prepareQuery). */
export function recordKeys(r: Omit<PreparedRecord, "keys">): string[] {
  const out = new Set<string>();
  const years = new Set<number>();
  const dates = new Set<string>();
  for (const d of r.birthDate ? [r.birthDate.primary, ...r.birthDate.alternatives] : []) {
    const g = d.gregorian;
    if (g) {
      years.add(g.year);
      if (g.month !== null && g.day !== null) dates.add(`${g.year}${pad(g.month)}${pad(g.day)}`);
    }
    if (d.asLunar) dates.add(`${d.asLunar.year}${pad(d.asLunar.month!)}${pad(d.asLunar.day!)}`);
  }
  for (const id of r.idNumber ? [r.idNumber.primary, ...r.idNumber.alternatives] : []) {
    out.add(`id:${id.normalized}`);
    out.add(`id6:${id.normalized.slice(0, 6)}`);
    if (id.birth) {
      years.add(Number(id.birth.slice(0, 4)));
      dates.add(id.birth);
    }
  }
  const yearList = [...years];
  const names = [
    ...(r.name ? [r.name.primary, ...r.name.alternatives] : []),
    ...r.formerNames,
  ];
  for (const name of names) nameKeys(name, yearList, out);
  for (const y of yearList) out.add(`by:${y}`);
  for (const d of dates) out.add(`bd:${d}`);
  return [...out].sort();
}

/** The blocking keys of a prepared entry or query. */
export function blockingKeys(p: PreparedRecord): string[] {
  return p.keys;
}
