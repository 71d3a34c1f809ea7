import { describe, expect, it } from "vitest";
import { identityFromEntryFields, reconstructRecord, sameFieldValue } from "./record";
import { formatAccessCode, formatCaseNumber, isCaseNumber, normaliseAccessCode } from "./case-number";
import { packFormerNames, toClaimedIdentity, unpackFormerNames } from "./identity";

describe("record reconstruction", () => {
  it("compares values across script, notation and id formats", () => {
    expect(sameFieldValue("name", "陳林秀英", "陈林秀英")).toBe(true);
    expect(sameFieldValue("birthDate", "1956-03-12", "一九五六年三月十二日")).toBe(true);
    expect(sameFieldValue("birthDate", "民國45年3月12日", "1956-03-12")).toBe(true);
    expect(sameFieldValue("birthDate", "1956-03-12", "1956-03-13")).toBe(false);
    expect(sameFieldValue("sex", "女", "female")).toBe(true);
    expect(sameFieldValue("address", "城關鎮 東街 12 號", "城关镇东街12号")).toBe(true);
  });

  it("links each field to the evidence that agrees with it or confirms it", () => {
    const record = reconstructRecord(
      { name: "陳林秀英", birthDate: "1956-03-12", address: "城關鎮東街12號", fatherName: null, idNumber: "" },
      [
        { itemId: "m1", fields: { name: "陈林秀英", birthDate: "一九五六年三月十二日", fatherName: "林阿土" } },
        { itemId: "f1", confirms: ["address"] },
        { itemId: "m2", fields: { name: "陳林秀美" } },
      ],
    );
    expect(record).toEqual([
      { field: "name", value: "陳林秀英", supportedBy: ["m1"], basis: "evidence" },
      { field: "birthDate", value: "1956-03-12", supportedBy: ["m1"], basis: "evidence" },
      { field: "address", value: "城關鎮東街12號", supportedBy: ["f1"], basis: "evidence" },
      { field: "fatherName", value: "林阿土", supportedBy: ["m1"], basis: "evidence" },
    ]);
  });

  it("keeps declared fields without evidence, marked as declared", () => {
    expect(reconstructRecord({ name: "王小明" }, [])).toEqual([{ field: "name", value: "王小明", supportedBy: [], basis: "declared" }]);
  });

  it("reads entry fields in the shapes extraction produces", () => {
    expect(identityFromEntryFields({ name: { value: "陳林氏", confidence: 0.9 }, gender: "女", dob: "x", father: { raw: "林阿土" } })).toEqual({
      name: "陳林氏",
      sex: "女",
      fatherName: "林阿土",
    });
  });
});

describe("identity helpers", () => {
  it("packs and unpacks former names", () => {
    expect(packFormerNames([" 林秀英 ", "", "林阿英"])).toBe("林秀英、林阿英");
    expect(unpackFormerNames("林秀英，林阿英;阿英")).toEqual(["林秀英", "林阿英", "阿英"]);
    expect(toClaimedIdentity({ name: "陳", formerNames: "甲、乙", sex: "female", address: " " })).toMatchObject({
      name: "陳",
      formerNames: ["甲", "乙"],
      sex: "female",
      address: null,
    });
  });
});

describe("case numbers and access codes", () => {
  it("formats case numbers with a six-digit sequence", () => {
    expect(formatCaseNumber(2026, 123)).toBe("SJ-2026-000123");
    expect(isCaseNumber("SJ-2026-000123")).toBe(true);
    expect(isCaseNumber("SJ-26-1")).toBe(false);
    expect(() => formatCaseNumber(2026, 0)).toThrow();
  });

  it("formats access codes without ambiguous letters and normalises what residents type", () => {
    const code = formatAccessCode(new Uint8Array(Array.from({ length: 12 }, (_, i) => i * 23)));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normaliseAccessCode(code.toLowerCase().replace(/-/g, " "))).toBe(code.replace(/-/g, ""));
    expect(normaliseAccessCode("ol-1i")).toBe("0111");
  });
});
