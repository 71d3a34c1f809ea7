/**
 * Synthetic households and residents for register pages. Everything is
 * canonical and in Simplified characters; pages format and convert it
 * (see fields.ts). A household is consistent: children carry the father's
 * surname, wives keep their own, ages, marriages, move-ins and parents' names
 * agree with one another, and ID numbers carry the household's county code.
 */
import { loadCorpus, type Corpus, type Place } from "./corpus.ts";
import { daysInMonth, isoDate } from "./dates.ts";
import { makeId15, makeId18 } from "./id-number.ts";
import { GENERATION_CHARS, formerGivenName, givenName, type Sex } from "./names.ts";
import { Rng } from "./random.ts";

export type { Sex } from "./names.ts";

export type MoveIn =
  | { kind: "birth"; date: string }
  | { kind: "original" }
  | { kind: "moved"; date: string; from: Place; reason: "marriage" | "work" | "family" };

export interface Person {
  personId: string;
  householdId: string;
  surname: string;
  givenName: string;
  fullName: string;
  /** 夫姓+本姓+氏 (陈林氏) for some married women born before 1935: old registers wrote them so. */
  marriedStyleName?: string;
  formerName?: string;
  sex: Sex;
  ethnicity: string;
  /** ISO yyyy-mm-dd */
  birthDate: string;
  birthplace: Place;
  nativePlace: Place;
  idNumber18: string;
  /** Set when the register shows the first-generation 15-digit number. */
  idNumber15?: string;
  relation: string;
  education: string;
  maritalStatus: "未婚" | "已婚" | "丧偶" | "离婚";
  occupation: string;
  employer?: string;
  moveIn: MoveIn;
  fatherName: string;
  motherName: string;
  spouseName?: string;
}

export interface Household {
  householdId: string;
  /** The date the page was written (登记日期), ISO. */
  registeredDate: string;
  place: Place;
  /** Street or village part of the address, after the county. */
  addressDetail: string;
  rural: boolean;
  householdType: string;
  householdNumber: string;
  clerk: string;
  /** members[0] is the head. */
  members: Person[];
}

export interface PeopleOptions {
  corpus?: Corpus;
  /** Prefix of household ids (default `h<seed>`). */
  idPrefix?: string;
}

/** Share of minority households and the groups most present, by province (rough, for plausibility only). */
const MINORITIES: Record<string, [number, string[]]> = {
  西藏自治区: [0.9, ["藏", "藏", "藏", "门巴", "回"]],
  新疆维吾尔自治区: [0.55, ["维吾尔", "维吾尔", "哈萨克", "回", "柯尔克孜"]],
  青海省: [0.45, ["藏", "回", "土", "撒拉"]],
  广西壮族自治区: [0.35, ["壮", "壮", "瑶", "苗", "侗"]],
  宁夏回族自治区: [0.35, ["回"]],
  贵州省: [0.35, ["苗", "布依", "侗", "土家", "彝"]],
  云南省: [0.33, ["彝", "白", "哈尼", "傣", "壮", "苗"]],
  内蒙古自治区: [0.2, ["蒙古", "蒙古", "满", "回"]],
  吉林省: [0.08, ["朝鲜", "满"]],
  辽宁省: [0.15, ["满", "蒙古", "回"]],
  湖南省: [0.1, ["土家", "苗", "侗"]],
  湖北省: [0.06, ["土家", "苗"]],
  重庆市: [0.06, ["土家", "苗"]],
  四川省: [0.06, ["彝", "藏", "羌"]],
  海南省: [0.15, ["黎", "苗"]],
  甘肃省: [0.09, ["回", "藏", "东乡"]],
};
const ORDINALS = ["长", "次", "三", "四", "五", "六"];
const ROADS = "人民 解放 中山 建设 和平 胜利 新华 东风 红旗 文化 工农 民主 光明 朝阳 友谊 团结 幸福 青年 健康 劳动 北京 长江 黄河 复兴".split(" ");
const ROAD_SUFFIXES = ["路", "街", "大街", "路", "巷"];
const VILLAGE_PREFIXES = "东西南北大小前上下新高".split("");
const VILLAGE_SUFFIXES = ["家庄", "庄", "家村", "屯", "家湾", "家坪", "家营", "家寨", "沟", "家岗"];
const FACTORY = ["机械厂", "纺织厂", "化肥厂", "棉纺厂", "水泥厂", "农机厂", "造纸厂", "砖瓦厂", "食品厂"];
const OFFICES = ["人民政府", "粮食局", "财政局", "供销社", "税务局", "水利局"];
const SHOPS = ["百货公司", "供销社", "副食品商店", "信用社", "邮电局"];
const PRIMARY_SCHOOLS = ["实验小学", "中心小学", "第一小学"];
const MIDDLE_SCHOOLS = ["第一中学", "第二中学", "第三中学"];
const SCHOOLS = [...PRIMARY_SCHOOLS, ...MIDDLE_SCHOOLS];
const HOSPITALS = ["人民医院", "中医院", "卫生院"];

