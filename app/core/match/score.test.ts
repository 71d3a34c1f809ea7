import { describe, expect, test } from "vitest";
import { idCheckChar } from "~/core/normalize";
import {
  compare,
  DEFAULT_MODEL,
  explain,
  MATCH_I18N_EN,
  MATCH_I18N_ZH_HANS,
  nestedCatalog,
  prepareEntry,
  prepareQuery,
  priorForArchive,
  entriesPerPersonOf,
  termFrequencies,
  rankCandidates,
  REVIEW_THRESHOLD,
  ReviewThreshold,
  type EntryRecord,
} from "./index";

const ID = (() => {
  const first17 = "11010519560312001";
  return first17 + idCheckChar(first17);
})();

const record = (id: string, fields: Record<string, string>): EntryRecord => ({
  id,
  fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { value: v }])),
});

describe("the default model", () => {
  test("each field's m and u are distributions over its levels", () => {
    for (const [field, levels] of Object.entries(DEFAULT_MODEL.fields)) {
      const sum = (k: "m" | "u") => Object.values(levels).reduce((a, p) => a + p[k], 0);
      expect(sum("m"), field).toBeCloseTo(1, 4);
      expect(sum("u"), field).toBeCloseTo(1, 4);
    }
  });
});

describe("compare", () => {
  const e = prepareEntry(record("e1", { name: "王秀英", sex: "女", birthDate: "1956-03-12", birthPlace: "石家庄市" }));

  test("probability is the base-2 sigmoid of the prior log-odds plus the field weights", () => {
    const r = compare(prepareQuery({ name: "王秀英", sex: "女", birthDate: "1956-03-12" }), e, DEFAULT_MODEL);
    const prior = Math.log2(DEFAULT_MODEL.priorMatch / (1 - DEFAULT_MODEL.priorMatch));
    const sum = r.levels.reduce((a, l) => a + l.weight, 0);
    expect(r.priorWeight).toBeCloseTo(prior, 10);
    expect(r.matchWeight).toBeCloseTo(prior + sum, 10);
    expect(r.probability).toBeCloseTo(1 / (1 + 2 ** -(prior + sum)), 12);
    for (const l of r.levels) if (l.level !== "missing") expect(l.weight).toBeCloseTo(Math.log2(l.m / l.u), 10);
  });

  test("fields missing on either side contribute nothing", () => {
    const r = compare(prepareQuery({ name: "王秀英" }), e, DEFAULT_MODEL);
    const missing = r.levels.filter((l) => l.level === "missing");
    expect(missing.map((l) => l.field)).toEqual(expect.arrayContaining(["sex", "birthDate", "idNumber", "birthPlace", "fatherName"]));
    expect(missing.every((l) => l.weight === 0)).toBe(true);
    expect(r.levels).toHaveLength(11);
  });

  test("an empty query says nothing: the prior alone", () => {
    const r = compare(prepareQuery({}), e, DEFAULT_MODEL);
    expect(r.matchWeight).toBeCloseTo(r.priorWeight, 12);
    expect(r.probability).toBeLessThan(0.001);
  });

  test("a valid ID number matching exactly is near-decisive", () => {
    const withId = prepareEntry(record("e2", { name: "王秀英", idNumber: ID }));
    const idOnly = compare(prepareQuery({ idNumber: ID }), withId, DEFAULT_MODEL);
    expect(idOnly.probability).toBeGreaterThan(0.999);
    // Even against a differently written name (a misreading, a renaming) it stays a strong candidate.
    const nameDiffers = compare(prepareQuery({ idNumber: ID, name: "李建国" }), withId, DEFAULT_MODEL);
    expect(nameDiffers.probability).toBeGreaterThan(0.99);
    // An invalid number equal digit for digit is not decisive.
    const bad = `${ID.slice(0, 17)}${ID[17] === "0" ? "1" : "0"}`;
    const badEntry = prepareEntry(record("e3", { idNumber: bad }));
    expect(compare(prepareQuery({ idNumber: bad }), badEntry, DEFAULT_MODEL).probability).toBeLessThan(idOnly.probability);
  });

  test("a married form's husband checked against the spouse the other side records", () => {
    const q = prepareQuery({ name: "張羅氏", sex: "女", birthDate: "1935-05-07" });
    const nameWeight = (spouseName?: string) => {
      const entry = prepareEntry(record("w", { name: "罗金婉", sex: "女", birthDate: "1935-05-08", ...(spouseName ? { spouseName } : {}) }));
      return compare(q, entry, DEFAULT_MODEL).levels.find((l) => l.field === "name")!;
    };
    const unknown = nameWeight();
    const same = nameWeight("张振国");
    const other = nameWeight("李振国");
    expect([same.level, unknown.level, other.level]).toEqual(["married-form-husband-equal", "married-form-equal", "married-form-other-husband"]);
    expect(same.weight).toBeGreaterThan(unknown.weight + 4);
    expect(other.weight).toBeLessThan(unknown.weight - 3);
    expect(same.detail).toBe("husband-surname-agrees");
  });

  test("a valid ID number's birth date is another reading of a birth date that disagrees with it", () => {
    const first17 = "13072619580926783";
    const idNumber = first17 + idCheckChar(first17);
    const misread = prepareEntry(record("d", { name: "李顺宏", birthDate: "1947-09-26", idNumber }));
    const birth = (q: Record<string, string>, e = misread) => compare(prepareQuery(q), e, DEFAULT_MODEL).levels.find((l) => l.field === "birthDate")!;
    expect(birth({ name: "李順宏", birthDate: "1958年9月26日" })).toMatchObject({ level: "exact", detail: "ocr-alternative" });
    expect(birth({ name: "李順宏", birthDate: "1947-09-26" }).level).toBe("exact");
    // An old 15-digit number has no check character, but its date is as good a reading as the field's.
    const old = prepareEntry(record("o", { name: "李顺宏", birthDate: "47年9月26日", idNumber: "130726580926783" }));
    expect(birth({ name: "李順宏", birthDate: "1958-09-26" }, old)).toMatchObject({ level: "exact", detail: "ocr-alternative" });
    // A number failing its check character vouches for nothing.
    const broken = prepareEntry(record("b", { name: "李顺宏", birthDate: "1947-09-26", idNumber: first17 + (idCheckChar(first17) === "1" ? "2" : "1") }));
    expect(birth({ name: "李順宏", birthDate: "1958-09-26" }, broken).level).toBe("different");
  });

  test("a query's ID number outweighs the birth date typed beside it where the two disagree", () => {
    const first17 = "23100319730427956";
    const idNumber = first17 + idCheckChar(first17);
    const entry = (birthDate: string, withId = false) => prepareEntry(record(birthDate, { name: "唐红梅", sex: "女", birthDate, ...(withId ? { idNumber } : {}) }));
    const birth = (q: Record<string, string>, e: ReturnType<typeof entry>) => compare(prepareQuery({ name: "唐紅梅", sex: "女", ...q }), e, DEFAULT_MODEL).levels.find((l) => l.field === "birthDate")!;
    const typedDay = entry("1973-04-28");
    const idDay = entry("1973-04-27");
    // The resident typed the 28th; her number says the 27th.
    const onIdDay = birth({ birthDate: "1973-04-28", idNumber }, idDay);
    const onTypedDay = birth({ birthDate: "1973-04-28", idNumber }, typedDay);
    expect(onIdDay).toMatchObject({ level: "exact", detail: "id-over-stated" });
    // The entry on the typed day is a day off the number's, or a register that kept the typed date (one in twenty).
    expect(onTypedDay).toMatchObject({ level: "day-off-by-one", detail: "id-over-stated" });
    const exactRatio = 2 ** birth({ birthDate: "1973-04-27" }, idDay).weight;
    const dayOffRatio = 2 ** birth({ birthDate: "1973-04-27" }, typedDay).weight;
    expect(onIdDay.weight).toBeCloseTo(Math.log2(0.95 * exactRatio + 0.05 * dayOffRatio), 9);
    expect(onTypedDay.weight).toBeCloseTo(Math.log2(0.95 * dayOffRatio + 0.05 * exactRatio), 9);
    expect(onIdDay.weight).toBeGreaterThan(onTypedDay.weight + 2);
    // Without the number, the typed date meets its own day outright.
    expect(birth({ birthDate: "1973-04-28" }, typedDay).weight).toBeGreaterThan(onTypedDay.weight + 2);
    // A date neither agrees with differs as it would from either.
    expect(birth({ birthDate: "1973-04-28", idNumber }, entry("1951-10-02")).weight).toBeCloseTo(birth({ birthDate: "1973-04-28" }, entry("1951-10-02")).weight, 9);
    // A date the number confirms, or an old 15-digit number (no check character), changes nothing.
    expect(birth({ birthDate: "1973-04-27", idNumber }, idDay).detail).toBeUndefined();
    const old = idNumber.slice(0, 6) + idNumber.slice(8, 17);
    expect(birth({ birthDate: "1973-04-28", idNumber: old }, typedDay).weight).toBe(birth({ birthDate: "1973-04-28" }, typedDay).weight);
    // Nor where the entry has a number too: the numbers are compared themselves.
    expect(birth({ birthDate: "1973-04-28", idNumber }, entry("1973-04-28", true)).detail).not.toBe("id-over-stated");
    // A lunar date typed as a Gregorian one and the number's date are one day.
    const lunarTyped = birth({ birthDate: "1973-03-25", idNumber }, idDay);
    expect(lunarTyped.detail).not.toBe("id-over-stated");
  });

  test("a birth date the ID number confirms drops the field's OCR alternatives", () => {
    const first17 = "45100319790923249";
    const idNumber = first17 + idCheckChar(first17);
    // The engines disagreed on the date cell (1979.09.23 / 1909.09.23); the ID number says 1979-09-23.
    const entry = (withId: boolean): EntryRecord => ({
      id: withId ? "with-id" : "no-id",
      fields: {
        name: { value: "张东宇" },
        birthDate: { value: "1979-09-23", alternatives: ["1909.09.23"] },
        ...(withId ? { idNumber: { value: idNumber } } : {}),
      },
    });
    const birth = (q: Record<string, string>, withId: boolean) => compare(prepareQuery(q), prepareEntry(entry(withId)), DEFAULT_MODEL).levels.find((l) => l.field === "birthDate")!;
    // 農曆1909年8月10日 is 1909-09-23: without the ID number the alternative is met...
    expect(birth({ name: "張達玉", birthDate: "農曆1909年8月10日" }, false)).toMatchObject({ level: "lunar-converted", detail: "ocr-alternative" });
    expect(birth({ name: "張東宇", birthDate: "1909-09-23" }, false)).toMatchObject({ level: "exact", detail: "ocr-alternative" });
    // ...with it, two readings agree on 1979 and the alternative is a misreading.
    expect(birth({ name: "張達玉", birthDate: "農曆1909年8月10日" }, true).level).toBe("different");
    expect(birth({ name: "張東宇", birthDate: "1909-09-23" }, true).level).toBe("different");
    expect(birth({ name: "張東宇", birthDate: "1979-09-23" }, true).level).toBe("exact");
  });

  test("the prior follows the archive size", () => {
    expect(priorForArchive(1_000)).toBeGreaterThan(priorForArchive(1_000_000));
    expect(priorForArchive(0)).toBe(DEFAULT_MODEL.priorMatch);
  });

  test("the prior follows how many entries a person has in the archive, as its own entries show", () => {
    expect(priorForArchive(1_000, { entriesPerPerson: 2 })).toBeCloseTo(2 * priorForArchive(1_000, { entriesPerPerson: 1 }), 15);
    expect(entriesPerPersonOf(300, 100)).toBe(3);
    expect(entriesPerPersonOf(1_000, 100)).toBe(3);
    expect(entriesPerPersonOf(100, 100)).toBe(1);
    expect(entriesPerPersonOf(0, 0)).toBe(1);
    // Each of 50 people on a card and on a ledger row (the same name and date): two entries a person.
    const entries = Array.from({ length: 50 }, (_, i) => {
      const fields = { name: `王${"明华强丽平军芳勇静涛"[i % 10]}${"建国秀英桂兰淑珍玉梅"[Math.floor(i / 10)]}`, birthDate: `19${50 + i}-03-04` };
      return [prepareEntry(record(`card${i}`, fields)), prepareEntry(record(`row${i}`, fields))];
    }).flat();
    const tf = termFrequencies(entries);
    expect(tf.persons).toBe(50);
    expect(entriesPerPersonOf(entries.length, tf.persons)).toBe(2);
  });
});

