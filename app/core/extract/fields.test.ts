import { describe, expect, it } from "vitest";
import type { ParsedDate, ParsedIdNumber } from "~/core/normalize";
import { afterOwnLabel, buildField, choiceVariants, cleanValueText, mergeOverlapping, mergeReadings, type Candidate } from "./choose";
import { lookAlikeOf, normalizeFieldText, parseMoveIn, type MoveIn } from "./fields";
import { placeNests } from "~/core/match/places";
import { canonicalCharCached } from "./labels";
import type { Glyph } from "./readings";

const one = (field: Parameters<typeof buildField>[0], ...candidates: Candidate[]) => buildField(field, [{ box: { x: 0, y: 0, w: 100, h: 30 }, candidates }]);
const c = (text: string, confidence = 0.95, engine = "ppocr"): Candidate => ({ text, confidence, engine });

function glyphs(text: string, confidences: number[] = [], choices: Record<number, string[]> = {}): Glyph[] {
  return Array.from(text).map((ch, i) => ({
    ch,
    canon: canonicalCharCached(ch),
    box: { x: i * 30, y: 0, w: 30, h: 30 },
    confidence: confidences[i] ?? 0.95,
    ...(choices[i] ? { choices: choices[i].map((t, k) => ({ text: t, confidence: k === 0 ? 0.6 : 0.2 })) } : {}),
    gapBefore: false,
  }));
}
const words = (text: string, confidences: number[] = [], choices: Record<number, string[]> = {}): Candidate => {
  const g = glyphs(text, confidences, choices);
  return { text, confidence: g.reduce((s, x) => s + x.confidence, 0) / g.length, engine: "tesseract", glyphs: g };
};

describe("normalizeFieldText", () => {
  it.each([
    ["民國65年3月9日", "1976-03-09"],
    ["一九五六年三月十二日", "1956-03-12"],
    ["民國五十六年四月十八日", "1967-04-18"],
    ["1959.10.03", "1959-10-03"],
    ["1928年11月27日", "1928-11-27"],
    ["一九五O年一月二日", "1950-01-02"],
    ["昭和15年4月1日", "1940-04-01"],
  ])("dates: %s is %s", (raw, iso) => {
    const n = normalizeFieldText("birthDate", raw);
    expect(n.value).toBe(iso);
    expect(n.validity).toBe("valid");
    expect((n.normalized as ParsedDate).year).toBe(Number(iso.slice(0, 4)));
  });

  it("reads round marks beside numerals in a move-in text as 〇, and keeps the rest as written", () => {
    // Tesseract's D for a handwritten 〇, and an Arabic 0 among Chinese numerals.
    const moved = normalizeFieldText("moveIn", "一九七D年三月由陕西西安迁来");
    expect(moved.value).toBe("一九七〇年三月由陕西西安迁来");
    expect((moved.normalized as MoveIn).date?.year).toBe(1970);
    expect(normalizeFieldText("moveIn", "一九二0年出生").value).toBe("一九二〇年出生");
    expect(normalizeFieldText("moveIn", "1976年3月由DOC市迁来").value).toBe("1976年3月由DOC市迁来");
  });

  it("keeps lunar dates lunar and says so", () => {
    const n = normalizeFieldText("birthDate", "農曆1956年八月十五");
    expect((n.normalized as ParsedDate).calendar).toBe("lunar");
    expect(n.doubt).toMatch(/lunar/);
  });

  it("rejects dates that do not exist", () => {
    expect(normalizeFieldText("birthDate", "1956年2月30日")).toMatchObject({ value: null, validity: "invalid" });
    expect(normalizeFieldText("birthDate", "大正20年1月1日").validity).toBe("invalid");
  });

  it("upgrades 15-digit IDs to 18 digits", () => {
    const n = normalizeFieldText("idNumber", "610104541008850");
    expect(n).toMatchObject({ value: "610104195410088509", validity: "valid" });
    expect((n.normalized as ParsedIdNumber).kind).toBe("15");
  });

  it("keeps an 18-digit ID that fails its check, flagged", () => {
    const n = normalizeFieldText("idNumber", "610104197603097890");
    expect(n.validity).toBe("plausible");
    expect(n.value).toBe("610104197603097890");
    expect(n.doubt).toMatch(/check/);
  });

  it("reads letters OCR puts in digit runs", () => {
    expect(normalizeFieldText("idNumber", "61O1O419760309789X")).toMatchObject({ value: "61010419760309789X", validity: "valid" });
    expect(normalizeFieldText("idNumber", "6101041976030978").validity).toBe("invalid");
  });

  it("reads sex, ethnicity, names and relations", () => {
    expect(normalizeFieldText("sex", "女").value).toBe("female");
    expect(normalizeFieldText("sex", "男性").value).toBe("male");
    expect(normalizeFieldText("sex", "妻").validity).toBe("invalid");
    expect(normalizeFieldText("ethnicity", "漢族")).toMatchObject({ value: "汉", validity: "valid" });
    expect(normalizeFieldText("ethnicity", "蒙古族").value).toBe("蒙古");
    expect(normalizeFieldText("name", "鄭澤兵")).toMatchObject({ value: "郑泽兵", validity: "valid" });
    expect(normalizeFieldText("name", "陳林氏").validity).toBe("valid");
    expect(normalizeFieldText("name", "1976").validity).toBe("invalid");
    expect(normalizeFieldText("relation", "長子")).toMatchObject({ value: "长子", validity: "valid" });
  });

  it("does not take a piece of a date for a place", () => {
    expect(normalizeFieldText("nativePlace", "月6日江苏南京").validity).toBe("invalid");
    // The tail of a date whose beginning is in the cell before.
    expect(normalizeFieldText("nativePlace", "四日山西阳泉").validity).toBe("invalid");
    expect(normalizeFieldText("nativePlace", "陝西省西安市")).toMatchObject({ value: "陕西省西安市", validity: "valid" });
  });
});

