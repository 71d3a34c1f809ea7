/**
 * A seeded synthetic population for the matcher's tests: persons with
 * realistic surname and given-name frequencies, their register entries (OCR
 * misreadings, traditional script, ROC and Japanese eras, lunar dates, married
 * forms, 15-digit IDs) and the queries a resident would make (homophones,
 * swapped or half-remembered dates, partial places). Test support only.
 */
import { pinyin } from "pinyin-pro";
import { SINGLE_SURNAMES } from "~/core/normalize/data/surnames";
import type { RegionFile } from "~/core/normalize/data/build-region-codes";
import regionJson from "~/core/normalize/data/region-codes.json";
import { daysInMonth, idCheckChar, lookAlikesOf, toTraditional } from "~/core/normalize";
import { Lunar, Solar } from "lunar-javascript";
import { seededRandom } from "./em";
import type { EntryField, EntryRecord, MatchQuery } from "./types";

export type Rng = {
  next(): number;
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  weighted<T>(xs: readonly T[], weights: readonly number[]): T;
};

export function makeRng(seed: number): Rng {
  const next = seededRandom(seed);
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    weighted: (xs, weights) => {
      const total = weights.reduce((a, b) => a + b, 0);
      let r = next() * total;
      for (let i = 0; i < xs.length; i++) {
        r -= weights[i];
        if (r < 0) return xs[i];
      }
      return xs[xs.length - 1];
    },
  };
}

const SURNAMES = Array.from(SINGLE_SURNAMES);
/** Real shares (%) of the ten commonest, then a Zipf tail: about 45% of people share the top ten. */
const TOP_TEN = [7.25, 7.19, 6.83, 5.38, 4.53, 3.08, 2.23, 2.29, 2.05, 1.69];
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => (i < 10 ? TOP_TEN[i] : 2 * (11 / (i + 1)) ** 1.25));
const COMPOUND = ["欧阳", "司马", "上官", "诸葛", "司徒", "东方"];

type Sex = "male" | "female";
type Era = "early" | "middle" | "late";
const eraOf = (year: number): Era => (year < 1949 ? "early" : year < 1970 ? "middle" : "late");

const CHARS: Record<Sex, Record<Era, string>> = {
  male: {
    early: "德福贵富财昌荣祥宝寿永全顺林山明文武金根生成光宗耀祖仁义礼智信忠孝廷庆树有长海春喜茂盛兴元汉怀玉清堂书绍锡鸿章俊奎启振云峰瑞泰恩仲伯森鹤鸣臣",
    middle: "建国华军民强伟平志卫东兵勇新立胜利跃进援朝和红明康社保家洪学忠文荣海林庆德友治中宪章顺安",
    late: "伟磊涛斌鹏辉刚杰波超浩俊亮宇峰健鑫晨凯勇军飞龙宁帅阳明智博昊晓东强振坤鸿",
  },
  female: {
    early: "秀英兰珍桂凤玉芝梅淑贞素香莲翠花彩金娥菊荣琴云霞月巧爱喜春娟惠芳珠环蓉琼",
    middle: "红丽华萍霞芳敏燕玲琴娟秀英建梅卫平兰桂凤荣珍琳慧美莉玉淑群",
    late: "静丽艳娜婷敏燕雪晶颖莉慧倩琳洁丹娟萍红霞芳蕾薇琪瑶璐佳欣",
  },
};

const COMMON: Record<Sex, Record<Era, string[]>> = {
  male: {
    early: ["德福", "永贵", "长春", "宝山", "树林", "福生", "金海", "玉林", "文华", "庆云"],
    middle: ["建国", "建华", "国强", "志明", "卫国", "建平", "和平", "援朝", "跃进", "国庆"],
    late: ["伟", "磊", "涛", "斌", "鹏", "浩", "杰", "俊杰", "晓东", "海涛"],
  },
  female: {
    early: ["秀英", "桂英", "玉兰", "淑珍", "秀兰", "凤英", "桂兰", "玉珍", "素珍", "淑英"],
    middle: ["秀珍", "丽华", "建华", "红梅", "秀芳", "玉梅", "淑芬", "桂芳", "美华", "秀云"],
    late: ["静", "丽", "艳", "娜", "婷婷", "晓燕", "丽娟", "雪", "倩", "丹"],
  },
};