describe("an ID number's region against a birthplace", () => {
  const level = (r: ReturnType<typeof compare>) => r.levels.find((l) => l.field === "birthPlace")!;
  const first17 = "50011319540625204";
  const entry = (fields: Record<string, unknown> = {}) =>
    prepareEntry({ id: "e", fields: { name: { value: "陈淑秀" }, birthDate: { value: "1954-06-25" }, idNumber: { value: first17 + idCheckChar(first17) }, ...fields } } as EntryRecord);

  test("stands in for the birthplace the entry lacks, trusted by half", () => {
    // 500113: 重庆市巴南区.
    const same = compare(prepareQuery({ name: "邓陈氏", sex: "女", birthDate: "1954-06-24", birthPlace: "重庆市巴南区" }), entry(), DEFAULT_MODEL);
    expect(level(same)).toMatchObject({ level: "exact", detail: "id-region" });
    const other = compare(prepareQuery({ name: "邓陈氏", sex: "女", birthDate: "1954-06-24", birthPlace: "重庆市渝中区" }), entry(), DEFAULT_MODEL);
    expect(level(other).level).toBe("different");
    expect(same.probability).toBeGreaterThan(other.probability);
    // Half as sure as a birthplace written on the entry.
    const written = compare(prepareQuery({ name: "邓陈氏", sex: "女", birthDate: "1954-06-24", birthPlace: "重庆市巴南区" }), entry({ birthPlace: { value: "重庆市巴南区" } }), DEFAULT_MODEL);
    expect(level(written).detail).toBeUndefined();
    expect(level(same).weight).toBeLessThan(level(written).weight);
    expect(level(other).weight).toBeGreaterThan(Math.log2(DEFAULT_MODEL.fields.birthPlace.different.m / DEFAULT_MODEL.fields.birthPlace.different.u));
  });

  test("is not used where both sides have ID numbers (compared whole) or the number names no county", () => {
    const both = compare(prepareQuery({ name: "邓陈氏", birthDate: "1954-06-24", birthPlace: "重庆市巴南区", idNumber: first17 + idCheckChar(first17) }), entry(), DEFAULT_MODEL);
    expect(level(both).level).toBe("missing");
    const unknown = "99011319540625204";
    const nowhere = compare(prepareQuery({ name: "邓陈氏", birthDate: "1954-06-24", birthPlace: "重庆市巴南区" }), entry({ idNumber: { value: unknown + idCheckChar(unknown) } }), DEFAULT_MODEL);
    expect(level(nowhere).level).toBe("missing");
  });
});

