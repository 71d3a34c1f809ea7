/**
 * Queries for the matching benchmark: what a resident or officer types about
 * a person, with the realistic discrepancies the issue lists (other script,
 * homophones, ROC or lunar dates, old 15-digit IDs, 氏 forms, a wrong day,
 * former names). Pure: everything comes from the subject and a seeded Rng.
 */
import { pinyin } from "pinyin-pro";
import { Lunar, Solar } from "lunar-javascript";
import type { MatchQuery } from "~/core/match";
import { splitFullName } from "../generator/corpus.ts";
import { daysInMonth } from "../generator/dates.ts";
import { convertFullName } from "../generator/fields.ts";
import { allGivenNameChars, givenName } from "../generator/names.ts";
import type { Person } from "../generator/people.ts";
import type { Rng } from "../generator/random.ts";
import { convertGivenName, convertSurname, convertText, type Script } from "../generator/script.ts";

export const DISCREPANCIES = ["simplified", "homophone", "roc-date", "lunar-date", "old-id", "shi-form", "wrong-day", "former-name"] as const;
export type Discrepancy = (typeof DISCREPANCIES)[number];
/** `none` is the control: the query says what the page says, in the page's script. */
export type QueryKind = Discrepancy | "none";

export const DISCREPANCY_ABOUT: Record<QueryKind, string> = {
  none: "no discrepancy (control)",
  simplified: "names in the other script (simplified for a traditional page, traditional for a simplified one)",
  homophone: "one given-name character replaced by a homophone",
  "roc-date": "birth date as an ROC year (民國45年3月12日)",
  "lunar-date": "birth date as the lunar date, labelled 农历 or typed as if Gregorian",
  "old-id": "the old 15-digit ID number",
  "shi-form": "married woman: 夫姓+本姓+氏 on one side, her own name on the other",
  "wrong-day": "birth day off by one or its digits swapped",
  "former-name": "the name is a former name (曾用名) of the entry, or the entry's name is now a former name",
};

/** Discrepancies that change the same thing cannot be combined in one query. */
const NAME_KINDS: readonly Discrepancy[] = ["homophone", "shi-form", "former-name"];
const DATE_KINDS: readonly Discrepancy[] = ["roc-date", "lunar-date", "wrong-day"];

/** A person as a query is written about them. */
export type QuerySubject = {
  person: Person;
  /** The script of the page the person is on (for absent people: the script the asker writes). */
  script: Script;
  /** The name as a page draws it, when the person is on a page. */
  nameOnPage?: string;
  /** True when the page writes her as 夫姓+本姓+氏 (陳林氏). */
  shiFormOnPage?: boolean;
  /** The 曾用名 as the page draws it, when it does. */
  formerNameOnPage?: string;
};

// ---- homophones -------------------------------------------------------------

/** Name characters beyond the generator's own, so that most given-name characters have a homophone. */
const EXTRA_NAME_CHARS =
  "瑛莺樱鹰婴缨花鸣铭名茗宏洪虹鸿弘方坊舫莉俐利励铃伶苓凌菱君钧均军玮炜薇维锋枫丰风封洁捷婕节绣岚蓝澜兰玫枚媚苹坪屏贞真桢芸耘允侠夏靖婧敬珉闽雁彦艳椿纯帼健剑鉴蔷墙雯闻琳霖麟冬栋董智志致容榕溶钰宇雨羽冰彬滨斌钢岗港富赋符桂贵津今金锦升声胜诚城承宝保葆舒书淑殊勤芹琴鹃涓惠蕙辉徽连怜涟湘祥翔详庆卿清青晴倩茜娜纳琪淇祺棋瑶遥谣珊姗杉梅媒美玲灵龄亭婷庭霞遐凤奉峰毅艺怡宜仪颖莹盈英";

let homophones: Map<string, string[]> | null = null;

