import { describe, expect, it } from "vitest";
import regionJson from "./data/region-codes.json";
import { buildRegionFile, serializeRegionFile, type RegionFile } from "./data/build-region-codes";
import { currentRegionCodes, lookupRegion, regionCodeCount } from "./region";

describe("lookupRegion", () => {
  it("names a code in use", () => {
    expect(lookupRegion("110105")).toEqual({
      code: "110105",
      name: "朝阳区",
      province: "北京市",
      prefecture: null,
      fullName: "北京市朝阳区",
      level: "county",
      start: 1981,
      end: null,
      current: true,
      successors: [],
    });
  });

  it.each([
    ["110000", "北京市", "province", "北京市"],
    ["130100", "石家庄市", "prefecture", "河北省石家庄市"],
    ["130102", "长安区", "county", "河北省石家庄市长安区"],
    ["710000", "台湾省", "province", "台湾省"],
    ["810000", "香港特别行政区", "province", "香港特别行政区"],
  ])("%s is %s (%s)", (code, name, level, fullName) => {
    expect(lookupRegion(code)).toMatchObject({ name, level, fullName, current: true });
  });

  it("maps an abolished code to its successor", () => {
    const chongwen = lookupRegion("110103");
    expect(chongwen).toMatchObject({ name: "崇文区", current: false, start: 1981, end: 2010 });
    expect(chongwen!.successors).toEqual([{ code: "110101", year: 2010, name: "东城区" }]);
    expect(currentRegionCodes("110103")).toEqual(["110101"]);
  });

  it("tells apart the units that held one code in different years", () => {
    expect(lookupRegion("120110", 1985)).toMatchObject({ name: "东郊区", current: false });
    expect(lookupRegion("120110", 1992)).toMatchObject({ name: "东丽区", current: true });
    expect(lookupRegion("120110")).toMatchObject({ name: "东丽区", current: true });
    expect(lookupRegion("132201", 1982)).toMatchObject({ name: "邢台市", prefecture: "邢台地区" });
    expect(lookupRegion("132201", 1990)).toMatchObject({ name: "南宫市" });
  });

  it("uses the nearest row for years outside the code's life", () => {
    expect(lookupRegion("110118", 1990)).toMatchObject({ name: "密云区", start: 2015 });
    expect(lookupRegion("110103", 2020)).toMatchObject({ name: "崇文区", current: false });
  });

  it("names successors that took part of the territory in an earlier year", () => {
    const luancheng = lookupRegion("130124");
    expect(luancheng!.successors).toEqual([
      { code: "130108", year: 2001, name: "裕华区" },
      { code: "130111", year: 2014, name: "栾城区" },
    ]);
  });

  it("follows successors through every renumbering to codes in use", () => {
    expect(currentRegionCodes("110105")).toEqual(["110105"]);
    expect(currentRegionCodes("120110", 1985)).toEqual(["120110"]);
    expect(currentRegionCodes("132201", 1990)).toEqual(["130581"]);
    const chaoyang = currentRegionCodes("440524");
    expect(chaoyang.length).toBeGreaterThan(0);
    for (const code of chaoyang) expect(lookupRegion(code)!.current).toBe(true);
  });

  it.each(["999999", "12345", "1101050", "abcdef", "", " 110105 x"])("returns null for %j", (code) => {
    expect(lookupRegion(code)).toBeNull();
  });

  it("trims the code", () => {
    expect(lookupRegion(" 110105 ")).toMatchObject({ name: "朝阳区" });
  });

  it("knows every code in the shipped table", () => {
    expect(regionCodeCount()).toBe(6450);
  });
});

describe("region-codes.json", () => {
  const file = regionJson as unknown as RegionFile;

  it("names its source and licence", () => {
    expect(file.source).toContain("yescallop/areacodes");
    expect(file.source).toContain("eed219a0678d36bacaa717f62443b10e869f0291");
    expect(file.source).toContain("CC0");
  });

  it("has well-formed rows, oldest first, with successor codes that exist", () => {
    let rows = 0;
    for (const [code, list] of Object.entries(file.codes)) {
      expect(code).toMatch(/^\d{6}$/);
      for (let i = 0; i < list.length; i++) {
        const [name, province, prefecture, level, start, end, successors] = list[i];
        rows++;
        expect(name.length).toBeGreaterThan(0);
        expect(file.provinces[province]).toBeDefined();
        if (prefecture !== null) expect(file.prefectures[prefecture]).toBeDefined();
        expect(["p", "f", "c"]).toContain(level);
        if (end !== null) expect(end).toBeGreaterThanOrEqual(start);
        if (i > 0) expect(start).toBeGreaterThanOrEqual(list[i - 1][4]);
        for (const part of successors === "" ? [] : successors.split(";")) expect(part).toMatch(/^\d{6}(\[\d{4}\])?$/);
      }
    }
    expect(rows).toBe(6823);
  });
});

describe("buildRegionFile", () => {
  const csv = [
    "\uFEFF代码,一级行政区,二级行政区,名称,级别,状态,启用时间,变更/弃用时间,新代码",
    "110000,北京市,,北京市,省级,在用,1981,,",
    "110103,北京市,直辖,崇文区,县级,弃用,1981,2010,110101",
    "110101,北京市,直辖,东城区,县级,在用,1981,,",
    "120110,天津市,直辖,东丽区,县级,在用,1992,,",
    "120110,天津市,直辖,东郊区,县级,变更,1981,1992,120110",
    "130124,河北省,石家庄市,栾城县,县级,弃用,1986,2014,130108[2001];130111",
    "",
  ].join("\n");

  it("keeps every row, sorts each code's rows and stores names once", () => {
    const file = buildRegionFile(csv, "test");
    expect(file.provinces).toEqual(["北京市", "天津市", "河北省"]);
    expect(file.prefectures).toEqual(["石家庄市"]);
    expect(file.codes["110000"]).toEqual([["北京市", 0, null, "p", 1981, null, ""]]);
    expect(file.codes["120110"].map((r) => r[0])).toEqual(["东郊区", "东丽区"]);
    expect(file.codes["130124"]).toEqual([["栾城县", 2, 0, "c", 1986, 2014, "130108[2001];130111"]]);
  });

  it("serialises one code per line as valid JSON", () => {
    const file = buildRegionFile(csv, "test");
    const text = serializeRegionFile(file);
    expect(JSON.parse(text)).toEqual(file);
    expect(text.split("\n").filter((l) => /^"\d{6}":/.test(l))).toHaveLength(5);
  });

  it("rejects a file with another header or a malformed row", () => {
    expect(() => buildRegionFile("code,name\n110000,北京市", "test")).toThrow(/header/);
    expect(() => buildRegionFile(`${csv.split("\n")[0]}\n11000,北京市,,北京市,省级,在用,1981,,`, "test")).toThrow(/malformed/);
    expect(() => buildRegionFile(`${csv.split("\n")[0]}\n110000,北京市`, "test")).toThrow(/columns/);
  });
});