describe("a closed list's word read with a look-alike character", () => {
  it("is that word, with the reading noted as a doubt", () => {
    // Printed 文盲 read 文言 by both engines: 25 times in seventeen bench seeds' ledgers.
    expect(normalizeFieldText("education", "文言")).toMatchObject({ value: "文盲", validity: "valid", doubt: expect.stringContaining("文言") });
    expect(normalizeFieldText("maritalStatus", "己婚")).toMatchObject({ value: "已婚", validity: "valid" });
    const field = one("education", c("文言", 0.98));
    expect(field).toMatchObject({ value: "文盲", raw: "文言", status: "uncertain" });
  });

  it("is not, where two characters differ, they are not look-alikes, or several words are as near", () => {
    expect(normalizeFieldText("education", "文工")).toMatchObject({ value: "文工", validity: "plausible" });
    expect(normalizeFieldText("education", "言肓")).toMatchObject({ value: "言肓", validity: "plausible" });
    expect(lookAlikeOf("甲", ["田", "由"])).toBeNull();
    expect(lookAlikeOf("甲", ["田", "乙"])).toBe("田");
    // A reading that is the word needs no repair.
    expect(normalizeFieldText("education", "文盲").doubt).toBeUndefined();
  });
});

describe("places whose units nest", () => {
  it("are places; a province with a unit outside it, or with no known unit, only plausible", () => {
    expect(placeNests("黑龙江佳木斯")).toBe(true);
    expect(placeNests("河北省石家庄市正定县")).toBe(true);
    expect(placeNests("云南德宏傣族景颇族自治州")).toBe(true);
    // PP-OCR lost 黑: 龙江 is a county of 齐齐哈尔, not above 佳木斯.
    expect(placeNests("龙江佳木斯")).toBe(false);
    expect(placeNests("江西贺州")).toBe(false);
    expect(placeNests("四川滤州")).toBe(false);
    // No known unit first: a misread province, or the second line of a wrapped cell.
    expect(placeNests("山束烟叠")).toBe(false);
    expect(placeNests("勒苏柯尔克孜自治州")).toBe(false);
    // Nothing to judge: one unit alone.
    expect(placeNests("上海")).toBeNull();
    expect(normalizeFieldText("nativePlace", "龙江佳木斯").validity).toBe("plausible");
    expect(normalizeFieldText("nativePlace", "浙江省冲州市").validity).toBe("plausible");
    expect(normalizeFieldText("nativePlace", "浙江省衢州市").validity).toBe("valid");
  });

  it("outrank a more confident reading that does not nest", () => {
    // Seed 7's ledger: PP-OCR read 龙江佳木斯 (0.99), tesseract 黑龙江佳木斯.
    const field = one("nativePlace", c("龙江佳木斯", 0.99), words("黑龙江佳木斯", Array(6).fill(0.85)));
    expect(field!.value).toBe("黑龙江佳木斯");
  });
});