/** Character → other name characters with the same toneless pinyin, same-tone ones first. */
export function homophoneTable(): Map<string, string[]> {
  if (homophones) return homophones;
  const chars = [...new Set([...allGivenNameChars(), ...EXTRA_NAME_CHARS])];
  const toned = new Map(chars.map((c) => [c, pinyin(c, { toneType: "num", type: "array" })[0] ?? ""]));
  const bySound = new Map<string, string[]>();
  for (const c of chars) {
    const sound = (toned.get(c) ?? "").replace(/\d/g, "");
    if (sound === "") continue;
    bySound.set(sound, [...(bySound.get(sound) ?? []), c]);
  }
  homophones = new Map();
  for (const c of chars) {
    const sound = (toned.get(c) ?? "").replace(/\d/g, "");
    const peers = (bySound.get(sound) ?? []).filter((p) => p !== c);
    if (peers.length === 0) continue;
    const sameTone = peers.filter((p) => toned.get(p) === toned.get(c));
    homophones.set(c, [...sameTone, ...peers.filter((p) => !sameTone.includes(p))]);
  }
  return homophones;
}

/** Homophones of one character (simplified), same tone first; empty when none is known. */
export function homophonesOf(ch: string): string[] {
  return homophoneTable().get(ch) ?? [];
}

/** The given name with one character replaced by a homophone, or null when none of its characters has one. */
export function withHomophone(rng: Rng, given: string): string | null {
  const chars = Array.from(given);
  const order = rng.shuffle(chars.map((_, i) => i));
  for (const i of order) {
    const options = homophonesOf(chars[i]);
    if (options.length === 0) continue;
    // Mostly a same-tone homophone (the first ones), sometimes any.
    chars[i] = rng.chance(0.7) ? options[0] : rng.pick(options);
    return chars.join("");
  }
  return null;
}

// ---- dates and IDs ------------------------------------------------------------

type Ymd = { year: number; month: number; day: number };

function parseIso(iso: string): Ymd {
  const [year, month, day] = iso.split("-").map(Number);
  return { year, month, day };
}

const pad2 = (n: number) => String(n).padStart(2, "0");
export const isoOf = (d: Ymd) => `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;

/** The lunar date of a Gregorian date; null in a leap month (how a resident would say it is ambiguous). */
export function lunarOf(iso: string): Ymd | null {
  const { year, month, day } = parseIso(iso);
  const lunar = Solar.fromYmd(year, month, day).getLunar();
  if (lunar.getMonth() < 0) return null;
  return { year: lunar.getYear(), month: lunar.getMonth(), day: lunar.getDay() };
}

/** The Gregorian date of a (non-leap) lunar date. */
export function gregorianOfLunar(d: Ymd): Ymd {
  const solar = Lunar.fromYmd(d.year, d.month, d.day).getSolar();
  return { year: solar.getYear(), month: solar.getMonth(), day: solar.getDay() };
}

const HANZI = "〇一二三四五六七八九";
function hanziNumber(n: number): string {
  if (n < 10) return HANZI[n];
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? "" : HANZI[tens]}十${n % 10 === 0 ? "" : HANZI[n % 10]}`;
}

/** 民國45年3月12日 (or in Chinese numerals); `script` picks 民國 or 民国. */
export function rocDate(iso: string, script: Script, hanzi: boolean): string {
  const { year, month, day } = parseIso(iso);
  if (year < 1912) throw new Error(`no ROC year before 1912: ${iso}`);
  const min = script === "traditional" ? "民國" : "民国";
  const n = (x: number) => (hanzi ? hanziNumber(x) : String(x));
  return `${min}${n(year - 1911)}年${n(month)}月${n(day)}日`;
}

/** A day off by one within the month, or the day's two digits swapped when that is a real day. */
export function wrongDay(rng: Rng, iso: string): { date: string; how: string } {
  const d = parseIso(iso);
  const swapped = d.day >= 10 && d.day % 10 !== 0 ? Number(`${d.day % 10}${Math.floor(d.day / 10)}`) : 0;
  if (rng.chance(0.3) && swapped !== d.day && swapped >= 1 && swapped <= daysInMonth(d.year, d.month)) return { date: isoOf({ ...d, day: swapped }), how: "day digits swapped" };
  const max = daysInMonth(d.year, d.month);
  const day = d.day === 1 ? 2 : d.day === max ? max - 1 : d.day + (rng.chance(0.5) ? 1 : -1);
  return { date: isoOf({ ...d, day }), how: "day off by one" };
}