/** Candidate homophones (checked with pinyin-pro before use). */
const HOMOPHONE_GROUPS = [
  "英瑛莺樱鹰", "华花", "明鸣铭", "红宏洪虹鸿", "芳方坊", "丽莉俐", "玲铃伶苓", "军君钧", "伟玮炜", "峰锋枫丰",
  "杰洁捷", "秀绣", "兰岚蓝澜", "梅玫枚媒", "萍平苹", "珍贞真", "云芸耘", "霞侠", "静靖婧", "敏珉", "燕雁",
  "春椿", "国帼", "建健剑", "强蔷", "文雯", "林琳霖", "东冬栋", "志智", "荣容蓉", "玉钰", "兵冰", "刚钢",
  "福富", "贵桂", "金津今", "生升声", "成诚城", "宝保", "淑舒书", "琴勤芹", "娟鹃", "慧惠", "莲连怜", "香湘",
];

const pinyinOf = (ch: string) => pinyin(ch, { toneType: "none", type: "array" })[0] ?? "";

function homophoneOf(rng: Rng, ch: string): string | null {
  const group = HOMOPHONE_GROUPS.find((g) => g.includes(ch));
  if (!group) return null;
  const options = Array.from(group).filter((c) => c !== ch && pinyinOf(c) === pinyinOf(ch));
  return options.length > 0 ? rng.pick(options) : null;
}

type County = { code: string; county: string; prefecture: string; province: string };

let counties: County[] | null = null;
/** Current counties of two provinces (Fujian, Hebei): where the synthetic people live. */
function countyList(): County[] {
  if (counties) return counties;
  const file = regionJson as unknown as RegionFile;
  counties = [];
  for (const [code, rows] of Object.entries(file.codes)) {
    if (!/^(35|13)/.test(code) || code.endsWith("00")) continue;
    const row = rows.find((r) => r[5] === null);
    if (!row || row[3] !== "c" || row[2] === null || row[0].endsWith("区")) continue;
    counties.push({ code, county: row[0], prefecture: file.prefectures[row[2]], province: file.provinces[row[1]] });
  }
  return counties;
}

const STREETS = ["人民路", "解放路", "中山路", "建设街", "新华街", "和平路", "东大街", "西大街", "南门街", "北门街", "胜利路", "文化路", "民主街", "青年路"];

export type Ymd = { year: number; month: number; day: number };

export type Person = {
  key: string;
  sex: Sex;
  surname: string;
  given: string;
  formerGiven?: string;
  birth: Ymd;
  birthPlace: County;
  nativePlace: County;
  street: string;
  houseNumber: number;
  father: { surname: string; given: string };
  mother: { surname: string; given: string };
  spouse?: { surname: string; given: string };
  id?: string;
};

function givenName(rng: Rng, sex: Sex, year: number): string {
  const era = eraOf(year);
  if (rng.chance(0.3)) return rng.pick(COMMON[sex][era]);
  const pool = Array.from(CHARS[sex][era]);
  const weights = pool.map((_, i) => 1 / (i + 2) ** 0.7);
  const first = rng.weighted(pool, weights);
  if (rng.chance(era === "late" ? 0.35 : 0.12)) return first;
  let second = rng.weighted(pool, weights);
  while (second === first) second = rng.weighted(pool, weights);
  return first + second;
}

function surname(rng: Rng): string {
  return rng.chance(0.005) ? rng.pick(COMPOUND) : rng.weighted(SURNAMES, SURNAME_WEIGHTS);
}

function idFor(rng: Rng, person: Pick<Person, "birthPlace" | "birth" | "sex">): string {
  const { year, month, day } = person.birth;
  let seq = rng.int(0, 499) * 2 + (person.sex === "male" ? 1 : 0);
  if (seq > 999) seq -= 2;
  const first17 = `${person.birthPlace.code}${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${String(seq).padStart(3, "0")}`;
  return first17 + idCheckChar(first17);
}

