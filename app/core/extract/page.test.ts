import { describe, expect, it } from "vitest";
import type { CombinedLine, OcrLine } from "~/core/ocr/types";
import { linesFromOcr, linesFromPage } from "./from-ocr";
import { extractPage } from "./page";
import { columnsFrom, withUnreadColumns } from "./ledger";
import type { LabelSpot } from "./line-layout";
import { layoutLine } from "./line-layout";
import { centred, ppocrLine, tesseractLine, word } from "./test-lines";
import type { ExtractLine, ExtractedPage } from "./types";

const W = 1100;
const H = 1300;
const page = (lines: ExtractLine[], width = W, height = H) => extractPage({ lines, width, height });
const values = (p: ExtractedPage, i = 0) => Object.fromEntries(Object.entries(p.entries[i]?.fields ?? {}).map(([k, f]) => [k, f!.value]));

/** A person card as tesseract reads it: label and value words on one line per row. */
function card(rows: [string, string, number][][], title = "常住人口登記表"): ExtractLine[] {
  const lines = [tesseractLine([{ text: title, x: 370 }], 90, 50)];
  rows.forEach((row, r) => lines.push(tesseractLine(row.map(([text, , x]) => ({ text, x })), 220 + 84 * r)));
  return lines;
}

describe("person cards", () => {
  it("reads label → value on each line, traditional script, and normalises every field", () => {
    const p = page(card([
      [["姓名", "", 100], ["鄭澤兵", "", 213], ["與戶主關係", "", 463], ["長子", "", 613]],
      [["曾用名", "", 100], ["性別", "", 484], ["男", "", 613]],
      [["民族", "", 100], ["漢", "", 213], ["出生日期", "", 377], ["民國65年3月9日", "", 514]],
      [["出生地", "", 100], ["陝西省西安市蓮湖區", "", 214]],
      [["籍貫", "", 100], ["陝西省西安市", "", 214], ["公民身份號碼", "", 460], ["61010419760309789X", "", 633]],
      [["住址", "", 100], ["陝西省西安市蓮湖區工農路247號", "", 214]],
      [["文化程度", "", 100], ["小學", "", 213], ["婚姻狀況", "", 460], ["未婚", "", 633]],
      [["職業", "", 100], ["學生", "", 213], ["服務處所", "", 460], ["蓮湖區中心小學", "", 633]],
      [["何時由何地遷來本址", "", 100], ["出生", "", 380]],
    ]));
    expect(p.kind).toBe("person-card");
    expect(p.entries).toHaveLength(1);
    expect(values(p)).toEqual({
      name: "郑泽兵", relation: "长子", sex: "male", ethnicity: "汉", birthDate: "1976-03-09", birthPlace: "陕西省西安市莲湖区",
      nativePlace: "陕西省西安市", idNumber: "61010419760309789X", address: "陕西省西安市莲湖区工农路247号", education: "小学",
      maritalStatus: "未婚", occupation: "学生", employer: "莲湖区中心小学", moveIn: "出生",
    });
    const f = p.entries[0].fields;
    expect(f.name!.raw).toBe("鄭澤兵");
    expect(f.birthDate!.normalized).toMatchObject({ year: 1976, month: 3, day: 9, source: "roc" });
    expect(f.idNumber!.box).toMatchObject({ x: 633, y: 220 + 84 * 4 });
    expect(Object.values(f).every((x) => x!.status === "ok")).toBe(true);
  });

  it("takes a value on a line of its own to the right of its label, and the second line of a wrapped value", () => {
    const lines = [
      tesseractLine([{ text: "常住人口登记表", x: 370 }], 90, 50),
      tesseractLine([{ text: "姓名", x: 100 }], 220),
      ppocrLine("李芬", { x: 213, y: 218, w: 60, h: 32 }),
      tesseractLine([{ text: "住址", x: 100 }], 400),
      ppocrLine("河北省保定市蠡县张家湾村", { x: 214, y: 386, w: 330, h: 30 }),
      ppocrLine("7组", { x: 214, y: 420, w: 45, h: 30 }),
      tesseractLine([{ text: "性别", x: 100 }, { text: "女", x: 213 }], 500),
    ];
    expect(values(page(lines))).toMatchObject({ name: "李芬", address: "河北省保定市蠡县张家湾村7组", sex: "female" });
  });

  it("takes a value below a label that has none beside it", () => {
    const lines = [
      tesseractLine([{ text: "常住人口登记表", x: 370 }], 90, 50),
      tesseractLine([{ text: "姓名", x: 100 }, { text: "王玉兰", x: 213 }], 220),
      tesseractLine([{ text: "服务处所", x: 100 }], 300),
      ppocrLine("蓮湖區中心小學", { x: 100, y: 338, w: 200, h: 30 }),
    ];
    expect(values(page(lines)).employer).toBe("莲湖区中心小学");
  });

  it("reads a card through OCR confusions in its labels", () => {
    const lines = card([
      [["姓名", "", 100], ["曹兰淑", "", 213], ["与卢主关系", "", 463], ["妻", "", 613]],
      [["性别", "", 484], ["女", "", 613]],
      [["出生日其", "", 377], ["1962年3月25日", "", 514]],
      [["公民身份号碼", "", 460], ["431125196203251880", "", 633]],
    ], "帅住人口登记表");
    const p = page(lines);
    expect(p.kind).toBe("person-card");
    expect(values(p)).toMatchObject({ name: "曹兰淑", relation: "妻", sex: "female", birthDate: "1962-03-25", idNumber: "431125196203251880" });
  });

  it("marks the head's own name as householdHead", () => {
    const p = page(card([[["姓名", "", 100], ["張軍星", "", 213], ["與戶主關係", "", 463], ["戶主", "", 613]]]));
    expect(p.entries[0].fields.householdHead).toMatchObject({ value: "张军星" });
    expect(p.household).toMatchObject({ headName: "张军星" });
  });

  it("warns when the ID number contradicts the birth date, and marks both uncertain", () => {
    const p = page(card([
      [["姓名", "", 100], ["郑泽兵", "", 213]],
      [["出生日期", "", 377], ["1976年3月19日", "", 514]],
      [["公民身份号码", "", 460], ["61010419760309789X", "", 633]],
    ]));
    expect(p.entries[0].fields.birthDate!.status).toBe("uncertain");
    expect(p.entries[0].fields.idNumber!.status).toBe("uncertain");
    expect(p.warnings.join(" ")).toMatch(/birth date disagrees with the ID/);
  });

  it("settles a move-in year that lost its 〇 by the birth date, where only one year it may be comes after it", () => {
    const withMoveIn = (birth: string, moveIn: string) => page(card([
      [["姓名", "", 100], ["王建国", "", 213]],
      [["出生日期", "", 100], [birth, "", 300]],
      [["何時由何地遷來本址", "", 100], [moveIn, "", 420]],
    ]));
    // 一九七年: 1907 or 1970; born 1935, so 1970.
    const moved = withMoveIn("1935年2月3日", "一九七年四月由濟寧市兗州區遷來").entries[0].fields.moveIn!;
    expect(moved.value).toBe("一九七〇年四月由济宁市兖州区迁来");
    expect(moved.status).toBe("uncertain");
    expect(moved.alternatives[0]).toBe("一九七年四月由济宁市兖州区迁来");
    expect(moved.note).toContain("1970");
    // 出生 is the birth itself: its year is the birth year.
    expect(withMoveIn("1970年2月9日", "一九七年二月出生").entries[0].fields.moveIn!.value).toBe("一九七〇年二月出生");
    // Born 1900: both 1907 and 1970 come after, so the text stays as read.
    expect(withMoveIn("1900年2月3日", "一九七年四月由濟寧市兗州區遷來").entries[0].fields.moveIn!.value).toBe("一九七年四月由济宁市兖州区迁来");
  });

  it("settles a birth date unreadable for one character by the ID number beside it, and only then", () => {
    const withBirth = (birth: string, id?: string) => page(card([
      [["姓名", "", 100], ["王建国", "", 213]],
      [["出生日期", "", 100], [birth, "", 300]],
      ...(id ? [[["公民身份号码", "", 100], [id, "", 300]] as [string, string, number][]] : []),
    ]));
    // 一九七年: a 〇 lost, 1907 or 1970; the ID says 1970-02-09.
    const lost = withBirth("一九七年二月九日", "610104197002091230").entries[0].fields;
    expect(lost.birthDate!.value).toBe("1970-02-09");
    expect(lost.birthDate!.status).toBe("uncertain");
    expect(lost.birthDate!.alternatives[0]).toBe("一九七年二月九日");
    expect(lost.birthDate!.note).toMatch(/ID number/);
    expect(lost.idNumber!.status).toBe("ok");
    // 十和八日: a stray mark read as 和.
    expect(withBirth("一九六六年四月十和八日", "610104196604182047").entries[0].fields.birthDate!.value).toBe("1966-04-18");
    // An ID whose date the text cannot be settles nothing: the date stays unreadable.
    const other = withBirth("一九七年二月九日", "61010419800101123X").entries[0].fields.birthDate!;
    expect(other.value).toBeNull();
    expect(other.status).toBe("unreadable");
    // Without an ID, nothing either.
    expect(withBirth("一九七年二月九日").entries[0].fields.birthDate!.value).toBeNull();
    // An ID that fails its check character is no witness.
    expect(withBirth("一九七年二月九日", "610104197002091231").entries[0].fields.birthDate!.value).toBeNull();
  });

  it("ignores lines only tesseract saw with low confidence (stains, rules)", () => {
    const lines = card([[["姓名", "", 100], ["严娟", "", 213]]]);
    lines.push({ ...tesseractLine([{ text: "交1人和和", x: 300, confidence: 0.2 }], 222), alternatives: [] });
    const p = page(lines);
    expect(values(p).name).toBe("严娟");
    expect(p.warnings.join(" ")).toMatch(/noise/);
  });
});