describe("parseMoveIn", () => {
  it("reads the forms registers use", () => {
    expect(parseMoveIn("出生")).toMatchObject({ kind: "birth", date: null });
    expect(parseMoveIn("1975年6月出生")?.date?.month).toBe(6);
    expect(parseMoveIn("原住本址")).toMatchObject({ kind: "original" });
    expect(parseMoveIn("1976年3月由陝西西安遷來")).toMatchObject({ kind: "moved", from: "陕西西安" });
    expect(parseMoveIn("民國68年9月由德陽市綿竹市遷來")?.date?.year).toBe(1979);
    expect(parseMoveIn("1989年12月由")).toBeNull();
  });
});

describe("buildField", () => {
  it("returns nothing when nothing was read", () => {
    expect(buildField("name", [])).toBeNull();
    expect(one("name", c("  ", 0.9))).toBeNull();
  });

  it("marks a reading with too little confidence unreadable and keeps its text", () => {
    const field = one("name", words("李芬", [0.2, 0.25]));
    expect(field).toMatchObject({ status: "unreadable", value: null, raw: "李芬" });
    expect(field!.note).toMatch(/confidence/);
  });

  it("marks an impossible date unreadable rather than guessing", () => {
    const field = one("birthDate", c("1956年2月30日"));
    expect(field).toMatchObject({ status: "unreadable", value: null, raw: "1956年2月30日" });
  });

  it("takes the reading that validates over a more confident one that does not", () => {
    const field = one("idNumber", c("61010419760309789", 0.99), words("61010419760309789X", Array(18).fill(0.8)));
    expect(field).toMatchObject({ value: "61010419760309789X", status: "ok" });
    expect(field!.alternatives).toContain("61010419760309789");
  });

  it("raises confidence when the engines agree, in either script", () => {
    const field = one("birthPlace", c("陕西省西安市", 0.8), words("陝西省西安市", Array(6).fill(0.8)));
    expect(field).toMatchObject({ value: "陕西省西安市", status: "ok" });
    expect(field!.confidence).toBeGreaterThan(0.95);
  });

  it("takes a reading with its own label inside for the value after the label", () => {
    // Seed 31337's card: a wrapped 籍贯 cell whose first line PP-OCR's text brought in twice.
    const located = glyphs("云南德宏傣族籍贯云南德宏傣族景颇族自治州");
    const field = one("nativePlace", { text: "云南德宏傣族籍贯云南德宏傣族景颇族自治州", confidence: 0.99, engine: "ppocr", located });
    expect(field).toMatchObject({ value: "云南德宏傣族景颇族自治州", raw: "云南德宏傣族景颇族自治州" });
    expect(field!.box!.x).toBe(8 * 30);
    // Another field's label is not its own, and a label at either end is left to the labelled reading.
    expect(afterOwnLabel("address", c("云南籍贯云南德宏")).text).toBe("云南籍贯云南德宏");
    expect(afterOwnLabel("nativePlace", c("籍贯云南德宏")).text).toBe("籍贯云南德宏");
  });

  it("marks a field uncertain when the engines disagree, with the other reading as an alternative", () => {
    const field = one("name", c("曹兰淑", 0.99), words("章兰淑", [0.7, 0.95, 0.95]));
    expect(field!.status).toBe("uncertain");
    expect(field!.value).toBe("曹兰淑");
    expect(field!.alternatives).toContain("章兰淑");
    expect(field!.note).toMatch(/disagree/);
  });

  it("offers strings built from tesseract's choices for doubtful characters", () => {
    const field = one("name", words("张伯殿", [0.95, 0.5, 0.95], { 1: ["伯", "佰", "估"] }));
    expect(field!.alternatives).toEqual(["张佰殿", "张估殿"]);
    expect(choiceVariants(glyphs("张伯殿", [0.95, 0.5, 0.95], { 1: ["伯", "佰"] }))).toEqual(["张佰殿"]);
  });

  it("repairs an ID from tesseract's choices only when the check character then fits, and says so", () => {
    // 61010419760309789X with its 9th digit (7) read as 1; tesseract's second choice is 7.
    const field = one("idNumber", words("61010419160309789X", [...Array(8).fill(0.9), 0.4, ...Array(9).fill(0.9)], { 8: ["1", "7"] }));
    expect(field).toMatchObject({ value: "61010419760309789X", status: "uncertain" });
    expect(field!.note).toMatch(/alternative/);
    expect(field!.raw).toBe("61010419760309789X");
  });

  it("takes a whole date over a more confident reading of it cut short", () => {
    // A card's 一九七五年八月十九日: PP-OCR dropped 八月十, tesseract read it all.
    const field = one("birthDate", c("一九七五年九", 0.98), words("一九七五年八月十九日", Array(10).fill(0.85)));
    expect(field).toMatchObject({ value: "1975-08-19" });
    expect(field!.alternatives).toContain("一九七五年九");
    // Where only a part was read, that part is the value, and it says so.
    const part = one("birthDate", c("一九七五年九", 0.98));
    expect(part).toMatchObject({ value: "1975-09", status: "uncertain" });
    expect(part!.note).toMatch(/incomplete/);
  });

  it("flags two-digit years and lunar dates", () => {
    expect(one("birthDate", c("56年3月12日"))!.status).toBe("uncertain");
    expect(one("birthDate", c("農曆1956年八月十五"))!.status).toBe("uncertain");
  });

  it("joins the lines of a wrapped value in reading order", () => {
    const field = buildField("moveIn", [
      { box: { x: 0, y: 0, w: 200, h: 30 }, candidates: [c("1989年12月由")] },
      { box: { x: 0, y: 36, w: 200, h: 30 }, candidates: [c("赤峰市敖汉旗迁来")] },
    ]);
    expect(field).toMatchObject({ value: "1989年12月由赤峰市敖汉旗迁来", status: "ok" });
  });

  it("treats two engines' lines over the same place as one text read twice", () => {
    const merged = mergeOverlapping([
      { box: { x: 0, y: 0, w: 400, h: 40 }, candidates: [c("安徽省合肥市肥西县下案村1组89号", 0.8, "tesseract")] },
      { box: { x: 2, y: 4, w: 380, h: 36 }, candidates: [c("安徽省合肥市肥西县下寨村1组89号", 0.99)] },
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0].candidates).toHaveLength(2);
  });

  it("strips punctuation read from rules and cell edges", () => {
    expect(cleanValueText(" -原住本址· ")).toBe("原住本址");
  });
});