export function makePerson(rng: Rng, key: string): Person {
  const sex: Sex = rng.chance(0.5) ? "male" : "female";
  const year = rng.int(1905, 1985);
  const month = rng.int(1, 12);
  const birth = { year, month, day: rng.int(1, daysInMonth(year, month)) };
  const places = countyList();
  const birthPlace = rng.pick(places);
  const sn = surname(rng);
  const person: Person = {
    key,
    sex,
    surname: sn,
    given: givenName(rng, sex, year),
    birth,
    birthPlace,
    nativePlace: rng.chance(0.6) ? birthPlace : rng.pick(places),
    street: rng.pick(STREETS),
    houseNumber: rng.int(1, 120),
    father: { surname: sn, given: givenName(rng, "male", year - 28) },
    mother: { surname: surname(rng), given: givenName(rng, "female", year - 25) },
  };
  if (rng.chance(0.1)) person.formerGiven = givenName(rng, sex, year);
  if (year < 1968 && rng.chance(0.8)) {
    person.spouse = sex === "female" ? { surname: surname(rng), given: givenName(rng, "male", year - 2) } : { surname: surname(rng), given: givenName(rng, "female", year + 2) };
  }
  if (year >= 1920 && rng.chance(0.65)) person.id = idFor(rng, person);
  return person;
}

export function makePopulation(seed: number, count: number, prefix = "p"): Person[] {
  const rng = makeRng(seed);
  return Array.from({ length: count }, (_, i) => makePerson(rng, `${prefix}${i}`));
}

// ---- register entries -------------------------------------------------------

type Style = "card" | "ledger" | "old";

/** One OCR misreading of a name: a look-alike where there is one, else (rarely) any other character. */
function misread(rng: Rng, text: string, rate: number): string {
  const chars = Array.from(text);
  return chars
    .map((ch) => {
      if (!rng.chance(rate)) return ch;
      const peers = lookAlikesOf(ch);
      if (peers.length > 0) return rng.pick(peers);
      return rng.chance(0.3) ? rng.pick(Array.from(CHARS.male.early)) : ch;
    })
    .join("");
}

