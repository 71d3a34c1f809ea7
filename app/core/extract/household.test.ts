import { describe, expect, it } from "vitest";
import { buildField } from "./choose";
import { deriveFamily } from "./household";
import { parseRelation } from "./relations";
import type { ExtractedEntry, FieldName } from "./types";

describe("parseRelation", () => {
  it.each([
    ["户主", "head", null, null],
    ["戶主", "head", null, null],
    ["妻", "spouse", "female", null],
    ["夫", "spouse", "male", null],
    ["長子", "child", "male", 1],
    ["次女", "child", "female", 2],
    ["三子", "child", "male", 3],
    ["二男", "child", "male", 2],
    ["子", "child", "male", null],
    ["女", "child", "female", null],
    ["父", "parent", "male", null],
    ["母", "parent", "female", null],
    ["孫女", "grandchild", "female", null],
    ["兒媳", "child-in-law", "female", null],
    ["媳", "child-in-law", "female", null],
  ])("%s is %s", (text, role, sex, order) => {
    expect(parseRelation(text)).toMatchObject({ role, sex, order });
  });

  it("knows adopted children and a daughter's children", () => {
    expect(parseRelation("養子")?.adoptive).toBe(true);
    expect(parseRelation("外孫")?.maternal).toBe(true);
  });

  it("returns null for what is not a relation", () => {
    expect(parseRelation("卢主")).toBeNull();
    expect(parseRelation("")).toBeNull();
  });
});

/** A ledger entry with the given fields read cleanly. */
function member(index: number, fields: Partial<Record<FieldName, string>>): ExtractedEntry {
  const built: ExtractedEntry["fields"] = {};
  for (const [name, text] of Object.entries(fields) as [FieldName, string][]) {
    built[name] = buildField(name, [{ box: { x: 0, y: index * 50, w: 100, h: 30 }, candidates: [{ text, confidence: 0.97, engine: "ppocr" }] }])!;
  }
  return { index, kind: "household-ledger", fields: built, box: null };
}

const values = (entries: ExtractedEntry[], field: FieldName) => entries.map((e) => e.fields[field]?.value ?? null);

describe("deriveFamily", () => {
  it("links a male head, his wife and their children, marking every link uncertain", () => {
    const entries = [
      member(0, { name: "郑奋华", relation: "户主", sex: "男" }),
      member(1, { name: "李芬", relation: "妻", sex: "女" }),
      member(2, { name: "郑泽军", relation: "长子", sex: "男" }),
      member(3, { name: "郑丽", relation: "次女", sex: "女" }),
    ];
    deriveFamily(entries);
    expect(values(entries, "spouseName")).toEqual(["李芬", "郑奋华", null, null]);
    expect(values(entries, "fatherName")).toEqual([null, null, "郑奋华", "郑奋华"]);
    expect(values(entries, "motherName")).toEqual([null, null, "李芬", "李芬"]);
    for (const e of entries) {
      for (const f of ["spouseName", "fatherName", "motherName"] as const) {
        if (!e.fields[f]) continue;
        expect(e.fields[f]!.status).toBe("uncertain");
        expect(e.fields[f]!.note).toMatch(/derived/);
      }
    }
  });

  it("links a female head as mother and her husband as father", () => {
    const entries = [
      member(0, { name: "王秀英", relation: "户主", sex: "女" }),
      member(1, { name: "张建国", relation: "夫", sex: "男" }),
      member(2, { name: "张明", relation: "子", sex: "男" }),
    ];
    deriveFamily(entries);
    expect(entries[2].fields.motherName?.value).toBe("王秀英");
    expect(entries[2].fields.fatherName?.value).toBe("张建国");
  });

  it("takes the head's sex from a 妻 when the sex column is unreadable", () => {
    const entries = [member(0, { name: "雷孝启", relation: "户主" }), member(1, { name: "贾娴环", relation: "妻" }), member(2, { name: "雷德福", relation: "长子" })];
    deriveFamily(entries);
    expect(entries[2].fields.fatherName?.value).toBe("雷孝启");
    expect(entries[2].fields.motherName?.value).toBe("贾娴环");
  });

  it("names the head's parents from 父 and 母", () => {
    const entries = [member(0, { name: "刘星利", relation: "户主", sex: "男" }), member(1, { name: "刘福", relation: "父", sex: "男" }), member(2, { name: "陈兰", relation: "母", sex: "女" })];
    deriveFamily(entries);
    expect(entries[0].fields.fatherName?.value).toBe("刘福");
    expect(entries[0].fields.motherName?.value).toBe("陈兰");
    expect(entries[1].fields.spouseName?.value).toBe("陈兰");
  });

  it("links grandchildren only through the one son with a wife in the household", () => {
    const one = [
      member(0, { name: "汪桐祥", relation: "户主", sex: "男" }),
      member(1, { name: "汪志学", relation: "长子", sex: "男" }),
      member(2, { name: "林秀", relation: "儿媳", sex: "女" }),
      member(3, { name: "汪小明", relation: "孙子", sex: "男" }),
    ];
    deriveFamily(one);
    expect(one[3].fields.fatherName?.value).toBe("汪志学");
    expect(one[3].fields.motherName?.value).toBe("林秀");
    expect(one[1].fields.spouseName?.value).toBe("林秀");

    const two = [...one.slice(0, 3).map((e) => member(e.index, { name: e.fields.name!.raw, relation: e.fields.relation!.raw, sex: e.fields.sex!.raw })), member(3, { name: "汪志林", relation: "次子", sex: "男" }), member(4, { name: "汪小明", relation: "孙子", sex: "男" })];
    const skipped = deriveFamily(two);
    expect(two[4].fields.fatherName).toBeUndefined();
    expect(two[2].fields.spouseName).toBeUndefined();
    expect(skipped.join(" ")).toMatch(/not certain/);
  });

  it("does not make an adopted child the head's spouse's child by birth", () => {
    const entries = [member(0, { name: "周强", relation: "户主", sex: "男" }), member(1, { name: "吴梅", relation: "妻", sex: "女" }), member(2, { name: "周宁", relation: "养女", sex: "女" })];
    deriveFamily(entries);
    expect(entries[2].fields.fatherName).toBeUndefined();
  });

  it("derives nothing without exactly one head", () => {
    const none = [member(0, { name: "李芬", relation: "妻", sex: "女" }), member(1, { name: "郑泽军", relation: "长子", sex: "男" })];
    deriveFamily(none);
    expect(none[1].fields.motherName).toBeUndefined();
    const two = [member(0, { name: "甲乙", relation: "户主" }), member(1, { name: "丙丁", relation: "户主" })];
    expect(deriveFamily(two).join(" ")).toMatch(/more than one/);
  });

  it("never overwrites a name the page gives", () => {
    const entries = [member(0, { name: "郑奋华", relation: "户主", sex: "男", spouseName: "李芳" }), member(1, { name: "李芬", relation: "妻", sex: "女" })];
    deriveFamily(entries);
    expect(entries[0].fields.spouseName).toMatchObject({ value: "李芳", status: "ok" });
  });
});