describe("values from the other engine's reading of a line", () => {
  it("end where that reading's next label takes a stray character (劉秀 | 奧戶主關係)", () => {
    const lines = card([
      [["姓", "", 100], ["名", "", 150], ["劉秀", "", 213], ["與戶主關係", "", 463], ["妻", "", 700]],
      [["性別", "", 100], ["女", "", 213]],
    ]);
    lines[1] = tesseractLine([{ text: "姓", x: 100 }, { text: "名", x: 150 }, { text: "劉秀", x: 213 }, { text: "與戶主關係", x: 463 }, { text: "妻", x: 700 }], 220, 30, { text: "姓名\u3000劉秀\u3000奧戶主關係\u3000妻", confidence: 0.99 });
    const name = page(lines).entries[0].fields.name!;
    expect(name.value).toBe("刘秀");
    expect(name.alternatives.join()).not.toContain("奧");
  });

  it("are placed by alignment where that reading has only a stump of the label (籍 | 買 for 籍貫)", () => {
    const lines = card([
      [["姓名", "", 100], ["鄭澤軍", "", 213]],
      [["籍貫", "", 100], ["陝西省西安市", "", 214]],
    ]);
    lines[2] = tesseractLine([{ text: "籍貫", x: 100, confidences: [0.98, 0.75] }, { text: "陝西省西安市", x: 214 }], 304, 30, { text: "籍\u3000買\u3000陝西省西安市", confidence: 0.99 });
    expect(page(lines).entries[0].fields.nativePlace!.value).toBe("陕西省西安市");
  });
  it("give a label only the other engine read its own place, not the place of unrelated words", () => {
    // PP-OCR merged the 姓名 header with a member row's far cells, in an order of its own; tesseract
    // saw only those cells. Aligning the two would put 姓名 over 小学 农民, at the right of the page.
    const words = [word({ text: "小学", x: 1300 }, 300, 30), word({ text: "农民", x: 1450 }, 300, 30), word({ text: "原住本址", x: 1600 }, 300, 30)];
    const line: ExtractLine = {
      text: "姓名\u3000原住本址\u3000小学\u3000农民", confidence: 0.98, engine: "ppocr", box: { x: 100, y: 300, w: 1620, h: 30 },
      alternatives: [{ text: "小学\u3000农民\u3000原住本址", confidence: 0.9, engine: "tesseract" }], words,
    };
    const name = layoutLine(line, 0)!.labels.find((l) => l.key === "name")!;
    expect(name.box!.x).toBeLessThan(400);
  });
});

