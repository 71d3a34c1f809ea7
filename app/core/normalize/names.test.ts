import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from "./data/surnames";
import { canonicalName, isSurname, nameBigrams, namePinyin, parseName, sexFromText } from "./names";
import { canonicalText } from "./text";

describe("parseName: surname and given name", () => {
  it.each([
    ["王建国", "王", "建国", false],
    ["陳秀英", "陈", "秀英", false],
    ["張 三", "张", "三", false],
    ["李", "李", "", false],
    ["欧阳修", "欧阳", "修", true],
    ["歐陽修", "欧阳", "修", true],
    ["司马光", "司马", "光", true],
    ["司馬懿", "司马", "懿", true],
    ["上官婉儿", "上官", "婉儿", true],
    ["诸葛亮", "诸葛", "亮", true],
    ["諸葛亮", "诸葛", "亮", true],
    ["东方朔", "东方", "朔", true],
    ["皇甫嵩", "皇甫", "嵩", true],
    ["尉遲恭", "尉迟", "恭", true],
    ["公孫瓚", "公孙", "瓒", true],
    ["慕容复", "慕容", "复", true],
    ["令狐冲", "令狐", "冲", true],
    ["夏侯惇", "夏侯", "惇", true],
    ["長孫無忌", "长孙", "无忌", true],
    ["宇文化及", "宇文", "化及", true],
    ["司徒雷登", "司徒", "雷登", true],
    ["端木蕻良", "端木", "蕻良", true],
    ["欧阳", "欧", "阳", false],
    ["东方", "东", "方", false],
  ])("%s → %s + %s", (raw, surname, given, compound) => {
    const name = parseName(raw);
    expect(name.raw).toBe(raw);
    expect(name.surname).toBe(surname);
    expect(name.given).toBe(given);
    expect(name.compoundSurname).toBe(compound);
    expect(name.marriedForm).toBeUndefined();
    expect(name.canonical).toBe(surname + given);
  });

  it("keeps transliterated names with a middle dot whole", () => {
    for (const raw of ["阿依古丽·买买提", "阿依古麗•買買提", "阿依古丽 · 买买提"]) {
      expect(parseName(raw)).toMatchObject({ canonical: "阿依古丽·买买提", surname: "", given: "阿依古丽·买买提" });
    }
  });

  it("keeps Latin names whole", () => {
    expect(parseName("  John   Smith ")).toMatchObject({ canonical: "John Smith", surname: "", given: "John Smith" });
  });

  it("drops punctuation and spaces from the canonical name", () => {
    expect(canonicalName("陳，秀英。")).toBe("陈秀英");
    expect(canonicalName("（陳秀英）")).toBe("陈秀英");
    expect(canonicalName("")).toBe("");
  });
});

describe("parseName: married women", () => {
  it.each([
    ["陳林氏", "陈", "林", "林氏"],
    ["陈林氏", "陈", "林", "林氏"],
    ["王張氏", "王", "张", "张氏"],
    ["歐陽林氏", "欧阳", "林", "林氏"],
    ["陳歐陽氏", "陈", "欧阳", "欧阳氏"],
    ["司馬諸葛氏", "司马", "诸葛", "诸葛氏"],
    ["陳 林 氏", "陈", "林", "林氏"],
  ])("%s: husband %s, own %s", (raw, husband, own, ownName) => {
    const name = parseName(raw);
    expect(name.marriedForm).toEqual({ husbandSurname: husband, ownSurname: own, ownName });
    expect(name.surname).toBe(husband);
    expect(name.given).toBe("");
    expect(name.possibleMarried).toBeUndefined();
  });

  it.each([
    ["林氏", "林", false],
    ["歐陽氏", "欧阳", true],
  ])("%s is a clan name without a husband's surname", (raw, surname, compound) => {
    const name = parseName(raw);
    expect(name).toMatchObject({ surname, given: "", compoundSurname: compound });
    expect(name.marriedForm).toBeUndefined();
  });

  it.each([
    ["陈林秀英", "陈", "林", "林秀英"],
    ["張王秀蘭", "张", "王", "王秀兰"],
  ])("flags %s as possibly married", (raw, husband, own, ownName) => {
    const name = parseName(raw);
    expect(name.possibleMarried).toBe(true);
    expect(name.marriedForm).toEqual({ husbandSurname: husband, ownSurname: own, ownName });
    expect(name.surname).toBe(husband);
    expect(name.given).toBe(ownName);
  });

  it.each(["欧阳秀英", "上官婉儿", "王建国", "陈秀英华", "李丽"])("does not flag %s", (raw) => {
    const name = parseName(raw);
    expect(name.possibleMarried).toBeUndefined();
    expect(name.marriedForm).toBeUndefined();
  });
});