const CN_DIGITS = "〇一二三四五六七八九";
function chineseYear(y: number): string {
  return Array.from(String(y), (d) => CN_DIGITS[Number(d)]).join("");
}
function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n];
  if (n === 10) return "十";
  if (n < 20) return `十${CN_DIGITS[n % 10]}`;
  return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 === 0 ? "" : CN_DIGITS[n % 10]}`;
}

export function lunarOf(d: Ymd): Ymd | null {
  const l = Solar.fromYmd(d.year, d.month, d.day).getLunar();
  if (l.getMonth() < 0) return null;
  return { year: l.getYear(), month: l.getMonth(), day: l.getDay() };
}

/** Gregorian date of a lunar date (for tests). */
export function gregorianOfLunar(d: Ymd): Ymd {
  const s = Lunar.fromYmd(d.year, d.month, d.day).getSolar();
  return { year: s.getYear(), month: s.getMonth(), day: s.getDay() };
}

function writeDate(rng: Rng, d: Ymd, style: Style): string {
  const { year, month, day } = d;
  if (style !== "card" && rng.chance(0.1)) {
    const l = lunarOf(d);
    if (l) return `農曆${l.year}年${chineseNumber(l.month)}月${l.day <= 10 ? `初${chineseNumber(l.day)}` : chineseNumber(l.day)}`;
  }
  if (style === "old" && year >= 1927 && year <= 1945 && rng.chance(0.4)) return `昭和${year - 1925}年${month}月${day}日`;
  if (style !== "card" && year >= 1912 && year < 1949 && rng.chance(0.6)) return `民國${year - 1911}年${month}月${day}日`;
  if (style === "ledger" && rng.chance(0.3)) return `${chineseYear(year)}年${chineseNumber(month)}月${chineseNumber(day)}日`;
  return rng.chance(0.5) ? `${year}年${month}月${day}日` : `${year}.${String(month).padStart(2, "0")}.${String(day).padStart(2, "0")}`;
}

function noisyDate(rng: Rng, d: Ymd): Ymd {
  if (rng.chance(0.03)) {
    const day = d.day >= 10 ? d.day + (rng.chance(0.5) && d.day % 10 < 8 ? 1 : d.day % 10 > 1 ? -1 : 1) : Math.max(1, d.day + 1);
    if (day <= daysInMonth(d.year, d.month)) return { ...d, day };
  }
  if (rng.chance(0.01) && d.day <= 12 && d.day !== d.month) return { ...d, month: d.day, day: d.month };
  return d;
}

function field(rng: Rng, value: string | undefined, truth: string | undefined, script: (s: string) => string): EntryField | undefined {
  if (value === undefined) return undefined;
  const written = script(value);
  if (truth === undefined || value === truth) {
    return { value: written, raw: written, confidence: 0.85 + rng.next() * 0.14, status: "ok", alternatives: [] };
  }
  // A misreading: less confident, often with the right reading among the alternatives.
  const alternatives = rng.chance(0.5) ? [script(truth)] : [];
  return { value: written, raw: written, confidence: 0.55 + rng.next() * 0.35, status: rng.chance(0.5) ? "uncertain" : "ok", alternatives };
}

const OCR_RATE = 0.04;

export function entryFor(rng: Rng, p: Person, id: string): EntryRecord {
  const style: Style = rng.weighted(["card", "ledger", "old"] as const, [0.4, 0.4, 0.2]);
  const traditional = style === "old" || rng.chance(0.4);
  const script = (s: string) => (traditional ? toTraditional(s, "tw") : s);
  const fields: EntryRecord["fields"] = {};
  const fullName = p.surname + p.given;
  let shownName = fullName;
  if (p.sex === "female" && p.spouse && style === "old" && p.birth.year < 1945 && rng.chance(0.5)) {
    shownName = rng.chance(0.8) ? `${p.spouse.surname}${p.surname}氏` : `${p.spouse.surname}${fullName}`;
  }
  const nameRead = misread(rng, shownName, OCR_RATE);
  fields.name = field(rng, nameRead, shownName, script);
  if (p.formerGiven && rng.chance(style === "card" ? 0.8 : 0.3)) fields.formerNames = field(rng, p.surname + p.formerGiven, undefined, script);
  // About one register entry in a hundred has the sex wrong.
  const sex = rng.chance(0.01) ? (p.sex === "male" ? "女" : "男") : p.sex === "male" ? "男" : "女";
  if (rng.chance(0.97)) fields.sex = field(rng, sex, undefined, script);
  const date = noisyDate(rng, p.birth);
  if (rng.chance(0.95)) {
    const written = writeDate(rng, date, style);
    fields.birthDate = { value: written, raw: written, confidence: 0.8 + rng.next() * 0.19, status: "ok", alternatives: [] };
  }
  const place = (c: County, detail: number) =>
    detail === 0 ? c.county : detail === 1 ? `${c.prefecture}${c.county}` : `${c.province}${c.prefecture}${c.county}`;
  if (style !== "ledger" || rng.chance(0.3)) fields.birthPlace = field(rng, place(p.birthPlace, rng.int(0, 2)), undefined, script);
  if (rng.chance(0.6)) fields.nativePlace = field(rng, place(p.nativePlace, rng.int(0, 2)), undefined, script);
  if (style === "card" || rng.chance(0.3)) {
    const address = `${place(p.birthPlace, rng.int(0, 2))}${p.street}${p.houseNumber}号`;
    fields.address = field(rng, address, undefined, script);
  }
  if (style !== "card" || rng.chance(0.2)) {
    if (rng.chance(0.5)) {
      const father = p.father.surname + p.father.given;
      const read = misread(rng, father, OCR_RATE);
      fields.fatherName = field(rng, read, father, script);
    }
    if (rng.chance(0.4)) {
      const mother = style === "old" && rng.chance(0.5) ? `${p.father.surname}${p.mother.surname}氏` : p.mother.surname + p.mother.given;
      fields.motherName = field(rng, misread(rng, mother, OCR_RATE), mother, script);
    }
  }
  if (p.spouse && rng.chance(0.5)) {
    const spouse = p.spouse.surname + p.spouse.given;
    fields.spouseName = field(rng, misread(rng, spouse, OCR_RATE), spouse, script);
  }
  if (p.id && style === "card" && rng.chance(0.7)) {
    let text = p.birth.year < 1990 && rng.chance(0.3) ? p.id.slice(0, 6) + p.id.slice(8, 17) : p.id;
    const truth = text;
    if (rng.chance(0.04)) {
      const i = rng.int(0, text.length - 2);
      text = text.slice(0, i) + String((Number(text[i]) + rng.int(1, 9)) % 10) + text.slice(i + 1);
    }
    fields.idNumber = field(rng, text, truth, (s) => s);
  }
  return { id, fields };
}

/** A person's entries: one to three (a card, ledger rows). */
export function entriesFor(rng: Rng, p: Person): EntryRecord[] {
  const n = rng.weighted([1, 2, 3], [0.55, 0.35, 0.1]);
  return Array.from({ length: n }, (_, i) => entryFor(rng, p, `${p.key}#${i}`));
}

