import { describe, expect, test } from "vitest";
import { idCheckChar } from "~/core/normalize";
import { dateLevel } from "./fields";
import { compare, DEFAULT_MODEL, explanationText, MATCH_I18N_EN, prepareEntry, prepareQuery, type EntryField, type MatchQuery } from "./index";
import { prepareDate } from "./prepare";

type Fields = Partial<Record<keyof MatchQuery, string | EntryField>>;

function entry(fields: Fields, id = "e") {
  const f: Record<string, EntryField> = {};
  for (const [k, v] of Object.entries(fields)) f[k] = typeof v === "string" ? { value: v } : v!;
  return prepareEntry({ id, fields: f });
}

function query(fields: Fields) {
  const q: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) q[k] = typeof v === "string" ? (k === "formerNames" ? [v] : v) : v!.value;
  return prepareQuery(q as MatchQuery);
}

function levelOf(field: string, a: Fields, b: Fields) {
  return compare(query(a), entry(b), DEFAULT_MODEL).levels.find((l) => l.field === field)!;
}

const id18 = (first17: string) => first17 + idCheckChar(first17);

type Case = [label: string, field: string, a: Fields, b: Fields, level: string];

const NAME_CASES: Case[] = [
  ["same characters", "name", { name: "王秀英" }, { name: "王秀英" }, "exact"],
  ["traditional and simplified", "name", { name: "陳秀英" }, { name: "陈秀英" }, "canonical-equal"],
  ["character variants", "name", { name: "李峯" }, { name: "李峰" }, "canonical-equal"],
  ["husband's surname in front", "name", { name: "陈林秀英" }, { name: "林秀英" }, "married-name-equal"],
  ["夫姓+本姓+氏", "name", { name: "陳林氏" }, { name: "林秀英" }, "married-form-equal"],
  ["本姓+氏 only", "name", { name: "林氏" }, { name: "林秀英" }, "married-form-equal"],
  ["both married forms, one full: both surnames agree", "name", { name: "陈林氏" }, { name: "陈林秀英" }, "married-form-husband-equal"],
  ["married form, her husband recorded on the other side", "name", { name: "張羅氏" }, { name: "罗金婉", spouseName: "张振国" }, "married-form-husband-equal"],
  ["married form, another husband recorded on the other side", "name", { name: "張羅氏" }, { name: "罗金婉", spouseName: "李振国" }, "married-form-other-husband"],
  ["married form, spouses on both sides: the spouse field compares them", "name", { name: "張羅氏", spouseName: "張振國" }, { name: "罗金婉", spouseName: "李振国" }, "married-form-equal"],
  ["married form, the other side's husband recorded but no married form", "name", { name: "羅氏" }, { name: "罗金婉", spouseName: "李振国" }, "married-form-equal"],
  ["look-alike 王/玉", "name", { name: "王秀英" }, { name: "玉秀英" }, "ocr-confusion"],
  ["look-alike 己/已, traditional", "name", { name: "陳己明" }, { name: "陈已明" }, "ocr-confusion"],
  ["homophone 英/瑛", "name", { name: "王秀英" }, { name: "王秀瑛" }, "same-pinyin"],
  ["one character differs", "name", { name: "王秀英" }, { name: "王秀兰" }, "edit-distance-1"],
  ["two-character name, other surname", "name", { name: "陈英" }, { name: "林英" }, "other-surname"],
  ["three-character name, other surname", "name", { name: "孔跃进" }, { name: "孙跃进" }, "other-surname"],
  ["two married forms, other husband", "name", { name: "吕王氏" }, { name: "曾王氏" }, "different"],
  ["two married forms, other maiden surname", "name", { name: "刘张氏" }, { name: "刘姜氏" }, "different"],
  ["one character dropped", "name", { name: "王秀英" }, { name: "王英" }, "edit-distance-1"],
  ["two-character name, only the surname shared", "name", { name: "陈英" }, { name: "陈华" }, "different"],
  ["homophone and a misread character", "name", { name: "马奋淑" }, { name: "马芬涉" }, "similar"],
  ["a homophone and a character added by the OCR", "name", { name: "戶群藍" }, { name: "户有群兰" }, "similar"],
  ["a look-alike and a dropped character", "name", { name: "王秀英华" }, { name: "玉秀华" }, "similar"],
  ["an unrelated and a dropped character", "name", { name: "户有群兰" }, { name: "户群花" }, "different"],
  ["a homophone and a dropped surname", "name", { name: "有群兰" }, { name: "户群蓝" }, "different"],
  ["a homophone and an unrelated character", "name", { name: "汪智毅" }, { name: "汪志角" }, "similar"],
  ["married form, man by his ID number", "name", { name: "陳林氏" }, { name: "林秀英", idNumber: "110105195603120016" }, "different"],
  ["married form, an ID number's sex digit against her written sex", "name", { name: "陳林氏" }, { name: "林秀英", sex: "女", idNumber: "110105195603120016" }, "married-form-equal"],
  ["look-alike surname, given name homophone", "name", { name: "王書芬" }, { name: "玉淑芬" }, "similar"],
  ["other surname, given name homophone", "name", { name: "梁書芬" }, { name: "刘淑芬" }, "different"],
  ["two unrelated characters differ", "name", { name: "马奋淑" }, { name: "马建国" }, "different"],
  ["two characters differ in a two-character name", "name", { name: "马奋" }, { name: "吴芬" }, "different"],
  ["married form against a man", "name", { name: "陳林氏", sex: "男" }, { name: "林秀英" }, "different"],
  ["married form, sex of the entry male", "name", { name: "陳林氏" }, { name: "林秀英", sex: "男" }, "different"],
  ["a man's name with a character read before it", "name", { name: "和牛慶雲", sex: "男" }, { name: "牛庆云", sex: "男" }, "added-character"],
  ["a character added inside a name of three", "name", { name: "姚贞花" }, { name: "姚贞人花" }, "added-character"],
  ["a character added to a name of two stays one edit", "name", { name: "张杰" }, { name: "张俊杰" }, "edit-distance-1"],
  ["the same, read as a woman's name with her husband's surname", "name", { name: "和牛慶雲", sex: "女" }, { name: "牛庆云", sex: "女" }, "married-name-equal"],
  ["married form against a woman", "name", { name: "陳林氏", sex: "女" }, { name: "林秀英", sex: "女" }, "married-form-equal"],
  ["unrelated", "name", { name: "王秀英" }, { name: "李建国" }, "different"],
  ["married form, other surname", "name", { name: "陈林氏" }, { name: "王秀英" }, "different"],
  ["married form, her own surname a look-alike of the name's", "name", { name: "阮閭氏" }, { name: "閆婉淑" }, "married-form-equal"],
  ["married form, 龔 read as 冀", "name", { name: "李冀氏" }, { name: "龔秀蘭" }, "married-form-equal"],
  ["married form one edit from a woman's own name", "name", { name: "李玉兰" }, { name: "李于氏" }, "different"],
  ["two married forms, maiden surnames homophones", "name", { name: "李玉氏" }, { name: "李于氏" }, "same-pinyin"],
  ["father, traditional", "fatherName", { fatherName: "陈大明" }, { fatherName: "陳大明" }, "canonical-equal"],
  ["mother as 夫姓+本姓+氏", "motherName", { motherName: "林秀英" }, { motherName: "陳林氏" }, "married-form-equal"],
  ["spouse homophone", "spouseName", { spouseName: "张建华" }, { spouseName: "张健华" }, "same-pinyin"],
];

