/**
 * Pre-printed labels of register forms and an approximate search for them in
 * OCR text. Labels are compared in canonical form (simplified, variants
 * folded), so 公民身份號碼 and 公民身份号码 are one label, and with an edit
 * distance that charges little for look-alike characters (己/已, 未/末).
 * Short labels must match almost exactly: 住址 with one wrong character is
 * any two characters starting with 住.
 */
import { canonicalChar, canonicalText, LOOK_ALIKE_SETS } from "~/core/normalize";
import type { FieldName } from "./types";

/** Labels that are not person fields: page titles, the household header, the signature block. */
export type PageLabel =
  | "cardTitle"
  | "ledgerTitle"
  | "headName"
  | "householdType"
  | "householdNumber"
  | "photo"
  | "changes"
  | "clerk"
  | "registeredDate"
  | "remarks";

export type LabelKey = FieldName | PageLabel;

export type LabelForm = {
  key: LabelKey;
  /** Canonical characters of the form. */
  chars: string[];
  /** A piece of a label that forms wrap onto two lines (何时由何地 / 迁来本址). */
  part?: true;
};

/** Forms as printed (any script); each is canonicalised when the table is built. */
const FORMS: [LabelKey, string[], string[]?][] = [
  ["name", ["姓名"]],
  ["formerNames", ["曾用名", "别名", "曾用名别名", "曾用姓名"]],
  ["sex", ["性别"]],
  ["ethnicity", ["民族"]],
  ["birthDate", ["出生日期", "出生年月日", "出生年月", "出生时间"]],
  ["birthPlace", ["出生地", "出生地点"]],
  ["nativePlace", ["籍贯"]],
  ["idNumber", ["公民身份号码", "公民身份证号码", "公民身份证号", "身份证号码", "身份证号", "身份证编号", "身分证统一编号", "身分证号码", "身分证号", "国民身分证统一编号"]],
  ["address", ["住址", "现住址", "住所", "户籍地址"]],
  ["relation", ["与户主关系", "与户主的关系", "和户主关系", "称谓", "续柄"], ["与户主", "户主关系"]],
  ["householdHead", ["户主姓名"]],
  ["fatherName", ["父亲姓名", "父姓名"]],
  ["motherName", ["母亲姓名", "母姓名"]],
  ["spouseName", ["配偶姓名", "配偶"]],
  ["education", ["文化程度", "学历", "教育程度"]],
  ["maritalStatus", ["婚姻状况", "婚姻状态", "婚姻"]],
  ["occupation", ["职业"]],
  ["employer", ["服务处所", "工作单位", "服务单位"]],
  ["moveIn", ["何时由何地迁来本址", "何时由何地迁来本市", "何时由何地迁来本市县", "何时由何地迁来"], ["何时由何地", "迁来本址", "迁来本市", "由何地迁来"]],
  ["cardTitle", ["常住人口登记表", "常住人口登记卡"]],
  ["ledgerTitle", ["户口登记簿", "户口簿", "户口调查簿"]],
  ["householdType", ["户别"]],
  ["householdNumber", ["户号"]],
  ["photo", ["照片", "相片"]],
  ["changes", ["变更更正记载", "变更记载", "更正记载"]],
  ["clerk", ["承办人", "登记人", "承办人签章"]],
  ["registeredDate", ["登记日期"]],
  ["remarks", ["备注", "备考"]],
];

export const LABEL_FORMS: readonly LabelForm[] = FORMS.flatMap(([key, whole, parts = []]) => [
  ...whole.map((f) => ({ key, chars: Array.from(canonicalText(f)) })),
  ...parts.map((f) => ({ key, chars: Array.from(canonicalText(f)), part: true as const })),
]);

/** Keys of the person fields a household ledger lists as columns. */
export const PERSON_FIELD_LABELS = new Set<LabelKey>([
  "name", "formerNames", "sex", "ethnicity", "birthDate", "birthPlace", "nativePlace", "idNumber", "address", "relation",
  "fatherName", "motherName", "spouseName", "education", "maritalStatus", "occupation", "employer", "moveIn",
]);

const LOOK_ALIKE = 0.3;

/** The largest distance accepted for a form of this many characters. */
export function labelTolerance(length: number): number {
  if (length <= 2) return LOOK_ALIKE;
  if (length === 3) return 2 * LOOK_ALIKE;
  if (length <= 5) return 1;
  if (length <= 8) return 1.6;
  return 2;
}

export type LabelMatch = {
  key: LabelKey;
  form: LabelForm;
  /** Character offsets in the searched text: [start, end). */
  start: number;
  end: number;
  cost: number;
};

let lookAlikeIndex: Map<string, Set<string>> | null = null;

/**
 * areLookAlike for characters already in canonical form, from a table built
 * once: alignment compares the same pairs over and over, and canonicalising
 * each time (OpenCC) would dominate extraction time.
 */