describe("classification", () => {
  it("calls a page with no register labels unknown and reads nothing from it", () => {
    const p = page([tesseractLine([{ text: "今日天气晴朗" }, { text: "适合出行", x: 400 }].map((w, i) => ({ x: 100 + i * 300, ...w })), 200)]);
    expect(p).toMatchObject({ kind: "unknown", entries: [], household: null });
    expect(p.warnings[0]).toMatch(/neither/);
  });

  it("calls a page with a row of column headers a ledger even without its title", () => {
    const lines = [tesseractLine(centred([["姓名", 100], ["与户主关系", 250], ["性别", 360], ["出生日期", 600]]), 320, 24), tesseractLine(centred([["李芬", 100], ["妻", 250], ["女", 360], ["1954年10月8日", 600]]), 400)];
    expect(page(lines, 1754, 1240).kind).toBe("household-ledger");
  });
});

const HEADER: [string, number][] = [["姓名", 135], ["与户主关系", 270], ["性别", 362], ["民族", 439], ["出生日期", 602], ["籍贯", 805], ["公民身份号码", 1035], ["文化程度", 1235], ["职业", 1350], ["何时由何地迁来本址", 1552]];

function ledger(slope = 0, header = HEADER): ExtractLine[] {
  const rows: [string, number][][] = [
    [["郑奋华", 135], ["户主", 270], ["男", 362], ["汉", 439], ["1951年12月21日", 602], ["陕西西安", 805], ["610104195112211855", 1035], ["初中", 1235], ["工人", 1350], ["原住本址", 1552]],
    [["李芬", 135], ["妻", 270], ["女", 362], ["汉", 439], ["1954年10月8日", 602], ["河南洛阳", 805], ["610104541008850", 1035], ["初中", 1235], ["教师", 1350], ["原住本址", 1552]],
    [["郑泽军", 135], ["长子", 270], ["男", 362], ["汉", 439], ["1976年3月9日", 602], ["陕西西安", 805], ["61010419760309789X", 1035], ["小学", 1235], ["学生", 1350], ["出生", 1552]],
  ];
  const lines = [
    tesseractLine([{ text: "户口登记簿", x: 743 }], 74, 52),
    tesseractLine([{ text: "户别：", x: 60 }, { text: "非农业家庭户", x: 141 }, { text: "户主姓名：", x: 560 }, { text: "郑奋华", x: 693 }, { text: "户号：", x: 1120 }, { text: "83158769", x: 1201 }], 170, 26),
    tesseractLine([{ text: "住址：", x: 60 }, { text: "陕西省西安市莲湖区工农路247号", x: 142 }], 230, 26),
    tesseractLine(centred(header, 24), 318, 24),
    ...rows.map((row, r) => tesseractLine(centred(row, 26), 401 + 88 * r, 26)),
    tesseractLine([{ text: "登记日期：", x: 60 }, { text: "1988年3月16日", x: 200 }, { text: "承办人：", x: 1180 }, { text: "张锦才", x: 1300 }], 1114, 26),
  ];
  if (slope === 0) return lines;
  const shear = <T extends { x: number; y: number; w: number; h: number }>(b: T): T => ({ ...b, y: b.y + slope * (b.x + b.w / 2), h: b.h + Math.abs(slope) * b.w });
  return lines.map((l) => ({
    ...l,
    box: shear(l.box),
    words: l.words!.map((w) => ({ ...w, box: shear(w.box), symbols: w.symbols!.map((s) => ({ ...s, box: shear(s.box!) })) })),
  }));
}