const DATE_CASES: Case[] = [
  ["same day", "birthDate", { birthDate: "1956-03-12" }, { birthDate: "1956年3月12日" }, "exact"],
  ["ROC year", "birthDate", { birthDate: "1956-03-12" }, { birthDate: "民國45年3月12日" }, "era-converted"],
  ["Japanese era", "birthDate", { birthDate: "1935-05-01" }, { birthDate: "昭和10年5月1日" }, "era-converted"],
  ["lunar date converted", "birthDate", { birthDate: "1956-09-19" }, { birthDate: "農曆1956年八月十五" }, "lunar-converted"],
  ["lunar birthday given as Gregorian", "birthDate", { birthDate: "1956-08-15" }, { birthDate: "1956-09-19" }, "read-as-lunar"],
  ["day and month swapped", "birthDate", { birthDate: "1956-03-12" }, { birthDate: "1956-12-03" }, "day-month-swapped"],
  ["a day apart", "birthDate", { birthDate: "1956-03-12" }, { birthDate: "1956-03-13" }, "day-off-by-one"],
  ["a day apart across a month's end", "birthDate", { birthDate: "1956-02-29" }, { birthDate: "1956-03-01" }, "day-off-by-one"],
  ["a day apart across a year's end", "birthDate", { birthDate: "1959-12-31" }, { birthDate: "1960-01-01" }, "day-off-by-one"],
  ["a day apart, one side an ROC date", "birthDate", { birthDate: "1956-03-12" }, { birthDate: "民國45年3月11日" }, "day-off-by-one"],
  ["one digit of the day, days apart", "birthDate", { birthDate: "1956-03-12" }, { birthDate: "1956-03-18" }, "one-field-off"],
  ["same year and month", "birthDate", { birthDate: "1956-03-12" }, { birthDate: "1956-03-25" }, "same-year-month"],
  ["year and month only", "birthDate", { birthDate: "1956年3月" }, { birthDate: "1956-03-12" }, "same-year-month"],
  ["year only", "birthDate", { birthDate: "1956" }, { birthDate: "1956-03-12" }, "partial"],
  ["full dates sharing only the year", "birthDate", { birthDate: "1956-03-12" }, { birthDate: "1956-07-25" }, "different"],
  ["same year, months only", "birthDate", { birthDate: "1956年3月" }, { birthDate: "1956-11" }, "same-year"],
  ["year nine apart in the last digit", "birthDate", { birthDate: "1980-04-24" }, { birthDate: "1989-04-24" }, "different"],
  ["year with look-alike digits 3/8", "birthDate", { birthDate: "1936-04-24" }, { birthDate: "1986-04-24" }, "one-field-off"],
  ["year off by one", "birthDate", { birthDate: "1959-03-12" }, { birthDate: "1960-03-12" }, "year-off-by-one"],
  ["different", "birthDate", { birthDate: "1956-03-12" }, { birthDate: "1970-08-01" }, "different"],
];