describe("a former name met through another reading OCR offered", () => {
  test("is her former name at half reliability where the name was misread (苏晖 read, 苏鸾 offered)", () => {
    const entry = (alternatives: string[]) =>
      prepareEntry({ id: "e", fields: { name: { value: "苏晖", alternatives }, sex: { value: "女" }, birthDate: { value: "1933-07-13" } } } as EntryRecord);
    const query = prepareQuery({ name: "苏琼惠", formerNames: ["苏鸾"], sex: "女", birthDate: "1933-07-13" });
    const level = (r: ReturnType<typeof compare>, field: string) => r.levels.find((l) => l.field === field)!;
    const offered = compare(query, entry(["苏计", "苏鸾"]), DEFAULT_MODEL);
    expect(level(offered, "formerNames")).toMatchObject({ level: "name-is-former", detail: "ocr-alternative" });
    // The current names' disagreement is the name change, not evidence against.
    expect(level(offered, "name").level).toBe("missing");
    expect(offered.probability).toBeGreaterThan(REVIEW_THRESHOLD);
    // Weaker than the former name read outright; without the alternative the names simply differ.
    const read = compare(query, prepareEntry({ id: "r", fields: { name: { value: "苏鸾" }, sex: { value: "女" }, birthDate: { value: "1933-07-13" } } }), DEFAULT_MODEL);
    expect(level(offered, "formerNames").weight).toBeLessThan(level(read, "formerNames").weight);
    const none = compare(query, entry(["苏计"]), DEFAULT_MODEL);
    expect(level(none, "formerNames").level).toBe("missing");
    expect(level(none, "name").level).toBe("different");
  });
});