describe("namePinyin", () => {
  it.each([
    ["单雄信", ["shan", "xiong", "xin"]],
    ["單雄信", ["shan", "xiong", "xin"]],
    ["曾国藩", ["zeng", "guo", "fan"]],
    ["解缙", ["xie", "jin"]],
    ["仇英", ["qiu", "ying"]],
    ["王建国", ["wang", "jian", "guo"]],
    ["吕布", ["lv", "bu"]],
    ["欧阳修", ["ou", "yang", "xiu"]],
    ["陳林氏", ["chen", "lin", "shi"]],
    ["陈单氏", ["chen", "shan", "shi"]],
    ["阿依古丽·买买提", ["a", "yi", "gu", "li", "mai", "mai", "ti"]],
    ["John Smith", []],
  ])("%s → %j", (raw, syllables) => {
    expect(namePinyin(raw)).toEqual(syllables);
  });

  it("accepts a parsed name", () => {
    expect(namePinyin(parseName("曾国藩"))).toEqual(["zeng", "guo", "fan"]);
  });

  it("reads traditional and simplified alike, so homophone checks see through script", () => {
    expect(namePinyin("陳秀英")).toEqual(namePinyin("陈秀英"));
  });
});

describe("nameBigrams", () => {
  it.each([
    ["陈秀英", ["陈秀", "秀英", "陈英"]],
    ["王建国", ["王建", "建国", "王国"]],
    ["李丽", ["李丽"]],
    ["李", ["李"]],
    ["", []],
    ["john smith", ["john", "smith"]],
  ])("%s → %j", (canonical, keys) => {
    expect(nameBigrams(canonical)).toEqual(keys);
  });

  it("leaves a shared key when one character of a three-character name is misread", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), (i) => {
        const name = Array.from("陈秀英");
        const misread = [...name];
        misread[i] = "某";
        const shared = nameBigrams(name.join("")).filter((k) => nameBigrams(misread.join("")).includes(k));
        expect(shared.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe("sexFromText", () => {
  it.each([
    ["男", "male"],
    ["女", "female"],
    ["男性", "male"],
    ["女性", "female"],
    [" 男 ", "male"],
    ["（男）", "male"],
    ["M", "male"],
    ["m", "male"],
    ["F", "female"],
    ["Ｆ", "female"],
    ["male", "male"],
    ["Female", "female"],
    ["乾", "male"],
    ["坤", "female"],
    ["1", "male"],
    ["2", "female"],
    ["", null],
    ["未知", null],
    ["男女", null],
    ["x", null],
  ])("%j → %s", (text, sex) => {
    expect(sexFromText(text)).toBe(sex);
  });
});

describe("surname tables", () => {
  it("are canonical, unique and sizeable", () => {
    const singles = Array.from(SINGLE_SURNAMES);
    expect(singles).toHaveLength(399);
    expect(new Set(singles).size).toBe(399);
    expect(new Set(COMPOUND_SURNAMES).size).toBe(COMPOUND_SURNAMES.length);
    for (const s of [...singles, ...COMPOUND_SURNAMES]) expect(canonicalText(s)).toBe(s);
  });

  it("recognise surnames in either script", () => {
    expect(isSurname("陳")).toBe(true);
    expect(isSurname("歐陽")).toBe(true);
    expect(isSurname("秀")).toBe(false);
  });
});

describe("parseName never throws", () => {
  it("on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 10 }), (s) => {
        const name = parseName(s);
        expect(name.canonical.startsWith(name.surname)).toBe(true);
      }),
    );
  });
});