const ID = id18("11010519560312001");
const ID_CASES: Case[] = [
  ["same 18 digits", "idNumber", { idNumber: ID }, { idNumber: ID }, "exact"],
  ["15-digit upgraded", "idNumber", { idNumber: ID }, { idNumber: "110105560312001" }, "upgraded-equal"],
  ["same digits, bad check", "idNumber", { idNumber: "110105195603120010" }, { idNumber: "110105195603120010" }, "equal-unverified"],
  ["one digit misread", "idNumber", { idNumber: ID }, { idNumber: ID.slice(0, 3) + "2" + ID.slice(4) }, "one-digit-off"],
  ["two digits transposed", "idNumber", { idNumber: ID }, { idNumber: ID.slice(0, 2) + ID[3] + ID[2] + ID.slice(4) }, "one-digit-off"],
  // Several digits misread: the read number fails its check.
  ["misread in two places, same birth date", "idNumber", { idNumber: ID }, { idNumber: "120105195603120020" }, "birth-date-agrees"],
  ["two valid numbers, same birth date", "idNumber", { idNumber: ID }, { idNumber: id18("13012319560312003") }, "same-birth-two-numbers"],
  // A 15-digit number has no check digit to tell a misreading; how many digits differ still can.
  ["a 15-digit number two digits off, same birth date", "idNumber", { idNumber: ID }, { idNumber: "110165560312002" }, "birth-date-agrees"],
  ["a 15-digit number of another region, same birth date", "idNumber", { idNumber: ID }, { idNumber: "632224560312380" }, "same-birth-two-numbers"],
  ["different", "idNumber", { idNumber: ID }, { idNumber: id18("13012319700801004") }, "different"],
];

const OTHER_CASES: Case[] = [
  ["same sex", "sex", { sex: "男" }, { sex: "男" }, "agree"],
  ["sex written differently", "sex", { sex: "female" }, { sex: "女" }, "agree"],
  ["different sex", "sex", { sex: "男" }, { sex: "女" }, "disagree"],
  ["same place, suffix dropped", "birthPlace", { birthPlace: "石家庄" }, { birthPlace: "石家莊市" }, "exact"],
  ["county within its prefecture", "birthPlace", { birthPlace: "石家庄市" }, { birthPlace: "正定縣" }, "contains"],
  ["prefecture in a longer name", "nativePlace", { nativePlace: "泉州" }, { nativePlace: "福建省泉州市晋江县" }, "contains"],
  ["similar addresses", "address", { address: "晋江县人民路十二号" }, { address: "晋江县人民路13号" }, "similar"],
  ["different places", "birthPlace", { birthPlace: "保定市" }, { birthPlace: "泉州市" }, "different"],
  ["different streets in one county", "address", { address: "晋江县人民路12号" }, { address: "晋江县和平街3号" }, "different"],
  ["name is the other's former name", "formerNames", { name: "王小芳" }, { name: "王芳", formerNames: "王小芳" }, "name-is-former"],
  ["same former name", "formerNames", { name: "王芳", formerNames: "王招娣" }, { name: "王芳", formerNames: "王招娣" }, "former-equal"],
  ["name sounds like the former name", "formerNames", { name: "王小方" }, { name: "王芳", formerNames: "王小芳" }, "name-like-former"],
  ["former name one character shorter than the name", "formerNames", { name: "陳虹豔", formerNames: "陳梅" }, { name: "陈华梅" }, "missing"],
  ["former name one misread character from the name", "formerNames", { name: "段玉林", formerNames: "段奎瑞" }, { name: "段硅瑞" }, "name-like-former"],
  ["former name: the same given name under another surname", "formerNames", { name: "葉波平", formerNames: "葉民友" }, { name: "禁民友" }, "name-like-former"],
  ["former name: a one-character given name under another surname is too little", "formerNames", { name: "李华", formerNames: "陈英" }, { name: "林英" }, "missing"],
  ["different former names", "formerNames", { name: "王芳", formerNames: "王招娣" }, { name: "王芳", formerNames: "王来弟" }, "different"],
];