describe("a birth date with one digit not read", () => {
  const unread = (fields: Record<string, unknown> = {}) =>
    prepareEntry({ id: "u", fields: { name: { value: "李誉氏" }, sex: { value: "女" }, birthDate: { value: null, raw: "一九人七年十月四日", status: "unreadable" }, ...fields } } as EntryRecord);
  const query = prepareQuery({ name: "誉素珍", sex: "女", birthDate: "1907-10-04" });
  const date = (r: ReturnType<typeof compare>) => r.levels.find((l) => l.field === "birthDate")!;

  test("meets the dates it may be, each as one of ten", () => {
    const read = compare(query, prepareEntry({ id: "r", fields: { name: { value: "李誉氏" }, sex: { value: "女" }, birthDate: { value: "1907-10-04" } } }), DEFAULT_MODEL);
    const r = compare(query, unread(), DEFAULT_MODEL);
    expect(date(r).level).toBe("exact");
    expect(date(r).detail).toBe("digit-unreadable");
    // Ten dates meet a query by chance ten times as often: about log2(10) bits less than the date read outright.
    expect(date(read).weight - date(r).weight).toBeCloseTo(Math.log2(10), 1);
    expect(r.probability).toBeGreaterThan(REVIEW_THRESHOLD);
    // 1937-10-05 is a day off one of them; 1960 is none of them, and an unread date speaks hardly against it.
    expect(date(compare(prepareQuery({ name: "誉素珍", sex: "女", birthDate: "1937-10-05" }), unread(), DEFAULT_MODEL)).level).toBe("day-off-by-one");
    const other = date(compare(prepareQuery({ name: "誉素珍", sex: "女", birthDate: "1960-01-01" }), unread(), DEFAULT_MODEL));
    expect(other.level).toBe("different");
    expect(other.weight).toBeGreaterThan(-0.5);
    // The search finds it by every year it may be.
    expect(unread().keys).toEqual(expect.arrayContaining(["by:1907", "by:1997", "bd:19071004"]));
  });

  test("an ID number that carries one of the dates settles which", () => {
    const first17 = "32102319071004432";
    const e = unread({ idNumber: { value: first17 + idCheckChar(first17) } });
    expect(e.birthDate?.digitUnread).toBeUndefined();
    expect(e.birthDate?.alternatives).toEqual([]);
    expect(e.birthDate?.primary.gregorian).toEqual({ year: 1907, month: 10, day: 4 });
  });
});