describe("columnsFrom", () => {
  const spot = (key: LabelSpot["key"], chars: string, x: number, cost = 0, part = false, y = 555): LabelSpot => ({
    key,
    match: { key, form: { key, chars: Array.from(chars), ...(part ? { part: true as const } : {}) }, start: 0, end: chars.length, cost },
    box: { x, y, w: 40 * chars.length, h: 40 },
    exact: true,
    lineIndex: 0,
  });

  it("ignores a loose match of a label read exactly elsewhere, and still joins a wrapped label's pieces", () => {
    // Seed 60606's stained ledger: a stray 名 below the header, matched as 姓名 with 姓 lost (cost 1).
    const columns = columnsFrom([spot("name", "姓名", 195), spot("sex", "性别", 590), spot("birthDate", "出生日期", 968), spot("name", "姓名", 1326, 1, false, 613)]);
    expect(columns.map((c) => [c.key, c.box.x, c.box.w])).toEqual([["name", 195, 80], ["sex", 590, 80], ["birthDate", 968, 160]]);
    // 与户主 / 关系 on two lines: both pieces make the column.
    const wrapped = columnsFrom([spot("name", "姓名", 195), spot("relation", "与户主", 378, 0, true, 540), spot("relation", "关系", 398, 0, true, 585)]);
    expect(wrapped.find((c) => c.key === "relation")!.box).toEqual({ x: 378, y: 540, w: 120, h: 85 });
  });
});

