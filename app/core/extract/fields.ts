/**
 * Normalising the text read for one field, and judging whether it can be
 * what it claims to be: a date that exists, an ID whose check character
 * fits, a name that starts with a surname, a word from the register's
 * vocabulary. Validation ranks the readings of a field (the one that
 * validates wins) and decides its status; it never invents a value. A word
 * of a closed list read with one look-alike character (文盲 read 文言) is
 * taken as that word, with the reading noted as a doubt.
 */
import {
  areLookAlike,
  canonicalName,
  canonicalText,
  cleanIdText,
  formatIsoPartial,
  isSurname,
  parseDate,
  parseIdNumber,
  parseName,
  sexFromText,
  zeroesForRoundMarks,
  type ParsedDate,
} from "~/core/normalize";
import { placeNests } from "~/core/match/places";
import { parseRelation } from "./relations";
import type { FieldName } from "./types";

export type Validity = "valid" | "plausible" | "invalid";

export type NormalizedReading = {
  value: string | null;
  normalized?: unknown;
  validity: Validity;
  /** Set when the value is read but doubtful: a short year, a lunar date, an ID failing its check. */
  doubt?: string;
};

export type MoveIn = {
  kind: "birth" | "original" | "moved" | "other";
  date: ParsedDate | null;
  /** Where from, canonical text, for 'moved'. */
  from: string | null;
};

const HAN = /^\p{Script=Han}+$/u;

export const ETHNIC_GROUPS: readonly string[] = [
  "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣",
  "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗",
  "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固",
  "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
];
const ETHNIC = new Set(ETHNIC_GROUPS);

export const EDUCATION_LEVELS: readonly string[] = [
  "学龄前", "文盲", "半文盲", "识字", "小学", "初小", "高小", "初中", "高中", "中专", "中技", "技校", "职高", "大专", "大学",
  "本科", "大学本科", "大学专科", "研究生", "硕士", "博士", "私塾", "不识字",
];
const EDUCATION = new Set(EDUCATION_LEVELS);

export const MARITAL_STATUSES: readonly string[] = ["未婚", "已婚", "丧偶", "离婚", "离异", "再婚", "初婚", "复婚"];
const MARITAL = new Set(MARITAL_STATUSES);

export const OCCUPATIONS: readonly string[] = [
  "农民", "工人", "教师", "干部", "个体", "家务", "职员", "医生", "售货员", "司机", "会计", "无业", "无", "学生", "退休", "军人",
  "渔民", "牧民", "商人", "护士", "技术员", "工程师", "待业", "手工业", "社员", "店员", "学徒",
];
const OCCUPATION = new Set(OCCUPATIONS);

/** Characters that end or mark an administrative place or street address. */
const PLACE_MARK = /[省市县区州盟旗镇乡村路街巷号弄组队屯里庄]/u;

const canonical = (raw: string) => canonicalText(raw).replace(/\s+/gu, "");

function normalizeName(raw: string): NormalizedReading {
  const value = canonicalName(raw);
  if (value === "" || !HAN.test(value)) return { value: value || null, validity: "invalid" };
  const parsed = parseName(value);
  const length = Array.from(value).length;
  const known = parsed.surname !== "" && isSurname(parsed.surname);
  if (length >= 2 && length <= 5 && known) return { value, normalized: parsed, validity: "valid" };
  if (length >= 1 && length <= 6) return { value, normalized: parsed, validity: "plausible" };
  return { value, normalized: parsed, validity: "invalid" };
}

function normalizeNames(raw: string): NormalizedReading {
  const names = canonicalText(raw).split(/[、,，;；/\s]+/u).map(canonicalName).filter(Boolean);
  if (names.length === 0) return { value: null, validity: "invalid" };
  const parts = names.map(normalizeName);
  const validity: Validity = parts.some((p) => p.validity === "invalid") ? "invalid" : parts.every((p) => p.validity === "valid") ? "valid" : "plausible";
  return { value: names.join("、"), normalized: names, validity };
}

/**
 * OCR reads 〇 as O or o and 1 as l or I inside dates; undo that before
 * parsing. (Round marks beside numerals, 一九七D年, parseDate reads itself.)
 */
function dateText(raw: string): string {
  return raw
    .replace(/[OoＯｏ○◯°]/gu, "〇")
    .replace(/(?<=\d)[lI|](?=\d)|(?<=\d)[lI|]$|^[lI|](?=\d)/gu, "1")
    .replace(/\s+/gu, "");
}

