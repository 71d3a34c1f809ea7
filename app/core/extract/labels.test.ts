import { describe, expect, it } from "vitest";
import { canonicalChars, findLabels, matchLabel } from "./labels";
import { withTruncatedLabels } from "./line-layout";
import { readingsOf } from "./readings";
import { ppocrLine } from "./test-lines";

const keys = (text: string) => findLabels(canonicalChars(text)).map((m) => m.key);

describe("matchLabel", () => {
  it.each([
    ["公民身份號碼", "idNumber"],
    ["公民身份号码", "idNumber"],
    ["身份證號", "idNumber"],
    ["身分證統一編號", "idNumber"],
    ["身份证号码", "idNumber"],
    ["與戶主關係", "relation"],
    ["与户主关系", "relation"],
    ["戶主姓名", "householdHead"],
    ["户主姓名：", "householdHead"],
    ["何時由何地遷來本址", "moveIn"],
    ["何时由何地迁来本市", "moveIn"],
    ["籍貫", "nativePlace"],
    ["性 別", "sex"],
    ["婚姻狀況", "maritalStatus"],
    ["服務處所", "employer"],
    ["出生年月日", "birthDate"],
    ["常住人口登記表", "cardTitle"],
    ["戶口登記簿", "ledgerTitle"],
  ])("reads %s as %s", (text, key) => {
    expect(matchLabel(text)?.key).toBe(key);
  });

  it.each([
    // What OCR made of printed labels on the fixture pages.
    ["公民身份号碼", "idNumber"],
    ["婚姻狀况", "maritalStatus"],
    ["出生日其", "birthDate"],
    ["何時由何地恩來本址", "moveIn"],
    ["與卢主關係", "relation"],
    ["和请主关系", "relation"],
    ["承瓣人", "clerk"],
    ["變更更正記载", "changes"],
  ])("reads the OCR misreading %s as %s", (text, key) => {
    expect(matchLabel(text)?.key).toBe(key);
  });

  it.each(["出生", "原住本址", "户主", "姓", "長子", "陝西省西安市", "1956年3月12日", "男"])("does not take the value %s for a label", (text) => {
    expect(matchLabel(text)).toBeNull();
  });
});

describe("findLabels", () => {
  it("splits a card row into its labels, in either script", () => {
    expect(keys("姓名鄭澤兵與戶主關係長子")).toEqual(["name", "relation"]);
    expect(keys("姓名郑泽兵与户主关系长子")).toEqual(["name", "relation"]);
    expect(keys("籍贯四川省遂宁市公民身份号码")).toEqual(["nativePlace", "idNumber"]);
  });

  it("prefers the longer label where two overlap", () => {
    expect(keys("户主姓名：雷孝启")).toEqual(["householdHead"]);
  });

  it("finds every column label of a ledger header, even with OCR confusions", () => {
    expect(keys("姓名与户主关系性别民族出生日期籍贯公民身份号码文化程度职业何时由何地迁来本址")).toEqual([
      "name", "relation", "sex", "ethnicity", "birthDate", "nativePlace", "idNumber", "education", "occupation", "moveIn",
    ]);
    expect(keys("姓名與戶主閱係性別民族出生日期籍貫公民身份號碼文化程度職業何時由何地遷來本址")).toHaveLength(10);
  });

  it("does not find labels inside values", () => {
    expect(keys("何时由何地出生")).toEqual(["moveIn"]);
    expect(keys("住址四川省遂宁市大英县下沟村8组29号")).toEqual(["address"]);
    expect(keys("迁来本址原住本址")).toEqual(["moveIn"]);
  });

  it("reads the two halves of a wrapped label as parts of one", () => {
    const found = findLabels(canonicalChars("何時由何地"));
    expect(found.map((m) => [m.key, m.form.part])).toEqual([["moveIn", true]]);
  });
});

describe("truncated labels", () => {
  const labelsOf = (text: string) => {
    const [reading] = readingsOf(ppocrLine(text, { x: 0, y: 0, w: 600, h: 30 }));
    return withTruncatedLabels(reading, findLabels(reading.glyphs.map((g) => g.canon))).map((m) => m.key);
  };

  it("takes a lone first character of a two-character label as that label", () => {
    expect(labelsOf("籍\u3000河北省保定市\u3000公民身份号碼")).toEqual(["nativePlace", "idNumber"]);
  });

  it("does not take 出生 (a value) for 出生地", () => {
    expect(labelsOf("何时由何地\u3000出生")).toEqual(["moveIn"]);
  });

  const spansOf = (text: string) => {
    const [reading] = readingsOf(ppocrLine(text, { x: 0, y: 0, w: 600, h: 30 }));
    return withTruncatedLabels(reading, findLabels(reading.glyphs.map((g) => g.canon))).map((m) => `${m.key}:${reading.glyphs.slice(m.start, m.end).map((g) => g.ch).join("")}`);
  };

  it("takes a lone character between the stump and a value as the label's misread second character", () => {
    expect(spansOf("籍\u3000噴\u3000河北省保定市\u3000公民身份號碼")).toEqual(["nativePlace:籍噴", "idNumber:公民身份號碼"]);
  });

  it("leaves a lone character that a label or the line's end follows to be the value", () => {
    expect(spansOf("性\u3000男\u3000民族\u3000汉")).toEqual(["sex:性", "ethnicity:民族"]);
    expect(spansOf("民族\u3000汉\u3000性\u3000男")).toEqual(["ethnicity:民族", "sex:性"]);
  });
});