/** Households, each with a head and 1-6 members. */
export function generateHouseholds(seed: number, count: number, opts: PeopleOptions = {}): Household[] {
  const corpus = opts.corpus ?? loadCorpus();
  const root = new Rng(seed);
  const prefix = opts.idPrefix ?? `h${seed}`;
  return Array.from({ length: count }, (_, i) => generateHousehold(root.fork(`household-${i}`), corpus, `${prefix}-${String(i + 1).padStart(4, "0")}`));
}

/** `count` persons, taken household by household (so relatives come together). */
export function generatePeople(seed: number, count: number, opts: PeopleOptions = {}): Person[] {
  const people: Person[] = [];
  const corpus = opts.corpus ?? loadCorpus();
  const root = new Rng(seed);
  const prefix = opts.idPrefix ?? `h${seed}`;
  for (let i = 0; people.length < count; i++) {
    const household = generateHousehold(root.fork(`household-${i}`), corpus, `${prefix}-${String(i + 1).padStart(4, "0")}`);
    people.push(...household.members.slice(0, count - people.length));
  }
  return people;
}

interface Draft {
  surname: string;
  givenName?: string;
  sex: Sex;
  birthYear: number;
  relation: string;
  role: "head" | "spouse" | "child" | "parent" | "childSpouse" | "grandchild";
  /** Index of the draft that is this person's father/mother/spouse inside the household, if present. */
  father?: number;
  mother?: number;
  spouse?: number;
  fatherName?: string;
  motherName?: string;
  spouseName?: string;
  maritalStatus: Person["maritalStatus"];
  marriageYear?: number;
  bornHere: boolean;
  husbandSurname?: string;
}