describe("withUnreadColumns", () => {
  const column = (key: LabelSpot["key"], x: number) => ({ key: key as never, box: { x, y: 300, w: 80, h: 40 } });

  it("puts back self-evident columns the header lost, between their neighbours", () => {
    const got = withUnreadColumns([column("name", 100), column("relation", 300), column("ethnicity", 540), column("nativePlace", 900)]);
    expect(got.map((c) => [c.key, c.box.x + c.box.w / 2])).toEqual([["name", 140], ["relation", 340], ["sex", 460], ["ethnicity", 580], ["birthDate", 760], ["nativePlace", 940]]);
  });

  it("leaves the columns alone where what is missing says nothing by itself, or the order is not the customary one", () => {
    // 籍贯 (a place) would take any text.
    const place = [column("birthDate", 100), column("idNumber", 500)];
    expect(withUnreadColumns(place)).toEqual(place);
    const reordered = [column("name", 100), column("ethnicity", 300), column("relation", 540)];
    expect(withUnreadColumns(reordered)).toEqual(reordered);
  });
});

describe("household ledgers", () => {
  const expected = [
    { name: "郑奋华", relation: "户主", sex: "male", ethnicity: "汉", birthDate: "1951-12-21", nativePlace: "陕西西安", idNumber: "610104195112211855", education: "初中", occupation: "工人", moveIn: "原住本址" },
    { name: "李芬", relation: "妻", sex: "female", ethnicity: "汉", birthDate: "1954-10-08", nativePlace: "河南洛阳", idNumber: "610104195410088509", education: "初中", occupation: "教师", moveIn: "原住本址" },
    { name: "郑泽军", relation: "长子", sex: "male", ethnicity: "汉", birthDate: "1976-03-09", nativePlace: "陕西西安", idNumber: "61010419760309789X", education: "小学", occupation: "学生", moveIn: "出生" },
  ];

  it("reads sex and birth date where the header reading lost their labels", () => {
    // A heavy page: PP-OCR read the header without 性别 and 出生日期.
    const p = page(ledger(0, HEADER.filter(([label]) => label !== "性别" && label !== "出生日期")), 1754, 1240);
    expect(p.entries).toHaveLength(3);
    p.entries.forEach((e, i) => expect(values(p, i)).toMatchObject(expected[i]));
  });

  it("reads one member per row, each cell in its column, and the household header", () => {
    const p = page(ledger(), 1754, 1240);
    expect(p.kind).toBe("household-ledger");
    expect(p.household).toEqual({ headName: "郑奋华", address: "陕西省西安市莲湖区工农路247号" });
    expect(p.entries).toHaveLength(3);
    p.entries.forEach((e, i) => expect(values(p, i)).toMatchObject(expected[i]));
  });

  it("copies the household's head and address to every member, saying where they come from", () => {
    const p = page(ledger(), 1754, 1240);
    for (const e of p.entries) {
      expect(e.fields.householdHead).toMatchObject({ value: "郑奋华", status: "ok" });
      expect(e.fields.address!.note).toMatch(/header/);
    }
  });

  it("derives spouses and parents from the relations, as uncertain", () => {
    const p = page(ledger(), 1754, 1240);
    expect(p.entries[0].fields.spouseName).toMatchObject({ value: "李芬", status: "uncertain" });
    expect(p.entries[2].fields.fatherName).toMatchObject({ value: "郑奋华", status: "uncertain" });
    expect(p.entries[2].fields.motherName).toMatchObject({ value: "李芬", status: "uncertain" });
  });

  it("reads a page whose rows slope (skew the preprocessing missed), boxes given back in the image's coordinates", () => {
    const slope = -0.04; // about 2.3°: the right end of a row sits 60 px higher than its left end
    const p = page(ledger(slope), 1754, 1240);
    expect(p.warnings.join(" ")).toMatch(/slopes/);
    expect(p.entries).toHaveLength(3);
    p.entries.forEach((e, i) => expect(values(p, i)).toMatchObject(expected[i]));
    const box = p.entries[0].fields.moveIn!.box!;
    // 原住本址 centred at x 1552 on the first row (y 401): sheared up by 0.04 * 1552 = 62 px.
    expect(box.y).toBeLessThan(401 - 40);
    expect(box.y + box.h).toBeGreaterThan(401 - 70);
  });

  it("reads rows another engine saw as one unspaced run", () => {
    const lines = ledger();
    // PP-OCR's row without spaces, tesseract missing the row entirely.
    lines[4] = ppocrLine("郑奋华户主男汉1951年12月21日陕西西安610104195112211855初中工人原住本址", { x: 95, y: 401, w: 1510, h: 26 });
    const p = page(lines, 1754, 1240);
    expect(values(p, 0)).toMatchObject({ name: "郑奋华", idNumber: "610104195112211855", moveIn: "原住本址" });
  });
  it("keeps a household line reaching into the header row out of the columns, and takes a lower one-line label into the header", () => {
    const lines = ledger();
    // 住址：… written in a tall box beside the header cells, so its line joins the header row.
    lines[2] = ppocrLine("住址：陕西省西安市莲湖区工农路247号", { x: 60, y: 280, w: 560, h: 60 });
    // 姓名 centred in its cell beside wrapped two-line labels sits lower; the engine merged it
    // with the first member's 原住本址, read a little higher than the rest of that row.
    lines[3] = tesseractLine(centred(HEADER.filter(([t]) => t !== "姓名"), 24), 318, 24);
    const first = HEADER.length - 1;
    lines[4] = tesseractLine(centred([["郑奋华", 135], ["户主", 270], ["男", 362], ["汉", 439], ["1951年12月21日", 602], ["陕西西安", 805], ["610104195112211855", 1035], ["初中", 1235], ["工人", 1350]], 26), 401, 26);
    lines.splice(4, 0, tesseractLine(centred([["姓名", 135], ["原住本址", HEADER[first][1]]], 24), 376, 24));
    const p = page(lines, 1754, 1240);
    expect(p.household).toEqual({ headName: "郑奋华", address: "陕西省西安市莲湖区工农路247号" });
    expect(p.entries).toHaveLength(3);
    p.entries.forEach((e, i) => expect(values(p, i)).toMatchObject(expected[i]));
  });
});