function readDate(raw: string): ParsedDate | null {
  const text = dateText(raw);
  const parsed = parseDate(text);
  if (parsed) return parsed;
  // 〇 read for a zero digit in an Arabic date: 19〇5年 → 1905年.
  return parseDate(text.replace(/(?<=\d)〇|〇(?=\d)/gu, "0"));
}

function dateDoubt(d: ParsedDate): string | undefined {
  if (d.calendar === "lunar") return "a lunar date: converted, not read as Gregorian";
  if (d.uncertain) return d.source === "short-year" ? "a two-digit year: the century is assumed" : "the date is approximate or outside its era";
  return undefined;
}

function normalizeDate(raw: string): NormalizedReading {
  const parsed = readDate(raw);
  if (!parsed) return { value: null, validity: "invalid" };
  return { value: formatIsoPartial(parsed), normalized: parsed, validity: "valid", doubt: dateDoubt(parsed) };
}

/** Latin letters OCR reads for digits in an ID number. */
const ID_DIGIT_LOOKALIKES: Record<string, string> = { O: "0", o: "0", D: "0", Q: "0", I: "1", l: "1", i: "1", "|": "1", Z: "2", z: "2", S: "5", s: "5", B: "8", G: "6", b: "6", g: "9", q: "9" };

function normalizeId(raw: string): NormalizedReading {
  let text = cleanIdText(raw);
  let doubt: string | undefined;
  if (!/^(\d{17}[\dX]|\d{15})$/u.test(text)) {
    const fixed = Array.from(text, (c) => ID_DIGIT_LOOKALIKES[c] ?? c).join("");
    if (fixed !== text && /^(\d{17}[\dX]|\d{15})$/u.test(fixed)) {
      text = fixed;
      doubt = "letters read as the digits they resemble";
    }
  }
  const parsed = parseIdNumber(text);
  if (parsed.normalized === null) return { value: null, normalized: parsed, validity: "invalid" };
  if (!parsed.valid) return { value: parsed.normalized, normalized: parsed, validity: "plausible", doubt: `the ID number fails its checks (${parsed.problems.join(", ")})` };
  return { value: parsed.normalized, normalized: parsed, validity: "valid", ...(doubt ? { doubt } : {}) };
}

function normalizeSex(raw: string): NormalizedReading {
  const sex = sexFromText(raw);
  return sex ? { value: sex, validity: "valid" } : { value: null, validity: "invalid" };
}

function normalizeEthnicity(raw: string): NormalizedReading {
  const text = canonical(raw);
  if (text === "" || !HAN.test(text)) return { value: null, validity: "invalid" };
  const group = text.endsWith("族") && text.length > 1 ? text.slice(0, -1) : text;
  return { value: group, validity: ETHNIC.has(group) ? "valid" : "plausible" };
}

function normalizeVocabulary(raw: string, vocabulary: ReadonlySet<string>): NormalizedReading {
  const text = canonical(raw);
  if (text === "") return { value: null, validity: "invalid" };
  if (vocabulary.has(text)) return { value: text, validity: "valid" };
  const near = lookAlikeOf(text, vocabulary);
  if (near) return { value: near, validity: "valid", doubt: `read as ${text}, which differs from ${near} by a character OCR mistakes for another` };
  return { value: text, validity: HAN.test(text) ? "plausible" : "invalid" };
}

/**
 * The one word of a closed list that a text is, but for one character read
 * as its look-alike (文言 for 文盲, 己婚 for 已婚); null where none or
 * several are.
 */
export function lookAlikeOf(text: string, vocabulary: Iterable<string>): string | null {
  const chars = Array.from(text);
  let found: string | null = null;
  for (const word of vocabulary) {
    const w = Array.from(word);
    if (w.length !== chars.length) continue;
    let differing = 0;
    for (let i = 0; i < w.length && differing <= 1; i++) {
      if (w[i] === chars[i]) continue;
      differing += areLookAlike(w[i], chars[i]) ? 1 : 2;
    }
    if (differing !== 1) continue;
    if (found !== null) return null;
    found = word;
  }
  return found;
}

/** A piece of a date: 1984年, 月6日, 12月, a date's tail 四日 at the start. */
const DATE_FRAGMENT = /\d[年月日]|^[年月日号]|^[〇一二三四五六七八九十]{1,3}[日号]|[〇一二三四五六七八九十]+[年月]/u;