function generateHousehold(rng: Rng, corpus: Corpus, householdId: string): Household {
  const year = rng.chance(0.25) ? rng.int(1955, 1983) : rng.int(1984, 1998);
  const registeredDate = randomDate(rng, year);
  const place = rng.pick(corpus.places);
  const rural = rng.chance(0.55);
  const [minorityShare, groups] = MINORITIES[place.province] ?? [0.03, ["回", "满"]];
  const ethnicity = rng.chance(minorityShare) ? rng.pick(groups) : "汉";
  const drafts = draftMembers(rng, corpus, year);
  const address = rural ? villageAddress(rng, drafts[0].surname, year) : { detail: streetAddress(rng, year), farmUnit: undefined };
  nameDrafts(rng, drafts);

  const members: Person[] = [];
  const ids = new Set<string>();
  const headNative = rng.chance(0.65) ? null : rng.pick(corpus.places);
  const birthplaces = drafts.map((d) => (d.bornHere ? place : rng.pick(corpus.places)));
  drafts.forEach((draft, index) => {
    const birthDate = randomDate(rng, draft.birthYear, draft.birthYear === year ? registeredDate : undefined);
    const birthplace = birthplaces[index];
    const fatherIndex = draft.father;
    // 籍贯 follows the father's line; wives and the head's parents keep their own.
    let nativePlace: Place;
    if (draft.role === "head") nativePlace = headNative ?? birthplace;
    else if (draft.role === "parent" && draft.sex === "male") nativePlace = members[0].nativePlace;
    else if (fatherIndex !== undefined && fatherIndex < members.length) nativePlace = members[fatherIndex].nativePlace;
    else if (draft.role === "grandchild" || draft.role === "child") nativePlace = members[0].nativePlace;
    else nativePlace = rng.chance(0.7) ? birthplace : rng.pick(corpus.places);

    let sequence: number;
    let idNumber18: string;
    do {
      sequence = draft.sex === "male" ? rng.int(0, 499) * 2 + 1 : rng.int(1, 499) * 2;
      idNumber18 = makeId18(place.code, birthDate, sequence);
    } while (ids.has(idNumber18));
    ids.add(idNumber18);
    const idNumber15 = draft.birthYear >= 1900 && draft.birthYear < 1970 && rng.chance(0.3) ? makeId15(place.code, birthDate, sequence) : undefined;

    const fullName = draft.surname + draft.givenName;
    const age = ageAt(birthDate, registeredDate);
    const education = educationFor(rng, draft.sex, draft.birthYear, age);
    let occupation = occupationFor(rng, draft.sex, age, rural, year);
    if ((education === "大专" || education === "大学") && (occupation === "农民" || occupation === "工人" || occupation === "家务")) occupation = rng.pick(["教师", "干部", "医生", "会计"]);
    const person: Person = {
      personId: `${householdId}-p${index + 1}`,
      householdId,
      surname: draft.surname,
      givenName: draft.givenName!,
      fullName,
      sex: draft.sex,
      ethnicity: draft.role === "spouse" || draft.role === "childSpouse" ? (rng.chance(0.85) ? ethnicity : "汉") : ethnicity,
      birthDate,
      birthplace,
      nativePlace,
      idNumber18,
      relation: draft.relation,
      education,
      maritalStatus: draft.maritalStatus,
      occupation,
      employer: employerFor(rng, occupation, place, address.farmUnit, age),
      moveIn: moveInFor(rng, draft, birthDate, birthplace, place, registeredDate),
      fatherName: draft.fatherName!,
      motherName: draft.motherName!,
    };
    if (idNumber15) person.idNumber15 = idNumber15;
    if (draft.spouseName) person.spouseName = draft.spouseName;
    if (rng.chance(0.08)) person.formerName = draft.surname + formerGivenName(rng, draft.sex, draft.birthYear, draft.givenName!);
    if (draft.husbandSurname && draft.husbandSurname !== draft.surname && draft.birthYear < 1935 && draft.maritalStatus !== "未婚" && rng.chance(0.6)) {
      person.marriedStyleName = `${draft.husbandSurname}${draft.surname}氏`;
    }
    members.push(person);
  });

  return {
    householdId,
    registeredDate,
    place,
    addressDetail: address.detail,
    rural,
    householdType: year >= 1998 && rng.chance(0.4) ? "家庭户" : rural ? "农业家庭户" : "非农业家庭户",
    householdNumber: String(rng.int(1, 99_999_999)).padStart(8, "0"),
    clerk: corpus.surnames.draw(rng) + givenName(rng, rng.chance(0.7) ? "male" : "female", rng.int(1930, year - 22)),
    members,
  };
}

