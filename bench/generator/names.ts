/**
 * Hand-written lists of about 300 common given-name characters by sex and birth era, in
 * Simplified characters (pages in Traditional are converted with opencc).
 * Written for this project from general knowledge of naming fashions: old
 * virtue and fortune words before 1949, political words in the 1950s-70s,
 * single-character and "modern" names in the 1980s. No third-party name list
 * was copied. Characters whose Traditional form is ambiguous (于/於, 后/後,
 * 里/裡, 干/幹, 范/範 ...) are left out so that conversion is always right.
 */
import type { Rng } from "./random.ts";

export type Sex = "male" | "female";
export type Era = "early" | "founding" | "revolution" | "reform";

/** Birth year to naming era. */
export function eraOf(birthYear: number): Era {
  if (birthYear < 1949) return "early";
  if (birthYear < 1966) return "founding";
  if (birthYear < 1977) return "revolution";
  return "reform";
}

const CHARS: Record<Sex, Record<Era, string>> = {
  male: {
    early: "德福贵富财昌荣祥宝寿永全顺林山明文武金银根生成光宗耀祖仁义礼智信忠孝廷庆树有长海春喜茂盛兴元庭汉怀玉清堂书绍锡鸿章俊奎启振云峰瑞泰恩仲伯森鹤鸣殿臣柏桐槐炳焕铭璋麟骏雄豪魁鼎汝泉江河川田禄培基锦升旺发达才昆仑",
    founding: "建国华军民强伟平志卫东兵勇新立胜利跃进援朝解放和红明康社保家洪学忠文荣海林庆德友治中华宪章顺安勤诚奋刚毅坚锋宏涛钢波拥军爱民",
    revolution: "卫东红兵军革文彪向阳永忠胜利强钢铁武继承兴宏伟进学斌庆彬星韶卫农",
    reform: "伟磊涛斌鹏辉刚杰波超浩俊亮宇峰健鑫晨凯勇军飞龙宁帅阳明智博昊晓东亮强振坤鸿轩然旭洋翔帆程朋毅锐哲睿航",
  },
  female: {
    early: "秀英兰珍桂凤玉芝梅淑贞素香莲翠花彩金银娥菊荣琴云霞月巧爱喜春娟惠兰芳珠凤环蓉琼芬媛娴婉嫦妹珊瑛瑾蕙莺鸾仙桃杏钗娣秋冬",
    founding: "红丽华萍霞芳敏燕玲琴娟秀英建梅卫平兰桂凤荣珍琳慧美莉玉淑群素芬莲瑞蓉虹",
    revolution: "红卫华丽萍燕霞芳艳玲英东春梅秀敏红军雪虹彤",
    reform: "静丽艳娜婷敏燕雪晶颖莉慧倩琳洁丹娟萍红霞芳蕾薇琪瑶璐佳欣晓莹妍婧楠雯蓓菲露思梦涵怡婕璇",
  },
};

/** Whole given names typical of an era, used alongside free combinations. */
const COMMON_NAMES: Record<Sex, Record<Era, string[]>> = {
  male: {
    early: ["德福", "永贵", "长春", "宝山", "树林", "福生", "金海", "玉林", "文华", "振声", "光荣", "庆云"],
    founding: ["建国", "建华", "国强", "志明", "卫国", "建平", "和平", "援朝", "跃进", "建新", "国庆", "胜利"],
    revolution: ["卫东", "红兵", "向阳", "永红", "卫兵", "文革", "继红", "东升", "卫华", "学军"],
    reform: ["伟", "磊", "涛", "斌", "鹏", "浩", "杰", "俊杰", "晓东", "海涛", "志强", "建军"],
  },
  female: {
    early: ["秀英", "桂英", "玉兰", "淑珍", "秀兰", "凤英", "桂兰", "玉珍", "素珍", "淑英", "金凤", "翠花"],
    founding: ["秀珍", "丽华", "建华", "红梅", "秀芳", "玉梅", "淑芬", "桂芳", "美华", "秀云"],
    revolution: ["红", "卫红", "红霞", "丽萍", "艳红", "春燕", "海燕", "雪梅", "红英", "东梅"],
    reform: ["静", "丽", "艳", "娜", "婷婷", "晓燕", "丽娟", "雪", "倩", "丹"],
  },
};

/** Generation characters (字辈) shared by brothers in some families. */
export const GENERATION_CHARS = "德世永宗文家光明国正志庆兴传继承守福绍泽";

/** Every character the lists can produce, for glyph-coverage checks. */
export function allGivenNameChars(): string {
  const set = new Set<string>();
  for (const sex of ["male", "female"] as const) {
    for (const era of Object.keys(CHARS[sex]) as Era[]) {
      for (const ch of CHARS[sex][era]) set.add(ch);
      for (const name of COMMON_NAMES[sex][era]) for (const ch of name) set.add(ch);
    }
  }
  for (const ch of GENERATION_CHARS) set.add(ch);
  return [...set].join("");
}

/** A given name of 1-2 characters typical of the sex and birth year. */
export function givenName(rng: Rng, sex: Sex, birthYear: number, generationChar?: string): string {
  const era = eraOf(birthYear);
  const chars = [...CHARS[sex][era]];
  if (generationChar) return generationChar + pickDifferent(rng, chars, generationChar);
  if (rng.chance(0.3)) return rng.pick(COMMON_NAMES[sex][era]);
  // Single-character names became common from the 1970s on.
  const singleChance = era === "reform" ? 0.35 : era === "revolution" ? 0.2 : 0.08;
  if (rng.chance(singleChance)) return rng.pick(chars);
  const first = rng.pick(chars);
  return first + pickDifferent(rng, chars, first);
}

function pickDifferent(rng: Rng, chars: string[], avoid: string): string {
  for (let i = 0; i < 20; i++) {
    const ch = rng.pick(chars);
    if (ch !== avoid) return ch;
  }
  return chars.find((ch) => ch !== avoid) ?? chars[0];
}

/** Childhood or former names (曾用名) as written in the 曾用名 field. */
export function formerGivenName(rng: Rng, sex: Sex, birthYear: number, current: string): string {
  for (let i = 0; i < 10; i++) {
    const name = givenName(rng, sex, birthYear);
    if (name !== current) return name;
  }
  return sex === "male" ? "小虎" : "小凤";
}
