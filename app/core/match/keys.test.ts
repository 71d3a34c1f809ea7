import { describe, expect, test } from "vitest";
import {
  blockingKeys,
  buildBlockingIndex,
  findCandidates,
  KEY_KINDS,
  keyKind,
  prepareEntry,
  prepareQuery,
  type EntryField,
  type MatchQuery,
} from "./index";

function entry(fields: Record<string, string | EntryField>, id = "e") {
  return prepareEntry({ id, fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === "string" ? { value: v } : v])) });
}

const shared = (q: MatchQuery, e: ReturnType<typeof entry>) => {
  const keys = new Set(blockingKeys(prepareQuery(q)));
  return blockingKeys(e).filter((k) => keys.has(k));
};

describe("blocking keys", () => {
  test("name pairs, folded name, pinyin, surname with year, year and birth date", () => {
    const keys = blockingKeys(entry({ name: "王秀英", birthDate: "1956-03-12" }));
    expect(keys).toEqual(
      expect.arrayContaining(["nb:王秀", "nb:秀英", "nb:王英", "py:wang|xy", "sn+by:王|1956", "by:1956", "bd:19560312"]),
    );
    expect(keys.some((k) => k.startsWith("nl:"))).toBe(true);
    expect(keys).toEqual([...new Set(keys)].sort());
    for (const k of keys) expect(keyKind(k)).not.toBeNull();
  });

  test("ID numbers: the number, its region code, and its birth date (15 digits upgraded)", () => {
    const keys = blockingKeys(entry({ idNumber: "110105560312001" }));
    expect(keys).toEqual(expect.arrayContaining(["id:110105195603120016", "id6:110105", "bd:19560312", "by:1956"]));
    expect(KEY_KINDS.id6.broad).toBe(true);
    expect(KEY_KINDS.by.broad).toBe(true);
  });

  test.each<[string, MatchQuery, Record<string, string | EntryField>, string]>([
    ["traditional script", { name: "陈秀英" }, { name: "陳秀英" }, "nb:陈秀"],
    ["one misread character", { name: "王秀英" }, { name: "王禾英" }, "nb:王英"],
    ["a look-alike in a two-character name", { name: "陈英" }, { name: "陆英" }, "nl:"],
    ["a homophone", { name: "王秀英" }, { name: "王秀瑛" }, "py:wang|xy"],
    ["an OCR alternative", { name: "李建国" }, { name: { value: "季達图", alternatives: ["李建国"] } }, "nb:李建"],
    ["夫姓+本姓+氏 and the year", { name: "林秀英", birthDate: "1930" }, { name: "陳林氏", birthDate: "民國19年" }, "sn+by:林|1930"],
    ["husband's surname in front", { name: "林秀英" }, { name: "陈林秀英" }, "py:lin|xy"],
    ["the query's name is the entry's former name", { name: "王招娣" }, { name: "王芳", formerNames: "王招娣" }, "nb:招娣"],
    ["the entry's name is one of the query's former names", { name: "王芳", formerNames: ["王招娣"] }, { name: "王招娣" }, "nb:招娣"],
    ["a lunar birthday given as Gregorian", { birthDate: "1956-08-15" }, { birthDate: "1956-09-19" }, "bd:19560919"],
    ["a birth date against an ID number", { birthDate: "1956年3月12日" }, { idNumber: "110105195603120016" }, "bd:19560312"],
    ["15 and 18 digits", { idNumber: "110105195603120016" }, { idNumber: "110105560312001" }, "id:110105195603120016"],
  ])("a query and an entry share a key despite %s", (_, q, fields, key) => {
    const keys = shared(q, entry(fields));
    expect(keys.some((k) => k.startsWith(key)), `${keys.join(" ")} has no ${key}`).toBe(true);
  });

  test("the keys of a prepared record are stored with it", () => {
    const e = entry({ name: "王秀英" });
    expect(JSON.parse(JSON.stringify(e)).keys).toEqual(blockingKeys(e));
  });
});

describe("findCandidates", () => {
  const entries = [
    entry({ name: "王秀英", birthDate: "1956-03-12" }, "a"),
    entry({ name: "王秀兰", birthDate: "1956-07-01" }, "b"),
    entry({ name: "李建国", birthDate: "1956-03-12" }, "c"),
    entry({ name: "张伟", birthDate: "1956-01-01" }, "d"),
  ];
  const index = buildBlockingIndex(entries);

  test("entries sharing selective keys, those sharing more and rarer keys first; broad keys alone find nothing", () => {
    const found = findCandidates(index, prepareQuery({ name: "王秀英", birthDate: "1956-03-12" }));
    expect(found.map((e) => e.id)).toEqual(["a", "b", "c"]);
    expect(findCandidates(index, prepareQuery({ birthDate: "1956" }))).toEqual([]);
    expect(findCandidates(index, prepareQuery({ name: "王秀英" }), { limit: 1 }).map((e) => e.id)).toEqual(["a"]);
  });

  test("at the limit, an entry born in the query's year and month goes before others sharing only surname and year", () => {
    // A married form (马王氏) shares only 'surname + birth year' with her own name's entry, as do all women 王 of 1960.
    const others = Array.from({ length: 40 }, (_, i) => entry({ name: `王${"淑秀玉桂美"[i % 5]}${"英兰芳珍华梅"[i % 6]}`, birthDate: `1960-${String((i % 10) + 2).padStart(2, "0")}-15` }, `o${i}`));
    const her = entry({ name: "王平凤", birthDate: "1960-01-05" }, "her");
    const idx = buildBlockingIndex([...others, her]);
    const q = prepareQuery({ name: "马王氏", sex: "女", birthDate: "1960-01-06" });
    expect(findCandidates(idx, q, { limit: 10 }).map((e) => e.id)).toContain("her");
    // Under the limit nothing is cut, and the order does not matter.
    expect(findCandidates(idx, q, { limit: 100 })).toHaveLength(41);
  });
});