export function sameish(a: string, b: string): boolean {
  if (a === b) return true;
  if (!lookAlikeIndex) {
    lookAlikeIndex = new Map();
    for (const set of LOOK_ALIKE_SETS) {
      const members = [...new Set(Array.from(set, canonicalChar))];
      for (const m of members) {
        const peers = lookAlikeIndex.get(m) ?? new Set<string>();
        for (const other of members) if (other !== m) peers.add(other);
        lookAlikeIndex.set(m, peers);
      }
    }
  }
  return lookAlikeIndex.get(a)?.has(b) ?? false;
}

function substitution(a: string, b: string): number {
  if (a === b) return 0;
  return sameish(a, b) ? LOOK_ALIKE : 1;
}

/**
 * The best approximate occurrence of `form` in `text` (canonical characters):
 * semi-global alignment, free to start and end anywhere in the text.
 * Returns the span and its distance, or null when nothing is within `limit`.
 */
export function findForm(text: readonly string[], form: readonly string[], limit: number): { start: number; end: number; cost: number } | null {
  const n = text.length;
  const m = form.length;
  if (m === 0 || n === 0) return null;
  // dp[j] over form prefix j; start[j] tracks where the alignment began in text.
  let prev = new Float64Array(m + 1);
  let prevStart = new Int32Array(m + 1);
  for (let j = 1; j <= m; j++) prev[j] = j;
  let best: { start: number; end: number; cost: number } | null = null;
  for (let i = 1; i <= n; i++) {
    const cur = new Float64Array(m + 1);
    const curStart = new Int32Array(m + 1);
    cur[0] = 0;
    curStart[0] = i;
    for (let j = 1; j <= m; j++) {
      const sub = prev[j - 1] + substitution(text[i - 1], form[j - 1]);
      const del = prev[j] + 1; // a text character not in the form
      const ins = cur[j - 1] + 1; // a form character missing from the text
      let v = sub;
      let s = prevStart[j - 1];
      if (del < v) {
        v = del;
        s = prevStart[j];
      }
      if (ins < v) {
        v = ins;
        s = curStart[j - 1];
      }
      cur[j] = v;
      curStart[j] = s;
    }
    const cost = Math.round(cur[m] * 10) / 10;
    // Equal cost from the same start: the longer span (出生日其 is 出生日期 misread, not 出生日 cut short).
    if (cost <= limit && (!best || cost < best.cost || (cost === best.cost && curStart[m] === best.start))) best = { start: curStart[m], end: i, cost };
    prev = cur;
    prevStart = curStart;
  }
  // A label must begin and end on a matched character, not on a deleted one.
  if (best && best.end - best.start < Math.ceil(m / 2)) return null;
  return best;
}

/**
 * Every label found in a line of canonical characters, without overlaps:
 * candidates are taken by how many characters they explain (length less
 * distance), and each must leave the characters of those already taken alone.
 */
export function findLabels(text: readonly string[], forms: readonly LabelForm[] = LABEL_FORMS): LabelMatch[] {
  const found: LabelMatch[] = [];
  const present = new Set(text);
  for (const form of forms) {
    const limit = labelTolerance(form.chars.length);
    // Skip forms too few of whose characters (or look-alikes) occur at all.
    let hits = 0;
    for (const ch of form.chars) if (present.has(ch) || [...present].some((p) => sameish(p, ch))) hits++;
    if (form.chars.length - hits > limit) continue;
    // Search repeatedly: a label may occur twice in a line (住址 in a ledger header and a card row).
    let offset = 0;
    while (offset < text.length) {
      const hit = findForm(text.slice(offset), form.chars, limit);
      if (!hit) break;
      found.push({ key: form.key, form, start: hit.start + offset, end: hit.end + offset, cost: hit.cost });
      offset += hit.end;
    }
  }
  // The match explaining the most characters, errors counted twice, first (户主姓名 before 姓名; 原住本址 is a value, not 迁来本址 misread).
  found.sort((a, b) => b.end - b.start - 2 * b.cost - (a.end - a.start - 2 * a.cost) || a.cost - b.cost || (a.form.part ? 1 : 0) - (b.form.part ? 1 : 0));
  const taken = new Array<boolean>(text.length).fill(false);
  const chosen: LabelMatch[] = [];
  for (const match of found) {
    let free = true;
    for (let i = match.start; i < match.end; i++) if (taken[i]) free = false;
    if (!free) continue;
    for (let i = match.start; i < match.end; i++) taken[i] = true;
    chosen.push(match);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/** Does a whole string read as a label? Returns the best key, or null. */
export function matchLabel(text: string): LabelMatch | null {
  const chars = Array.from(canonicalText(text).replace(/[\s:：]/gu, ""));
  const matches = findLabels(chars).filter((m) => m.start === 0 && m.end === chars.length);
  return matches[0] ?? null;
}

/** The canonical form of one character (cached by canonicalChar), always one character per position. */
export function canonicalCharCached(ch: string): string {
  const c = canonicalChar(ch);
  // canonicalChar may fold a compatibility character into two; keep one per position.
  return Array.from(c).length === 1 ? c : ch;
}

/** Canonical characters of a string, one per code point, for label search. */
export function canonicalChars(text: string): string[] {
  return Array.from(text).map(canonicalCharCached);
}