function normalizePlace(raw: string): NormalizedReading {
  const text = canonical(raw);
  if (text === "") return { value: null, validity: "invalid" };
  if (!/\p{Script=Han}/u.test(text) || DATE_FRAGMENT.test(text)) return { value: text, validity: "invalid" };
  // Units that nest (黑龙江佳木斯) are a place; a province followed by a unit not in it, or by no known
  // unit (PP-OCR's 龙江佳木斯 with 黑 lost, 江西贺州 for 江西赣州), is only plausible, whatever its marks.
  const nests = placeNests(text);
  if (nests !== null) return { value: text, validity: nests ? "valid" : "plausible" };
  return { value: text, validity: PLACE_MARK.test(text) ? "valid" : "plausible" };
}

function normalizeText(raw: string): NormalizedReading {
  const text = canonical(raw);
  return text === "" ? { value: null, validity: "invalid" } : { value: text, validity: /\p{Script=Han}/u.test(text) ? "plausible" : "invalid" };
}

function normalizeRelation(raw: string): NormalizedReading {
  const text = canonical(raw);
  if (text === "") return { value: null, validity: "invalid" };
  const relation = parseRelation(text);
  if (relation) return { value: relation.text, normalized: relation, validity: "valid" };
  return { value: text, validity: HAN.test(text) && text.length <= 4 ? "plausible" : "invalid" };
}

const MOVED = /^(.*?)(?:由|从|自)(.+?)(?:迁来|迁入|迁至本址|移来|转来)(?:本址|本市|本县|本户)?$/u;

/** 出生, 1975年6月出生, 原住本址, 1976年3月由陕西西安迁来. */
export function parseMoveIn(raw: string): MoveIn | null {
  const text = canonical(raw);
  if (text === "") return null;
  if (/^(原住本址|原住|原籍|世居|原住户)$/u.test(text)) return { kind: "original", date: null, from: null };
  const born = /^(.*?)(?:出生|生)(?:于本址)?$/u.exec(text);
  if (born) {
    if (born[1] === "") return { kind: "birth", date: null, from: null };
    const date = readDate(born[1]);
    return date ? { kind: "birth", date, from: null } : null;
  }
  const moved = MOVED.exec(text);
  if (moved) {
    const date = moved[1] === "" ? null : readDate(moved[1]);
    if (moved[1] !== "" && !date) return null;
    return { kind: "moved", date, from: moved[2] };
  }
  return null;
}

function normalizeMoveIn(raw: string): NormalizedReading {
  const text = zeroesForRoundMarks(canonical(raw));
  if (text === "") return { value: null, validity: "invalid" };
  const moveIn = parseMoveIn(text);
  if (!moveIn) return { value: text, normalized: { kind: "other", date: null, from: null } satisfies MoveIn, validity: /\p{Script=Han}/u.test(text) ? "plausible" : "invalid" };
  return { value: text, normalized: moveIn, validity: "valid", ...(moveIn.date ? { doubt: dateDoubt(moveIn.date) } : {}) };
}

const memo = new Map<string, NormalizedReading>();

/** Normalises a field's text and judges it (memoised: layout analysis asks about the same strings repeatedly). */
export function normalizeFieldText(field: FieldName, raw: string): NormalizedReading {
  const key = `${field}\u0000${raw}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const result = normalizeUncached(field, raw);
  if (memo.size > 20_000) memo.clear();
  memo.set(key, result);
  return result;
}

function normalizeUncached(field: FieldName, raw: string): NormalizedReading {
  switch (field) {
    case "name":
    case "householdHead":
    case "fatherName":
    case "motherName":
    case "spouseName":
      return normalizeName(raw);
    case "formerNames":
      return normalizeNames(raw);
    case "birthDate":
      return normalizeDate(raw);
    case "idNumber":
      return normalizeId(raw);
    case "sex":
      return normalizeSex(raw);
    case "ethnicity":
      return normalizeEthnicity(raw);
    case "education":
      return normalizeVocabulary(raw, EDUCATION);
    case "maritalStatus":
      return normalizeVocabulary(raw, MARITAL);
    case "occupation":
      return normalizeVocabulary(raw, OCCUPATION);
    case "birthPlace":
    case "nativePlace":
    case "address":
      return normalizePlace(raw);
    case "employer":
      return normalizeText(raw);
    case "relation":
      return normalizeRelation(raw);
    case "moveIn":
      return normalizeMoveIn(raw);
  }
}