describe.each([
  ["names", NAME_CASES],
  ["dates", DATE_CASES],
  ["ID numbers", ID_CASES],
  ["sex, places, former names", OTHER_CASES],
])("comparison levels: %s", (_, cases) => {
  test.each(cases)("%s (%s): %o vs %o → %s", (_label, field, a, b, expected) => {
    expect(levelOf(field, a, b).level).toBe(expected);
    expect(levelOf(field, b, a).level).toBe(expected);
  });
});

describe("levels that depend on more than one field", () => {
  test("an OCR alternative equal to the query gives 'alternative', weaker than exact", () => {
    const alt = levelOf("name", { name: "王秀英" }, { name: { value: "玉秀荚", alternatives: ["王秀英"] } });
    expect(alt.level).toBe("alternative");
    const exact = levelOf("name", { name: "王秀英" }, { name: "王秀英" });
    expect(alt.weight).toBeLessThan(exact.weight);
  });

  test("an OCR alternative near the query reaches that level, weaker than the same level read outright", () => {
    // 閻 misread as 周 in a married form, the engine offering 閻 second: her own name meets the alternative.
    const entry_: Fields = { name: { value: "阮周氏", alternatives: ["阮閻氏"] }, sex: "女" };
    const alt = levelOf("name", { name: "閻婉淑", sex: "女" }, entry_);
    expect(alt).toMatchObject({ level: "married-form-equal", detail: "ocr-alternative" });
    // Either side may carry the alternative.
    const both = (x: Fields, y: Fields) => compare(entry(x, "x"), entry(y, "y"), DEFAULT_MODEL).levels.find((l) => l.field === "name")!.level;
    expect(both(entry_, { name: "閻婉淑", sex: "女" })).toBe("married-form-equal");
    expect(both({ name: "閻婉淑", sex: "女" }, entry_)).toBe("married-form-equal");
    const outright = levelOf("name", { name: "閻婉淑", sex: "女" }, { name: "阮閻氏", sex: "女" });
    expect(outright.level).toBe("married-form-equal");
    expect(alt.weight).toBeLessThan(outright.weight);
    expect(alt.weight).toBeGreaterThan(0);
    // Without the alternative the two names are different.
    expect(levelOf("name", { name: "閻婉淑", sex: "女" }, { name: "阮周氏", sex: "女" }).level).toBe("different");
    // A homophone of an alternative: nearer than the primaries, never above them when they agree better.
    expect(levelOf("name", { name: "王秀瑛" }, { name: { value: "玉秀荚", alternatives: ["王秀英"] } }).level).toBe("same-pinyin");
    expect(levelOf("name", { name: "王秀英" }, { name: { value: "王秀英", alternatives: ["王秀瑛"] } }).level).toBe("exact");
  });

  test("a name that is a former name does not also count as a different name", () => {
    const r = compare(query({ name: "王招娣" }), entry({ name: "王芳", formerNames: "王招娣" }), DEFAULT_MODEL);
    const name = r.levels.find((l) => l.field === "name")!;
    expect(name.level).toBe("missing");
    expect(name.weight).toBe(0);
    expect(explanationText(name)).toBe("match.level.name.superseded");
  });

  test("a name that is the other's former name and near its current name counts once, as the former name", () => {
    // 谭红, once 谭红萍, against an entry 谭红萍: the entry's name is her former name and one character
    // from her name. Both agree whenever the former name does, so the near name adds nothing.
    for (const [q, e] of [
      [{ name: "谭红", formerNames: "谭红萍" }, { name: "谭红萍" }],
      [{ name: "王卫红", formerNames: "王卫虹" }, { name: "王卫虹" }],
      [{ name: "王卫虹" }, { name: "王卫红", formerNames: "王卫虹" }],
    ] as const) {
      const r = compare(query(q), entry(e), DEFAULT_MODEL);
      const name = r.levels.find((l) => l.field === "name")!;
      const former = r.levels.find((l) => l.field === "formerNames")!;
      expect(former.level).toBe("name-is-former");
      expect(name.level).toBe("missing");
      expect(name.detail).toBe("former-name");
      expect(r.matchWeight).toBeCloseTo(r.priorWeight + former.weight, 9);
    }
  });

  test("a name near the other's name and near its former name too counts once, as the name", () => {
    // 王卫红, once 王卫虹, against 汪卫红: near her name (same pinyin) and near her former name. Her two names
    // are near each other, so the second nearness follows from the first.
    for (const [q, e, nameLevel] of [
      [{ name: "王卫红", formerNames: "王卫虹" }, { name: "汪卫红" }, "same-pinyin"],
      [{ name: "王芳", formerNames: "王方" }, { name: "王芳" }, "exact"],
    ] as const) {
      const r = compare(query(q), entry(e), DEFAULT_MODEL);
      const name = r.levels.find((l) => l.field === "name")!;
      expect(name.level).toBe(nameLevel);
      expect(r.levels.find((l) => l.field === "formerNames")!.level).toBe("missing");
      expect(r.matchWeight).toBeCloseTo(r.priorWeight + name.weight, 9);
    }
    // A changed name, not near the current one: the near former name still carries the evidence.
    const changed = compare(query({ name: "李建国", formerNames: "王小芳" }), entry({ name: "王小方" }), DEFAULT_MODEL);
    expect(changed.levels.find((l) => l.field === "formerNames")!.level).toBe("name-like-former");
    expect(changed.levels.find((l) => l.field === "name")!.level).toBe("missing");
  });

  test("without its own field, the birth date and sex come from the ID number", () => {
    const r = compare(query({ birthDate: "1956-03-12", sex: "女" }), entry({ idNumber: ID }), DEFAULT_MODEL);
    const date = r.levels.find((l) => l.field === "birthDate")!;
    expect(date.level).toBe("exact");
    expect(date.detail).toBe("from-id");
    expect(r.levels.find((l) => l.field === "sex")!.level).toBe("disagree");
  });

  test("when both sides have ID numbers whose birth dates agree, the birth date fields are not counted again", () => {
    const other = id18("13012319560312003");
    const r = compare(query({ idNumber: ID, birthDate: "1956-03-12" }), entry({ idNumber: other, birthDate: "1956-03-12" }), DEFAULT_MODEL);
    expect(r.levels.find((l) => l.field === "idNumber")!.level).toBe("same-birth-two-numbers");
    const date = r.levels.find((l) => l.field === "birthDate")!;
    expect(date).toMatchObject({ level: "missing", weight: 0, detail: "in-id-number" });
    expect(explanationText(date)).toBe("match.level.date.superseded");
    const differing = compare(query({ idNumber: ID, birthDate: "1956-03-12" }), entry({ idNumber: id18("13012319700801004"), birthDate: "1956-03-12" }), DEFAULT_MODEL);
    expect(differing.levels.find((l) => l.field === "birthDate")!.level).toBe("exact");
  });

  test("a married form whose own surname looks like the other name's counts as one read through a misreading", () => {
    const read = levelOf("name", { name: "阮閭氏" }, { name: "閆婉淑" });
    const exact = levelOf("name", { name: "阮閆氏" }, { name: "閆婉淑" });
    expect(read).toMatchObject({ level: "married-form-equal", detail: "married-surname-look-alike" });
    expect(exact).toMatchObject({ level: "married-form-equal", detail: "married-surname" });
    expect(read.weight).toBeGreaterThan(0);
    expect(read.weight).toBeLessThan(exact.weight);
    // Trusted as a look-alike character in a plain name is, less than a character OCR offered itself.
    const offered = levelOf("name", { name: "閆婉淑" }, { name: { value: "阮閭氏", alternatives: ["阮閆氏"] } });
    expect(offered).toMatchObject({ level: "married-form-equal", detail: "ocr-alternative" });
    expect(read.weight).toBeLessThan(offered.weight - 0.5);
    // Her husband recorded on the other side is still checked.
    expect(levelOf("name", { name: "阮閭氏" }, { name: "閆婉淑", spouseName: "阮国华" }).level).toBe("married-form-husband-equal");
    expect(levelOf("name", { name: "阮閭氏" }, { name: "閆婉淑", spouseName: "李国华" }).level).toBe("married-form-other-husband");
  });

  test("two different numbers that both pass their check weigh less than a number that may be misread", () => {
    const id = (r: ReturnType<typeof compare>) => r.levels.find((l) => l.field === "idNumber")!;
    const misread = id(compare(query({ idNumber: ID }), entry({ idNumber: "120105195603120020" }), DEFAULT_MODEL));
    const checked = id(compare(query({ idNumber: ID }), entry({ idNumber: id18("13012319560312003") }), DEFAULT_MODEL));
    expect(misread.level).toBe("birth-date-agrees");
    expect(checked.level).toBe("same-birth-two-numbers");
    // Still two people born the same day, which a stranger rarely is: some evidence, less.
    expect(checked.weight).toBeGreaterThan(0);
    expect(checked.weight).toBeLessThan(misread.weight - 1);
    // OCR's other readings of a valid number (failing their check) do not make it doubtful.
    const offered = id(compare(query({ idNumber: ID }), entry({ idNumber: { value: id18("13012319560312003"), alternatives: ["130123195603120080"] } }), DEFAULT_MODEL));
    expect(offered.level).toBe("same-birth-two-numbers");
  });

  test("unreadable fields are not compared; uncertain ones weigh less against", () => {
    const unreadable = levelOf("name", { name: "王秀英" }, { name: { value: null, raw: "?", status: "unreadable" } });
    expect(unreadable.level).toBe("missing");
    const sure = levelOf("name", { name: "王秀英" }, { name: "李建国" });
    const unsure = levelOf("name", { name: "王秀英" }, { name: { value: "李建国", confidence: 0.2, status: "uncertain" } });
    expect(unsure.level).toBe("different");
    expect(unsure.weight).toBeLessThan(0);
    expect(unsure.weight).toBeGreaterThan(sure.weight);
  });

  test("a raw reading keeps what the normalised value loses: script, era, 15 digits", () => {
    const e = entry({
      name: { value: "陈秀英", raw: "陳秀英" },
      birthDate: { value: "1956-03-12", raw: "民國45年3月12日" },
      idNumber: { value: ID, raw: "110105560312001" },
    });
    const level = (q: MatchQuery, f: string) => compare(prepareQuery(q), e, DEFAULT_MODEL).levels.find((l) => l.field === f)!.level;
    expect(level({ name: "陈秀英" }, "name")).toBe("canonical-equal");
    expect(level({ birthDate: "1956-03-12" }, "birthDate")).toBe("era-converted");
    expect(level({ idNumber: ID }, "idNumber")).toBe("upgraded-equal");
  });
});

