import { describe, expect, it } from "vitest";
import { readingsOf } from "./readings";
import { affinity, assignCells, closedCuts, dateEndCuts, dateStartCuts, placeTokens, type TableColumn } from "./table-row";
import { centred, ppocrLine, tesseractLine, word } from "./test-lines";
import type { FieldName } from "./types";

const COLUMNS: TableColumn[] = ([
  ["name", 100], ["relation", 250], ["sex", 360], ["ethnicity", 440], ["birthDate", 600], ["nativePlace", 800],
  ["idNumber", 1050], ["education", 1280], ["occupation", 1400], ["moveIn", 1600],
] as [FieldName, number][]).map(([key, center]) => ({ key, center }));

/** Cells of every reading of a line, as [column key, text] pairs per engine. */
function cells(line: ReturnType<typeof tesseractLine>) {
  const readings = readingsOf(line);
  const words = readings.find((r) => r.source === "words") ?? null;
  const out: Record<string, [FieldName, string][]> = {};
  for (const r of readings) {
    out[r.engine] = assignCells(placeTokens(r, words, line.box), COLUMNS).map((c) => [COLUMNS[c.column].key, c.glyphs.map((g) => g.ch).join("")]);
  }
  return out;
}

describe("assignCells", () => {
  it("puts centred cells under their column labels", () => {
    const line = tesseractLine(centred([["郑奋华", 100], ["户主", 250], ["男", 360], ["汉", 440], ["1951年12月21日", 600], ["陕西西安", 800], ["610104195112211855", 1050], ["初中", 1280], ["工人", 1400], ["原住本址", 1600]]), 400);
    expect(cells(line).tesseract).toEqual([
      ["name", "郑奋华"], ["relation", "户主"], ["sex", "男"], ["ethnicity", "汉"], ["birthDate", "1951年12月21日"], ["nativePlace", "陕西西安"],
      ["idNumber", "610104195112211855"], ["education", "初中"], ["occupation", "工人"], ["moveIn", "原住本址"],
    ]);
  });

  it("keeps an ID number that reaches past the midpoint to the next label in its column", () => {
    // 18 digits at 16.5 px run from 902 to 1199, past the midpoint (1165) between the ID and education labels.
    const line = tesseractLine([{ text: "340123196308215960", x: 902 }, ...centred([["初中", 1280]])], 400);
    expect(cells(line).tesseract).toEqual([["idNumber", "340123196308215960"], ["education", "初中"]]);
  });

  it("cuts an ID number run into the next cell where the script changes", () => {
    const line = tesseractLine([{ text: "340123580422719半文盲", x: 930 }], 400);
    expect(cells(line).tesseract).toEqual([["idNumber", "340123580422719"], ["education", "半文盲"]]);
  });

  it("places another engine's cells through tesseract's boxes, even when that engine put them out of order", () => {
    const line = tesseractLine(
      centred([["资娴环", 100], ["妻", 250], ["女", 360], ["汉", 440], ["一九一五年十月十三日", 600], ["浙江宁波", 800]]),
      400,
      30,
      { text: "贾娴环\u3000一九一五年十月十三日\u3000妻\u3000女\u3000汉\u3000浙江宁波" },
    );
    expect(cells(line).ppocr).toEqual([["name", "贾娴环"], ["relation", "妻"], ["sex", "女"], ["ethnicity", "汉"], ["birthDate", "一九一五年十月十三日"], ["nativePlace", "浙江宁波"]]);
  });

  it("without any boxes, places cells by what they say and their order", () => {
    const line = ppocrLine("刘星利\u3000户主\u3000男\u3000汉\u30001973年8月7日\u3000内蒙古赤峰\u3000初中\u3000售货员", { x: 60, y: 400, w: 1420, h: 34 });
    expect(cells(line).ppocr).toEqual([["name", "刘星利"], ["relation", "户主"], ["sex", "男"], ["ethnicity", "汉"], ["birthDate", "1973年8月7日"], ["nativePlace", "内蒙古赤峰"], ["education", "初中"], ["occupation", "售货员"]]);
  });

  it("cuts cells the engine ran together where a value of a closed list begins or ends", () => {
    // PP-OCRv5 on a heavy handwritten ledger reads 女漢 and 370602190807160023小學 with no gap, and tesseract read nothing.
    const line = ppocrLine("李银蕙\u3000户主\u3000女漢\u3000一九〇八年七月十六日\u3000浙江寧波\u3000370602190807160023小學\u3000工人", { x: 60, y: 400, w: 1420, h: 34 });
    expect(cells(line).ppocr).toEqual([
      ["name", "李银蕙"], ["relation", "户主"], ["sex", "女"], ["ethnicity", "漢"], ["birthDate", "一九〇八年七月十六日"],
      ["nativePlace", "浙江寧波"], ["idNumber", "370602190807160023"], ["education", "小學"], ["occupation", "工人"],
    ]);
  });

  it("never takes a relation term for a name, where the header lost its relation column", () => {
    // Seed 2026's heavy ledger: the header's 与户主关系 went unread, so 户主 and 母 had no column but the name's.
    const noRelation = COLUMNS.filter((c) => c.key !== "relation");
    const line = ppocrLine("龍金海\u3000戶主\u3000男\u3000漢\u30001945年12月31日\u3000河南平頂山", { x: 60, y: 400, w: 1000, h: 34 });
    const readings = readingsOf(line);
    const got = assignCells(placeTokens(readings[0], null, line.box), noRelation).map((c) => [noRelation[c.column].key, c.glyphs.map((g) => g.ch).join("")]);
    expect(got).toContainEqual(["name", "龍金海"]);
    expect(got.some(([, text]) => text.includes("戶主"))).toBe(false);
    expect(affinity("name", "户主")).toBeLessThan(0);
    expect(affinity("name", "母")).toBeLessThan(0);
    expect(affinity("name", "户群兰")).toBeGreaterThan(0);
  });

  it("where tesseract read nothing, lets what the cells say outweigh where their share of the line puts them", () => {
    // Seed 60606's heavy traditional ledger: the header and the rows placed only by their share of the line.
    const header: [FieldName, number][] = [["name", 252], ["relation", 420], ["sex", 715], ["ethnicity", 847], ["birthDate", 1010], ["nativePlace", 1244], ["idNumber", 1440], ["education", 1800], ["occupation", 2038], ["moveIn", 2300]];
    const columns = header.map(([key, center]) => ({ key, center }));
    const line = ppocrLine("謝雄信\u3000戶主\u3000男\u3000壯\u30001929年6月18日\u3000安徽淮北\u3000530326192906180734\u3000半文盲\u3000農民\u30001958年9月由焦作市武陟縣遷來", { x: 150, y: 700, w: 2700, h: 84 });
    const got = assignCells(placeTokens(readingsOf(line)[0], null, line.box), columns).map((c) => [columns[c.column].key, c.glyphs.map((g) => g.ch).join("")]);
    expect(got).toContainEqual(["birthDate", "1929年6月18日"]);
    expect(got).toContainEqual(["idNumber", "530326192906180734"]);
    expect(got).toContainEqual(["nativePlace", "安徽淮北"]);
  });

  it("closedCuts: only before or after a sex, ethnicity, relation, education or marital-status value", () => {
    expect([...closedCuts(Array.from("女漢"))].sort()).toEqual([1]);
    expect([...closedCuts(Array.from("山東烟台小學"))]).toEqual([4]);
    expect([...closedCuts(Array.from("长子男"))].sort()).toEqual([2]);
    // Names and places are not cut: nothing in them is a closed-list value at an end.
    expect([...closedCuts(Array.from("王建国"))]).toEqual([]);
    expect([...closedCuts(Array.from("浙江宁波"))]).toEqual([]);
    // Nor a value whose end is a value too: 长子 is not 长 + 子.
    for (const whole of ["长子", "户主", "三女", "半文盲"]) expect([...closedCuts(Array.from(whole))]).toEqual([]);
  });

  it("ends a date run into the next cell at its 日, wherever the column boundary falls", () => {
    // Seed 2718's printed ledger: PP-OCR read 一九六三年四月二十七日内蒙古鄂尔多斯 as one word. The midpoint
    // between the labels (700) falls inside the date, which lost 七日 to the native place.
    const h = 24;
    const line = tesseractLine([...centred([["吴瑞梅", 100], ["长女", 250], ["女", 360], ["汉", 440]], h), { text: "一九六三年四月二十七日内蒙古鄂尔多斯", x: 480 }], 400, h);
    const got = cells(line).tesseract;
    expect(got).toContainEqual(["birthDate", "一九六三年四月二十七日"]);
    expect(got).toContainEqual(["nativePlace", "内蒙古鄂尔多斯"]);
  });

  it("dateEndCuts: after a date's 日 or 号 only, never inside a date or a place", () => {
    expect([...dateEndCuts(Array.from("一九六三年四月二十七日内蒙古"))]).toEqual([11]);
    expect([...dateEndCuts(Array.from("1963年4月27日内蒙古"))]).toEqual([10]);
    expect([...dateEndCuts(Array.from("九四年六九日内蒙古"))]).toEqual([6]);
    // The tail of a date whose beginning went to the cell before.
    expect([...dateEndCuts(Array.from("四日山西阳泉"))]).toEqual([2]);
    expect([...dateEndCuts(Array.from("十一日龙江哈尔滨"))]).toEqual([3]);
    // 日照 and 日喀则 are places; 星期日 is no date; a date that ends the token needs no cut.
    for (const text of ["山东日照市", "西藏日喀则", "一九六三年四月二十七日", "星期日上午", "四月日照", "区日江苏", "三明日报社"]) expect([...dateEndCuts(Array.from(text))]).toEqual([]);
  });

  it("starts a date run on from the cell before at its year, wherever the column boundary falls", () => {
    // Seed 4242's heavy ledger: PP-OCR read 妻女漢一九七〇年十二月十八日 as one word, and the midpoint between
    // the ethnicity and birth-date labels (520) fell between 一 and 九: the ethnicity came out as 漢一.
    const h = 24;
    const line = tesseractLine([...centred([["王芳華", 100]], h), { text: "妻女漢一九七〇年十二月十八日", x: 455 }], 400, h);
    const got = cells(line).tesseract;
    expect(got).toContainEqual(["birthDate", "一九七〇年十二月十八日"]);
    expect(got.some(([, text]) => text.endsWith("漢一"))).toBe(false);
  });

  it("keeps a date whose year lost a 〇 whole, rather than cut to a two-digit year", () => {
    // Seed 1618: PP-OCR's 一九三年十月十日 (〇 lost), cut at the column boundary between 一 and 九, read as 1993.
    const h = 24;
    const line = tesseractLine([...centred([["何基怀", 100], ["户主", 250], ["男", 360], ["汉", 440]], h), { text: "一九三年十月十日", x: 505 }], 400, h);
    expect(cells(line).tesseract).toContainEqual(["birthDate", "一九三年十月十日"]);
    expect(affinity("birthDate", "九三年十月十日")).toBeLessThan(affinity("birthDate", "一九三〇年十月十日"));
  });

  it("dateStartCuts: before a four-digit year that follows no numeral", () => {
    expect([...dateStartCuts(Array.from("女漢一九七〇年十二月十八日"))]).toEqual([2]);
    expect([...dateStartCuts(Array.from("汉1953年1月2日"))]).toEqual([1]);
    // A date that starts the token, a year run on from a numeral, and a place need no cut.
    for (const text of ["一九七〇年十二月十八日", "二一九七〇年", "十一九七〇年", "山东烟台", "汉一九七年"]) expect([...dateStartCuts(Array.from(text))]).toEqual([]);
  });

  it("joins the two lines of a wrapped cell, top line first", () => {
    const h = 30;
    const line = tesseractLine(centred([["于继旭", 100], ["长子", 250], ["江苏南京", 800]]), 400, h);
    line.words = [...line.words!, word({ text: "1984年11", x: 540 }, 384, h), word({ text: "月6日", x: 560 }, 416, h)];
    expect(cells(line).tesseract).toContainEqual(["birthDate", "1984年11月6日"]);
    expect(cells(line).tesseract).toContainEqual(["nativePlace", "江苏南京"]);
  });

  it("drops a stray mark that fits no column rather than spoil a cell", () => {
    const line = tesseractLine([...centred([["男", 360], ["汉", 440]]), { text: "本", x: 470, confidence: 0.5 }, ...centred([["1951年12月21日", 600]])], 400);
    const got = cells(line).tesseract;
    expect(got).toContainEqual(["sex", "男"]);
    expect(got).toContainEqual(["birthDate", "1951年12月21日"]);
    expect(got.find(([k]) => k === "ethnicity")?.[1]).toMatch(/^汉/);
  });
});