// ---- queries ------------------------------------------------------------------

function withHomophone(rng: Rng, given: string): string {
  const chars = Array.from(given);
  const order = chars.map((_, i) => i).sort(() => rng.next() - 0.5);
  for (const i of order) {
    const h = homophoneOf(rng, chars[i]);
    if (h) {
      chars[i] = h;
      return chars.join("");
    }
  }
  return given;
}

function offByOneDigit(rng: Rng, d: Ymd): Ymd {
  const day = d.day % 10 === 9 ? d.day - 1 : d.day + 1;
  if (rng.chance(0.5) && day <= daysInMonth(d.year, d.month) && day >= 1) return { ...d, day };
  const month = d.month % 10 === 9 || d.month === 12 ? d.month - 1 : d.month + 1;
  return month <= 12 && d.day <= daysInMonth(d.year, month) ? { ...d, month } : { ...d, day: d.day === 1 ? 2 : d.day - 1 };
}

const iso = (d: Ymd) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

/** What a resident or officer types about a person, with the usual slips of memory. */
export function queryFor(rng: Rng, p: Person): MatchQuery {
  const q: MatchQuery = {};
  let given = p.given;
  if (rng.chance(0.15)) {
    // Little to go on: a name, perhaps the sex and the year of birth.
    q.name = p.surname + (rng.chance(0.08) ? withHomophone(rng, given) : given);
    if (rng.chance(0.7)) q.sex = p.sex === "male" ? "男" : "女";
    if (rng.chance(0.7)) q.birthDate = `${p.birth.year}`;
    return q;
  }
  if (rng.chance(0.08)) given = withHomophone(rng, given);
  q.name = p.formerGiven && rng.chance(0.05) ? p.surname + p.formerGiven : p.surname + given;
  if (p.formerGiven && rng.chance(0.4)) q.formerNames = [p.surname + p.formerGiven];
  if (rng.chance(0.95)) q.sex = p.sex === "male" ? "男" : "女";
  const b = p.birth;
  const kind = rng.weighted(
    ["exact", "written", "roc", "lunar", "swap", "one-off", "year", "year-month", "year-off", "none"] as const,
    [0.45, 0.1, 0.04, 0.07, 0.05, 0.07, 0.08, 0.05, 0.04, 0.05],
  );
  const lunar = lunarOf(b);
  if (kind === "exact") q.birthDate = iso(b);
  else if (kind === "written") q.birthDate = `${b.year}年${b.month}月${b.day}日`;
  else if (kind === "roc" && b.year >= 1912) q.birthDate = `民国${b.year - 1911}年${b.month}月${b.day}日`;
  else if (kind === "lunar" && lunar) q.birthDate = iso(lunar);
  else if (kind === "swap" && b.day <= 12 && b.day !== b.month) q.birthDate = iso({ ...b, month: b.day, day: b.month });
  else if (kind === "one-off") q.birthDate = iso(offByOneDigit(rng, b));
  else if (kind === "year") q.birthDate = `${b.year}年`;
  else if (kind === "year-month") q.birthDate = `${b.year}年${b.month}月`;
  else if (kind === "year-off") q.birthDate = iso({ ...b, year: b.year + (rng.chance(0.5) ? 1 : -1), day: Math.min(b.day, 28) });
  else if (kind !== "none") q.birthDate = iso(b);
  const place = (c: County) => rng.pick([c.county, c.prefecture, `${c.prefecture}${c.county}`, c.county.slice(0, -1)]);
  if (rng.chance(0.5)) q.birthPlace = place(p.birthPlace);
  if (rng.chance(0.25)) q.nativePlace = place(p.nativePlace);
  if (rng.chance(0.3)) q.address = rng.chance(0.5) ? `${p.birthPlace.county}${p.street}${p.houseNumber}号` : `${p.birthPlace.county.slice(0, -1)}${p.street}`;
  if (rng.chance(0.35)) q.fatherName = p.father.surname + (rng.chance(0.1) ? withHomophone(rng, p.father.given) : p.father.given);
  if (rng.chance(0.25)) q.motherName = p.mother.surname + p.mother.given;
  if (p.spouse && rng.chance(0.3)) q.spouseName = p.spouse.surname + p.spouse.given;
  if (p.id && rng.chance(0.25)) q.idNumber = p.id;
  return q;
}