/** Who lives in the household, with sexes, birth years and relations; names come later. */
function draftMembers(rng: Rng, corpus: Corpus, year: number): Draft[] {
  const headSex: Sex = rng.chance(0.85) ? "male" : "female";
  let headAge = Math.round(Math.min(82, Math.max(22, rng.normal(46, 14))));
  if (year - headAge < 1900) headAge = year - 1900 - rng.int(0, 3);
  const headYear = year - headAge;
  const headSurname = corpus.surnames.draw(rng);
  const drafts: Draft[] = [{ surname: headSurname, sex: headSex, birthYear: headYear, relation: "户主", role: "head", maritalStatus: "未婚", bornHere: rng.chance(0.7) }];
  const head = drafts[0];

  // The couple whose children live here. Index -1 means the partner is not in the household.
  let fatherSurname = headSurname;
  let motherIndex = -1;
  let marriageYear: number | undefined;
  if (headSex === "male") {
    if (headAge >= 21 && rng.chance(headAge < 60 ? 0.88 : 0.6)) {
      const wifeYear = clamp(headYear + rng.int(-2, 6), 1900, year - 19);
      marriageYear = Math.min(year, Math.max(headYear + 21, wifeYear + 19) + rng.int(0, 4));
      drafts.push({ surname: distinctSurname(rng, corpus, headSurname), sex: "female", birthYear: wifeYear, relation: "妻", role: "spouse", maritalStatus: "已婚", marriageYear, bornHere: rng.chance(0.5), husbandSurname: headSurname, spouse: 0 });
      motherIndex = 1;
      head.spouse = 1;
      head.maritalStatus = "已婚";
      head.marriageYear = marriageYear;
    } else if (headAge >= 35) {
      head.maritalStatus = rng.chance(0.8) ? "丧偶" : "离婚";
      marriageYear = headYear + rng.int(21, 27);
    }
  } else {
    marriageYear = headYear + rng.int(19, 25);
    if (headAge >= 23 && rng.chance(0.25)) {
      const husbandYear = clamp(headYear - rng.int(-1, 5), 1900, year - 21);
      fatherSurname = distinctSurname(rng, corpus, headSurname);
      drafts.push({ surname: fatherSurname, sex: "male", birthYear: husbandYear, relation: "夫", role: "spouse", maritalStatus: "已婚", marriageYear, bornHere: rng.chance(0.5), spouse: 0 });
      head.spouse = 1;
      head.maritalStatus = "已婚";
    } else if (headAge >= 30) {
      fatherSurname = distinctSurname(rng, corpus, headSurname);
      head.maritalStatus = rng.chance(0.8) ? "丧偶" : "离婚";
    } else {
      marriageYear = undefined;
    }
    if (head.maritalStatus !== "未婚") head.husbandSurname = fatherSurname;
    motherIndex = 0;
  }

  // Children: born after the marriage, before the register was written.
  const motherYear = motherIndex >= 0 ? drafts[motherIndex].birthYear : headYear + rng.int(0, 5);
  const children: Draft[] = [];
  if (marriageYear !== undefined) {
    const wanted = motherYear < 1940 ? rng.int(1, 5) : motherYear < 1960 ? rng.int(1, 4) : rng.int(0, 2);
    let birthYear = marriageYear + rng.int(1, 2);
    const last = Math.min(motherYear + 42, year - 1);
    for (let i = 0; i < wanted && birthYear <= last; i++) {
      const sex: Sex = rng.chance(0.52) ? "male" : "female";
      children.push({ surname: fatherSurname, sex, birthYear, relation: "", role: "child", maritalStatus: "未婚", bornHere: rng.chance(0.9) });
      birthYear += rng.int(1, 4);
    }
  }
  // Sons and daughters are numbered by birth order among all of them, including those who left.
  let sons = 0;
  let daughters = 0;
  for (const child of children) {
    const rank = child.sex === "male" ? sons++ : daughters++;
    child.relation = `${ORDINALS[rank] ?? ""}${child.sex === "male" ? "子" : "女"}`;
  }
  const staying = children.filter((child) => {
    const age = year - child.birthYear;
    if (child.sex === "female") return age < 22 || (age < 30 && rng.chance(0.3));
    return age < 26 || rng.chance(0.5);
  });
  const fatherIndex = headSex === "male" ? 0 : head.spouse;
  for (const child of staying) {
    if (drafts.length >= 7) break;
    child.father = fatherIndex;
    child.mother = motherIndex >= 0 ? motherIndex : undefined;
    drafts.push(child);
  }

  // A married son may live here with his wife and children.
  const eldestSon = drafts.find((d) => d.role === "child" && d.sex === "male" && year - d.birthYear >= 23);
  if (eldestSon && drafts.length <= 5 && rng.chance(0.55)) {
    const sonIndex = drafts.indexOf(eldestSon);
    const wifeYear = clamp(eldestSon.birthYear + rng.int(-2, 4), eldestSon.birthYear - 3, year - 20);
    const sonMarriage = Math.min(year - 1, Math.max(eldestSon.birthYear + 22, wifeYear + 20) + rng.int(0, 2));
    eldestSon.maritalStatus = "已婚";
    eldestSon.marriageYear = sonMarriage;
    const wifeIndex = drafts.length;
    eldestSon.spouse = wifeIndex;
    drafts.push({ surname: distinctSurname(rng, corpus, eldestSon.surname), sex: "female", birthYear: wifeYear, relation: "儿媳", role: "childSpouse", maritalStatus: "已婚", marriageYear: sonMarriage, bornHere: rng.chance(0.4), husbandSurname: eldestSon.surname, spouse: sonIndex });
    let birthYear = sonMarriage + 1;
    for (let i = rng.int(0, 2); i > 0 && birthYear < year && drafts.length < 7; i--) {
      const sex: Sex = rng.chance(0.52) ? "male" : "female";
      drafts.push({ surname: eldestSon.surname, sex, birthYear, relation: sex === "male" ? "孙子" : "孙女", role: "grandchild", maritalStatus: "未婚", bornHere: true, father: sonIndex, mother: wifeIndex });
      birthYear += rng.int(2, 4);
    }
  }

  // Elderly parents of a younger head.
  if (headAge < 50 && headYear >= 1922 && drafts.length < 7 && (drafts.length === 1 || rng.chance(0.25))) {
    const parentYear = Math.max(1900, headYear - rng.int(22, 34));
    const sex: Sex = rng.chance(0.4) ? "male" : "female";
    const index = drafts.length;
    drafts.push({
      surname: sex === "male" ? headSurname : distinctSurname(rng, corpus, headSurname),
      sex,
      birthYear: parentYear,
      relation: sex === "male" ? "父" : "母",
      role: "parent",
      maritalStatus: "丧偶",
      bornHere: rng.chance(0.6),
      husbandSurname: sex === "female" ? headSurname : undefined,
    });
    if (sex === "male") head.father = index;
    else head.mother = index;
  }

  // A head always has at least one member.
  if (drafts.length === 1) {
    const sex: Sex = rng.chance(0.5) ? "male" : "female";
    const birthYear = Math.min(year - 1, headYear + rng.int(20, 30));
    const mother = headSex === "female" ? 0 : undefined;
    drafts.push({ surname: fatherSurname, sex, birthYear, relation: sex === "male" ? "长子" : "长女", role: "child", maritalStatus: "未婚", bornHere: true, father: headSex === "male" ? 0 : undefined, mother });
    if (head.maritalStatus === "未婚") head.maritalStatus = "丧偶";
  }
  return drafts;
}