describe("a date reading with a stray mark", () => {
  // A ledger's 一九四〇年六月十九日: a column boundary cut PP-OCR's reading to 九四年六 (1994-06) and
  // tesseract's to 一九四@〇年六月, with a stray @.
  const cut = prepareEntry({ id: "c", fields: { name: { value: "吴庆云" }, sex: { value: "男" }, birthDate: { value: "1994-06", raw: "九四年六", alternatives: ["一九四@〇年六月"] } } } as EntryRecord);
  const date = (r: ReturnType<typeof compare>) => r.levels.find((l) => l.field === "birthDate")!;

  test("is the date without the mark, where that is the only date it can be", () => {
    expect(cut.birthDate?.alternatives.map((d) => d.gregorian)).toEqual([{ year: 1940, month: 6, day: null }]);
    const r = compare(prepareQuery({ name: "吴庆云", sex: "男", birthDate: "1940-06-19" }), cut, DEFAULT_MODEL);
    expect(date(r)).toMatchObject({ level: "same-year-month", detail: "ocr-alternative" });
    expect(date(r).weight).toBeGreaterThan(0);
    expect(r.probability).toBeGreaterThan(REVIEW_THRESHOLD);
  });

  test("an unreadable date still meets the date another reading gives", () => {
    // With the column cut at the date's 日, PP-OCR's 一九四年六九日 led, is no date, and left the field unreadable.
    const unreadable = prepareEntry({ id: "u", fields: { name: { value: "吴庆云" }, sex: { value: "男" }, birthDate: { value: null, raw: "一九四年六九日", status: "unreadable", confidence: 0.97, alternatives: ["一九四@〇年六月十九日"] } } } as EntryRecord);
    expect(unreadable.birthDate?.primary.gregorian).toEqual({ year: 1940, month: 6, day: 19 });
    expect(unreadable.birthDate?.reliability).toBe(0.5);
    const r = compare(prepareQuery({ name: "吴庆云", sex: "男", birthDate: "1940-06-19" }), unreadable, DEFAULT_MODEL);
    expect(date(r).level).toBe("exact");
    expect(r.probability).toBeGreaterThan(REVIEW_THRESHOLD);
    // Trusted by half: less than the same date read outright.
    const read = compare(prepareQuery({ name: "吴庆云", sex: "男", birthDate: "1940-06-19" }), prepareEntry({ id: "r", fields: { name: { value: "吴庆云" }, sex: { value: "男" }, birthDate: { value: "1940-06-19" } } } as EntryRecord), DEFAULT_MODEL);
    expect(date(r).weight).toBeLessThan(date(read).weight);
    // Other readings that are no date either leave it unread.
    const none = prepareEntry({ id: "n", fields: { name: { value: "吴庆云" }, birthDate: { value: null, raw: "一九四年六九日", status: "unreadable", alternatives: ["内蒙古"] } } } as EntryRecord);
    expect(none.birthDate).toBeUndefined();
  });

  test("an unreadable date whose other reading lacks one digit meets the dates that reading may be", () => {
    // A wrapped ledger cell: PP-OCR read 八年十 (一九一 lost), tesseract 一九一入年十; the second line gave 二月二十五日.
    const field = { value: null, raw: "八年十二月二十五日", status: "unreadable", confidence: 0.98, alternatives: ["一九一入年十二月二十五日", "八_十二月二十五日"] };
    const e = prepareEntry({ id: "w", fields: { name: { value: "贾贵达" }, sex: { value: "男" }, birthDate: field } } as EntryRecord);
    const years = [e.birthDate!.primary, ...e.birthDate!.alternatives].map((d) => d.gregorian?.year);
    expect(years).toEqual(expect.arrayContaining([1910, 1918, 1919]));
    expect(e.birthDate?.digitUnread).toBe(true);
    const query = prepareQuery({ name: "贾桂达", sex: "男", birthDate: "1918-12-25" });
    const r = compare(query, e, DEFAULT_MODEL);
    expect(date(r).level).toBe("exact");
    // One of ten, trusted by half: above nothing, below the date read outright.
    const read = compare(query, prepareEntry({ id: "r", fields: { name: { value: "贾贵达" }, sex: { value: "男" }, birthDate: { value: "1918-12-25" } } } as EntryRecord), DEFAULT_MODEL);
    expect(date(r).weight).toBeGreaterThan(5);
    expect(date(r).weight).toBeLessThan(date(read).weight - 3);
    expect(date(compare(prepareQuery({ name: "贾桂达", sex: "男", birthDate: "1950-03-02" }), e, DEFAULT_MODEL)).weight).toBeGreaterThan(-0.5);
  });

  test("a mark standing for one of several digits is no reading", () => {
    const e = prepareEntry({ id: "d", fields: { name: { value: "吴庆云" }, birthDate: { value: "1994-06", raw: "九四年六", alternatives: ["一九人七年十月四日"] } } } as EntryRecord);
    expect(e.birthDate?.alternatives).toEqual([]);
  });
});