/** The first-generation 15-digit number of an 18-digit ID: yymmdd and no check character. */
export function id15Of(id18: string): string {
  if (!/^\d{17}[\dX]$/.test(id18) || id18.slice(6, 8) !== "19") throw new Error(`no 15-digit form for ${id18}`);
  return id18.slice(0, 6) + id18.slice(8, 17);
}

// ---- names ----------------------------------------------------------------------

function husbandSurnameOf(person: Person): string | null {
  if (person.sex !== "female") return null;
  if (person.marriedStyleName) return person.marriedStyleName.slice(0, -1 - person.surname.length);
  if (person.maritalStatus === "未婚" || !person.spouseName) return null;
  const [surname] = splitFullName(person.spouseName);
  return surname !== person.surname ? surname : null;
}

function nameIn(surname: string, given: string, script: Script): string {
  return convertSurname(surname, script) + convertGivenName(given, script);
}

const otherScript = (s: Script): Script => (s === "traditional" ? "simplified" : "traditional");

/** The discrepancies that change something for this subject. */
export function applicable(subject: QuerySubject): Discrepancy[] {
  const p = subject.person;
  const year = Number(p.birthDate.slice(0, 4));
  const out: Discrepancy[] = [];
  const names = [p.fullName, p.fatherName];
  if (names.some((n) => convertFullName(n, "traditional") !== n)) out.push("simplified");
  if (Array.from(p.givenName).some((c) => homophonesOf(c).length > 0)) out.push("homophone");
  if (year >= 1912) out.push("roc-date");
  if (lunarOf(p.birthDate)) out.push("lunar-date");
  if (year >= 1900 && year <= 1999) out.push("old-id");
  if (subject.shiFormOnPage || husbandSurnameOf(p)) out.push("shi-form");
  out.push("wrong-day", "former-name");
  return out;
}

/** Discrepancies every realistic query about this subject has (the page writes her as 陳林氏; nobody types that). */
export function inherent(subject: QuerySubject): Discrepancy[] {
  return subject.shiFormOnPage ? ["shi-form"] : [];
}

/** Whether two discrepancies can be applied to one query. */
export function compatible(a: Discrepancy, b: Discrepancy): boolean {
  if (a === b) return false;
  if (NAME_KINDS.includes(a) && NAME_KINDS.includes(b)) return false;
  if (DATE_KINDS.includes(a) && DATE_KINDS.includes(b)) return false;
  return true;
}

export type BuiltQuery = { query: MatchQuery; kinds: QueryKind[]; notes: string[] };

/**
 * A query about `subject` with the given discrepancies (empty: the control).
 * Besides the name and birth date it carries what an officer usually has:
 * sex, sometimes the 18-digit ID, birthplace, parents' or spouse's names.
 */