function nameDrafts(rng: Rng, drafts: Draft[]): void {
  const used = new Set<string>();
  const generation = rng.chance(0.4) ? rng.pick([...GENERATION_CHARS]) : undefined;
  for (const draft of drafts) {
    for (let attempt = 0; ; attempt++) {
      const useGeneration = generation && draft.role === "child" && draft.sex === "male" && attempt < 5;
      const given = givenName(rng, draft.sex, draft.birthYear, useGeneration ? generation : undefined);
      if (!used.has(draft.surname + given) || attempt > 30) {
        draft.givenName = given;
        used.add(draft.surname + given);
        break;
      }
    }
  }
  const nameOf = (i: number | undefined) => (i === undefined ? undefined : drafts[i].surname + drafts[i].givenName);
  // Relatives outside the household still have names on the record, distinct from everyone inside it.
  const outsider = (surname: string, sex: Sex, birthYear: number) => {
    for (let attempt = 0; ; attempt++) {
      const name = surname + givenName(rng, sex, birthYear);
      if (!used.has(name) || attempt > 30) {
        used.add(name);
        return name;
      }
    }
  };
  const head = drafts[0];
  for (const draft of drafts) {
    draft.spouseName = nameOf(draft.spouse);
    draft.fatherName = nameOf(draft.father) ?? outsider(draft.surname, "male", draft.birthYear - rng.int(22, 35));
    draft.motherName = nameOf(draft.mother) ?? outsider(randomOtherSurname(rng, draft), "female", draft.birthYear - rng.int(20, 32));
    if (!draft.spouseName && draft.maritalStatus !== "未婚") {
      // A widowed or divorced partner, or the other parent of the head.
      if (draft.role === "parent") draft.spouseName = draft.sex === "male" ? head.motherName : head.fatherName;
      else if (draft.sex === "female" && draft.husbandSurname) draft.spouseName = outsider(draft.husbandSurname, "male", draft.birthYear - 3);
      else draft.spouseName = outsider(randomOtherSurname(rng, draft), draft.sex === "male" ? "female" : "male", draft.birthYear + 2);
    }
  }
  // Children of a head whose partner is not in the household name that partner.
  for (const draft of drafts) {
    if (draft.role !== "child") continue;
    if (draft.father === undefined && head.sex === "female" && head.spouseName) draft.fatherName = head.spouseName;
    if (draft.mother === undefined && head.sex === "male" && head.spouseName) draft.motherName = head.spouseName;
  }
}