describe("mergeReadings", () => {
  it("adds a character only tesseract read, when it is sure of it and it falls between shared characters", () => {
    const tesseract = words("貢喫縣魏家莊村", [0.95, 0.6, 0.96, 0.95, 0.95, 0.95, 0.95]);
    expect(mergeReadings(c("贡嘎魏家庄村"), tesseract)?.text).toBe("贡嘎縣魏家庄村");
  });

  it("takes tesseract's character over the other engine's only where tesseract is sure", () => {
    expect(mergeReadings(c("生產隧"), words("生產隊", [0.95, 0.95, 0.95]))?.text).toBe("生產隊");
    expect(mergeReadings(c("生產隧"), words("生產隊", [0.95, 0.95, 0.5]))).toBeNull();
  });

  it("leaves alone what the two engines read too differently to be one text, and extra characters at the ends", () => {
    expect(mergeReadings(c("原住本址"), words("全剛生和9生"))).toBeNull();
    expect(mergeReadings(c("民国七十年"), words("个民国七十年"))).toBeNull();
  });

  it("lets a field take the merged reading over either engine's own", () => {
    const field = one("address", c("贵州省安龙奚家岗村5组", 0.98), words("贵州省安龍縣奚家尚村5組", [0.95, 0.95, 0.95, 0.95, 0.95, 0.96, 0.95, 0.95, 0.7, 0.95, 0.95, 0.95]));
    expect(field!.value).toBe("贵州省安龙县奚家岗村5组");
  });
});