describe("rankCandidates", () => {
  const entries = [
    prepareEntry(record("a", { name: "王秀英", sex: "女", birthDate: "1956-03-12" })),
    prepareEntry(record("b", { name: "王秀瑛", sex: "女", birthDate: "1956-03-12" })),
    prepareEntry(record("c", { name: "李建国", sex: "男", birthDate: "1970-08-01" })),
    prepareEntry(record("d", { name: "王秀英", sex: "女", birthDate: "1956-03-12" })),
  ];
  const q = prepareQuery({ name: "王秀英", sex: "女", birthDate: "1956-03-12" });

  test("best first, ties by entry id, at most `top`, only at or above the threshold", () => {
    const ranked = rankCandidates(q, entries, DEFAULT_MODEL, undefined, { top: 10, threshold: ReviewThreshold });
    expect(ranked.map((r) => r.entryId)).toEqual(["a", "d", "b"]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(ranked[0].matchWeight).toBe(ranked[1].matchWeight);
    expect(ranked[1].matchWeight).toBeGreaterThan(ranked[2].matchWeight);
    expect(rankCandidates(q, entries, DEFAULT_MODEL, undefined, { top: 1, threshold: 0 }).map((r) => r.entryId)).toEqual(["a"]);
    expect(rankCandidates(q, entries, DEFAULT_MODEL, undefined, { top: 10, threshold: 0 })).toHaveLength(4);
  });

  test("the review threshold is exported under both names", () => {
    expect(REVIEW_THRESHOLD).toBe(ReviewThreshold);
    expect(ReviewThreshold).toBeGreaterThan(0);
    expect(ReviewThreshold).toBeLessThan(1);
  });
});

describe("explain", () => {
  const e = prepareEntry(record("e", { name: "陳林氏", sex: "女", birthDate: "民國45年3月12日", birthPlace: "保定市" }));
  const r = compare(prepareQuery({ name: "林秀英", sex: "女", birthDate: "1956-03-12", birthPlace: "泉州" }), e, DEFAULT_MODEL);
  const lines = explain(r);

  test("one line per field: compared fields first, strongest evidence first", () => {
    expect(lines).toHaveLength(r.levels.length);
    const compared = lines.filter((l) => l.level !== "missing");
    expect(compared.map((l) => l.field)).toEqual(["birthDate", "name", "birthPlace", "sex"]);
    expect(lines.slice(compared.length).every((l) => l.level === "missing")).toBe(true);
    expect(compared.find((l) => l.field === "birthPlace")!.direction).toBe("against");
  });

  test("keys, field labels and details are all in the catalog suggestions, in both languages", () => {
    for (const line of lines) {
      for (const key of [line.key, line.fieldKey, line.detailKey].filter((k): k is string => !!k)) {
        expect(MATCH_I18N_EN[key], key).toBeTypeOf("string");
        expect(MATCH_I18N_ZH_HANS[key], key).toBeTypeOf("string");
      }
    }
    const name = lines.find((l) => l.field === "name")!;
    expect(name).toMatchObject({ key: "match.level.name.married-form-equal", detailKey: "match.detail.married-surname", params: { query: "林秀英", entry: "陳林氏" } });
    expect(name.params.bits).toBeCloseTo(name.contribution, 1);
  });

  test("the English and Chinese suggestions cover the same keys and the same placeholders", () => {
    expect(Object.keys(MATCH_I18N_ZH_HANS).sort()).toEqual(Object.keys(MATCH_I18N_EN).sort());
    const holes = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(MATCH_I18N_EN)) expect(holes(MATCH_I18N_ZH_HANS[key]), key).toEqual(holes(MATCH_I18N_EN[key]));
    const nested = nestedCatalog(MATCH_I18N_EN) as { match: { level: { name: Record<string, string> } } };
    expect(nested.match.level.name["same-pinyin"]).toBe(MATCH_I18N_EN["match.level.name.same-pinyin"]);
  });
});