describe("linesFromOcr", () => {
  it("attaches tesseract's words to the combined line holding its text", () => {
    const t1 = tesseractLine([{ text: "姓名", x: 100 }, { text: "李芬", x: 213 }], 220);
    const t2 = tesseractLine([{ text: "性别", x: 100 }, { text: "女", x: 213 }], 300);
    const tLines: OcrLine[] = [t1, t2].map((l) => ({ text: l.text, confidence: l.confidence, box: l.box, words: l.words! }));
    const combined: CombinedLine[] = [
      { text: "姓名\u3000李芬", confidence: 0.99, engine: "ppocr", box: { x: 98, y: 216, w: 180, h: 38 }, alternatives: [{ engine: "tesseract", text: t1.text, confidence: t1.confidence }] },
      { text: t2.text, confidence: t2.confidence, engine: "tesseract", box: t2.box, alternatives: [] },
    ];
    const lines = linesFromOcr(combined, tLines);
    expect(lines[0].words!.map((w) => w.text)).toEqual(["姓名", "李芬"]);
    expect(lines[1].words!.map((w) => w.text)).toEqual(["性别", "女"]);
    expect(lines[0].alternatives![0].engine).toBe("tesseract");
  });
});

describe("linesFromPage (what the extraction worker and bench:match extract from a stored page)", () => {
  /** A stored page: a card whose name PP-OCR reads 王蓉瑾 and tesseract, unsure, 王艺于. */
  function storedCard() {
    const rows = [
      tesseractLine([{ text: "常住人口登记表", x: 370 }], 90, 50),
      tesseractLine([{ text: "姓名", x: 100 }, { text: "王艺于", x: 213, confidences: [0.96, 0.3, 0.35] }], 220, 30, { text: "姓名\u3000王蓉瑾", confidence: 0.96 }),
      tesseractLine([{ text: "性别", x: 100 }, { text: "女", x: 213 }], 304),
      tesseractLine([{ text: "出生日期", x: 100 }, { text: "1925年9月9日", x: 260 }], 388),
    ];
    const combined: CombinedLine[] = rows.map((l) => ({ text: l.text, confidence: l.confidence, engine: l.engine!, box: l.box, alternatives: (l.alternatives ?? []).map((a) => ({ ...a, engine: a.engine! })) }));
    const tesseractText = (l: ExtractLine) => (l.engine === "tesseract" ? l.text : l.alternatives!.find((a) => a.engine === "tesseract")!.text);
    const tLines: OcrLine[] = rows.map((l) => ({ text: tesseractText(l), confidence: l.words!.reduce((s, w) => s + w.confidence, 0) / l.words!.length, box: l.box, words: l.words! }));
    const readings = [{ engine: "tesseract" as const, engineVersion: "5", language: "chi_sim", text: "", rawText: "", confidence: 0.8, lines: tLines, durationMs: 1, params: {} }];
    return { combined, readings };
  }

  it("counts tesseract's text and its words as one reading: the surer engine's name wins", () => {
    const p = page(linesFromPage(storedCard()));
    const name = p.entries[0].fields.name!;
    expect(name.value).toBe("王蓉瑾");
    expect(name.alternatives).toContain("王艺于");
    expect(name.status).toBe("uncertain");
    expect(name.note).toContain("王艺于");
  });

  it("without the engines' names, tesseract's text and words would outvote PP-OCR (the bug this guards)", () => {
    const anonymous = linesFromPage(storedCard()).map(({ engine: _e, ...l }) => ({ ...l, alternatives: l.alternatives?.map(({ engine: _a, ...a }) => a) }));
    expect(page(anonymous).entries[0].fields.name!.value).toBe("王艺于");
  });

  it("a corrected line is the archivist's text, trusted, even against two engines; the OCR texts stay searchable", () => {
    const stored = storedCard();
    const shown = stored.combined.map((l) => l.text);
    shown[1] = "姓名\u3000王蓉瑜";
    const lines = linesFromPage(stored, shown);
    expect(lines[1]).toMatchObject({ text: "姓名\u3000王蓉瑜", confidence: 1 });
    expect(lines[1].words).toBeUndefined();
    expect(lines[0]).toEqual(linesFromPage(stored)[0]);
    const name = page(lines).entries[0].fields.name!;
    expect(name.value).toBe("王蓉瑜");
    expect(name.alternatives).toEqual(expect.arrayContaining(["王蓉瑾", "王艺于"]));
  });
});