test("every level of every field has an explanation text", () => {
  for (const [field, levels] of Object.entries(DEFAULT_MODEL.fields)) {
    for (const level of Object.keys(levels)) {
      const key = explanationText({ field, level });
      expect(MATCH_I18N_EN[key], key).toBeTypeOf("string");
    }
    expect(MATCH_I18N_EN[`match.field.${field}`]).toBeTypeOf("string");
  }
  expect(MATCH_I18N_EN[explanationText({ field: "name", level: "missing" })]).toBeTypeOf("string");
});

describe("how many dates reach a date level by chance", () => {
  test("a date is read as lunar from two others (either side may be the lunar one), exact agreement from one: read-as-lunar's u is twice exact's", () => {
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    const day = 86_400_000;
    const start = Date.UTC(1950, 0, 1);
    let lunar = 0;
    let exact = 0;
    let dates = 0;
    for (let i = 0; i < 120; i += 3) {
      const x = prepareDate(iso(start + (140 + i) * day))!;
      dates++;
      // A lunar date and its Gregorian day are at most about two months apart.
      for (let k = 0; k < 400; k++) {
        const level = dateLevel(x, prepareDate(iso(start + k * day))!).level;
        if (level === "read-as-lunar") lunar++;
        if (level === "exact") exact++;
      }
    }
    expect(exact).toBe(dates);
    expect(lunar / dates).toBeGreaterThan(1.8);
    expect(lunar / dates).toBeLessThanOrEqual(2);
    const levels = DEFAULT_MODEL.fields.birthDate;
    expect(levels["read-as-lunar"].u).toBeCloseTo(2 * levels.exact.u, 12);
  });
});