export function buildQuery(rng: Rng, subject: QuerySubject, wanted: readonly Discrepancy[]): BuiltQuery {
  const p = subject.person;
  const kinds = new Set<Discrepancy>([...inherent(subject), ...wanted]);
  const notes: string[] = [];
  const script = kinds.has("simplified") ? otherScript(subject.script) : subject.script;
  const q: MatchQuery = {};

  // Name.
  if (kinds.has("former-name")) {
    if (subject.formerNameOnPage) {
      q.name = convertFullName(p.formerName ?? subject.formerNameOnPage, script);
      notes.push("former name on the page");
    } else {
      let given = p.givenName;
      for (let i = 0; i < 10 && given === p.givenName; i++) given = givenName(rng, p.sex, Number(p.birthDate.slice(0, 4)));
      q.name = nameIn(p.surname, given, script);
      q.formerNames = [nameIn(p.surname, p.givenName, script)];
      notes.push("renamed since: the page's name given as a former name");
    }
  } else if (kinds.has("shi-form") && !subject.shiFormOnPage) {
    const husband = husbandSurnameOf(p)!;
    q.name = convertSurname(husband, script) + convertSurname(p.surname, script) + convertText("氏", script);
    notes.push("query in 夫姓本姓氏 form");
  } else if (kinds.has("homophone")) {
    const given = withHomophone(rng, p.givenName);
    if (given === null) throw new Error(`no homophone for ${p.givenName}`);
    q.name = nameIn(p.surname, given, script);
  } else {
    q.name = nameIn(p.surname, p.givenName, script);
    if (subject.shiFormOnPage) notes.push("page in 夫姓本姓氏 form, query by her own name");
  }

  if (rng.chance(0.9)) q.sex = p.sex === "male" ? "男" : "女";

  // Birth date.
  const iso = p.birthDate;
  if (kinds.has("roc-date")) {
    q.birthDate = rocDate(iso, script, rng.chance(0.3));
  } else if (kinds.has("lunar-date")) {
    const lunar = lunarOf(iso)!;
    if (rng.chance(0.5)) {
      q.birthDate = `${convertText("农历", script)}${lunar.year}年${lunar.month}月${lunar.day}日`;
      notes.push("lunar, labelled");
    } else {
      q.birthDate = isoOf(lunar);
      notes.push("lunar, typed as if Gregorian");
    }
  } else if (kinds.has("wrong-day")) {
    const wrong = wrongDay(rng, iso);
    q.birthDate = wrong.date;
    notes.push(wrong.how);
  } else {
    const d = parseIso(iso);
    q.birthDate = rng.weighted([iso, `${d.year}年${d.month}月${d.day}日`, `${d.year}.${d.month}.${d.day}`], [5, 3.5, 1.5]);
  }

  // ID number.
  if (kinds.has("old-id")) q.idNumber = p.idNumber15 ?? id15Of(p.idNumber18);
  else if (rng.chance(0.25)) q.idNumber = p.idNumber18;

  // What else the officer has.
  if (rng.chance(0.35)) q.birthPlace = convertText(rng.chance(0.5) ? p.birthplace.county : `${p.birthplace.city === "市辖区" || p.birthplace.city === "县" ? p.birthplace.province : p.birthplace.city}${p.birthplace.county}`, script);
  if (rng.chance(0.3)) q.fatherName = convertFullName(p.fatherName, script);
  if (rng.chance(0.15)) q.motherName = convertFullName(p.motherName, script);
  if (p.spouseName && rng.chance(0.2)) q.spouseName = convertFullName(p.spouseName, script);

  const kindList: QueryKind[] = kinds.size === 0 ? ["none"] : DISCREPANCIES.filter((k) => kinds.has(k));
  return { query: q, kinds: kindList, notes };
}

/**
 * Which discrepancies each query of a subject gets: `perSubject` queries, each
 * led by the applicable kind used least so far (so every kind gets a fair
 * sample), a second compatible kind in a quarter of them, and a control query
 * for about one subject in five. `counts` is shared across subjects.
 */
export function planKinds(rng: Rng, subject: QuerySubject, perSubject: number, counts: Map<Discrepancy, number>): Discrepancy[][] {
  const given = inherent(subject);
  const options = applicable(subject).filter((k) => given.every((x) => x === k || compatible(k, x)));
  const plans: Discrepancy[][] = [];
  const used = new Set<Discrepancy>(given);
  for (let i = 0; i < perSubject; i++) {
    const fresh = options.filter((k) => !used.has(k));
    if (fresh.length === 0) break;
    const least = Math.min(...fresh.map((k) => counts.get(k) ?? 0));
    const lead = rng.pick(fresh.filter((k) => (counts.get(k) ?? 0) === least));
    used.add(lead);
    const plan = [lead];
    if (rng.chance(0.25)) {
      const seconds = options.filter((k) => !given.includes(k) && compatible(k, lead));
      if (seconds.length > 0) plan.push(rng.pick(seconds));
    }
    for (const k of plan) counts.set(k, (counts.get(k) ?? 0) + 1);
    plans.push(plan);
  }
  if (rng.chance(0.2)) plans.push([]);
  return plans;
}