function randomOtherSurname(rng: Rng, draft: Draft): string {
  const common = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐";
  for (;;) {
    const s = rng.pick([...common]);
    if (s !== draft.surname) return s;
  }
}

function distinctSurname(rng: Rng, corpus: Corpus, avoid: string): string {
  for (let i = 0; i < 20; i++) {
    const s = corpus.surnames.draw(rng);
    if (s !== avoid) return s;
  }
  return avoid === "王" ? "李" : "王";
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** A uniform date in `year`, not after `notAfter` (ISO) when given. */
function randomDate(rng: Rng, year: number, notAfter?: string): string {
  const maxMonth = notAfter ? Number(notAfter.slice(5, 7)) : 12;
  const month = rng.int(1, maxMonth);
  const maxDay = notAfter && month === maxMonth ? Number(notAfter.slice(8, 10)) : daysInMonth(year, month);
  return isoDate(year, month, rng.int(1, maxDay));
}

export function ageAt(birthDate: string, onDate: string): number {
  const age = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? age - 1 : age;
}

function educationFor(rng: Rng, sex: Sex, birthYear: number, age: number): string {
  if (age < 7) return "学龄前";
  if (age <= 12) return "小学";
  if (age <= 15) return "初中";
  const levels = ["文盲", "半文盲", "小学", "初中", "高中", "中专", "大专", "大学"];
  const female = sex === "female";
  let weights: number[];
  if (birthYear < 1930) weights = [female ? 60 : 35, 10, 35, 10, 5, 1, 2, 1];
  else if (birthYear < 1950) weights = [female ? 30 : 15, 5, 38, 25, 12, 4, 3, 1];
  else if (birthYear < 1966) weights = [4, 2, 25, 40, 20, 5, 3, 2];
  else weights = [1, 0, 12, 40, 22, 10, 9, 6];
  if (age <= 18) weights = weights.map((w, i) => (i <= 4 ? w : 0));
  return rng.weighted(levels, weights);
}

function occupationFor(rng: Rng, sex: Sex, age: number, rural: boolean, year: number): string {
  if (age < 7) return "无";
  if (age < 17) return "学生";
  if (age < 22 && rng.chance(0.3)) return "学生";
  const retireAge = sex === "male" ? 60 : 55;
  if (!rural && age >= retireAge && year >= 1978 && rng.chance(0.75)) return "退休";
  if (rural) {
    return rng.weighted(["农民", "工人", "教师", "干部", "个体", "家务"], [78, 7, 4, 3, year >= 1980 ? 5 : 0, sex === "female" ? 6 : 0]);
  }
  return rng.weighted(
    ["工人", "职员", "干部", "教师", "医生", "售货员", "司机", "会计", "个体", "家务", "无业"],
    [40, 15, 10, 7, 3, 5, sex === "male" ? 4 : 0, 3, year >= 1980 ? 5 : 0, sex === "female" ? 6 : 0, 2],
  );
}

/** farmUnit: the production team (生产队) of a rural household before 1983, the farmer's work unit. */
function employerFor(rng: Rng, occupation: string, place: Place, farmUnit: string | undefined, age: number): string | undefined {
  const county = place.county;
  switch (occupation) {
    case "工人":
      return county + rng.pick(FACTORY);
    case "干部":
      return county + rng.pick(OFFICES);
    case "职员":
    case "会计":
    case "售货员":
      return county + rng.pick(SHOPS);
    case "教师":
      return county + rng.pick(SCHOOLS);
    case "医生":
      return county + rng.pick(HOSPITALS);
    case "司机":
      return county + "运输公司";
    case "学生":
      return county + (age < 13 ? rng.pick(PRIMARY_SCHOOLS) : rng.pick(MIDDLE_SCHOOLS));
    case "农民":
      return farmUnit;
    default:
      return undefined;
  }
}

function moveInFor(rng: Rng, draft: Draft, birthDate: string, birthplace: Place, home: Place, registeredDate: string): MoveIn {
  const birthYear = Number(birthDate.slice(0, 4));
  const year = Number(registeredDate.slice(0, 4));
  // A move-in month is after the birth month and not after the page was written.
  const monthOf = (moveYear: number) => {
    const ym = isoDate(moveYear, rng.int(1, 12));
    const latest = registeredDate.slice(0, 7);
    const earliest = birthDate.slice(0, 7);
    return ym > latest ? latest : ym < earliest ? earliest : ym;
  };
  if ((draft.role === "spouse" || draft.role === "childSpouse") && draft.marriageYear !== undefined && birthplace.code !== home.code) {
    return { kind: "moved", date: monthOf(Math.min(draft.marriageYear, year)), from: birthplace, reason: "marriage" };
  }
  if (birthplace.code !== home.code) {
    const moveYear = clamp(birthYear + rng.int(16, 40), birthYear + 1, year);
    return { kind: "moved", date: monthOf(moveYear), from: birthplace, reason: draft.role === "child" || draft.role === "parent" ? "family" : "work" };
  }
  if (draft.role === "child" || draft.role === "grandchild") return { kind: "birth", date: birthDate.slice(0, 7) };
  return { kind: "original" };
}

function villageAddress(rng: Rng, surname: string, year: number): { detail: string; farmUnit: string | undefined } {
  const name = rng.chance(0.6) ? surname + rng.pick(VILLAGE_SUFFIXES) : rng.pick(VILLAGE_PREFIXES) + rng.pick(VILLAGE_SUFFIXES).replace("家", "");
  const village = `${name}${name.endsWith("村") ? "" : "村"}`;
  // Before the communes were dissolved (1983) a village was organised in production teams.
  const team = year < 1983 ? `${rng.pick(["第一", "第二", "第三", "第四", "第五", "第六"])}生产队` : undefined;
  const unit = team ?? `${rng.int(1, 9)}组`;
  return { detail: `${village}${unit}${rng.chance(0.5) ? `${rng.int(1, 120)}号` : ""}`, farmUnit: team && village + team };
}

function streetAddress(rng: Rng, year: number): string {
  const road = rng.pick(ROADS) + rng.pick(ROAD_SUFFIXES);
  const number = rng.int(1, 260);
  if (year >= 1985 && rng.chance(0.5)) return `${road}${number}号${rng.int(1, 12)}栋${rng.int(1, 6)}0${rng.int(1, 4)}室`;
  return `${road}${number}号`;
}
