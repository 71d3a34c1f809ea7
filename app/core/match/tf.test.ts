import { describe, expect, test } from "vitest";
import {
  compare,
  DEFAULT_MODEL,
  givenNameFrequency,
  prepareEntry,
  prepareQuery,
  surnameFrequency,
  termAdjustedU,
  termFrequencies,
  type EntryRecord,
  type PreparedEntry,
} from "./index";
import { upgradeId15 } from "~/core/normalize";

function person(id: string, name: string, birthDate: string, extra: Record<string, string> = {}): EntryRecord {
  return { id, fields: Object.fromEntries(Object.entries({ name, birthDate, ...extra }).map(([k, v]) => [k, { value: v }])) };
}

/** 200 people: 80 王, 40 陈, 10 陆, 1 蔺 and 1 欧阳; given names from a small list, 秀英 the commonest. */
function archive(): PreparedEntry[] {
  const records: EntryRecord[] = [];
  const given = ["秀英", "秀英", "秀英", "建国", "桂兰", "明", "淑珍", "玉梅"];
  const surnames = [...Array(80).fill("王"), ...Array(40).fill("陈"), ...Array(10).fill("陆"), "蔺", "欧阳"];
  while (surnames.length < 200) surnames.push("张");
  surnames.forEach((s, i) => {
    const day = String((i % 28) + 1).padStart(2, "0");
    records.push(person(`p${i}`, s + given[i % given.length], `19${40 + (i % 40)}-0${(i % 9) + 1}-${day}`));
  });
  return records.map(prepareEntry);
}

describe("term frequencies", () => {
  const entries = archive();
  // Raw archive frequencies (no shrinkage toward the model's u), to check the counting itself.
  const tf = termFrequencies(entries, { priorPersons: 0 });
  /** The name field's level and weight for a query name against an entry (a name, or a whole record). */
  const nameLevelOf = (queryName: string, entry: string | EntryRecord) =>
    compare(prepareQuery({ name: queryName }), prepareEntry(typeof entry === "string" ? person("x", entry, "1930") : entry), DEFAULT_MODEL, tf).levels.find((l) => l.field === "name")!;

  test("counts persons and reads frequencies from the archive", () => {
    expect(tf.persons).toBe(200);
    expect(surnameFrequency(tf, "王")).toBeCloseTo(80.5 / 201, 6);
    expect(surnameFrequency(tf, "蔺")).toBeCloseTo(1.5 / 201, 6);
    expect(givenNameFrequency(tf, "秀英")).toBeGreaterThan(givenNameFrequency(tf, "建国"));
    // Unseen terms are rare, but never impossible.
    expect(surnameFrequency(tf, "亓")).toBeGreaterThan(0);
    expect(surnameFrequency(tf, "亓")).toBeLessThan(surnameFrequency(tf, "蔺"));
  });

  test("a shared rare surname weighs more than a shared 王", () => {
    const weight = (name: string) => nameLevelOf(name, name).weight;
    expect(weight("蔺秀英")).toBeGreaterThan(weight("陈秀英"));
    expect(weight("陈秀英")).toBeGreaterThan(weight("王秀英"));
    expect(weight("欧阳秀英")).toBeGreaterThan(weight("王秀英") + 4);
    // A rare given name weighs more too.
    expect(weight("王淑珍")).toBeGreaterThan(weight("王秀英"));
  });

  test("a former name that is the other's given name under another surname weighs by that given name", () => {
    const former = (given: string) =>
      compare(prepareQuery({ name: "赵国强", formerNames: [`王${given}`] }), prepareEntry(person("x", `陈${given}`, "1930")), DEFAULT_MODEL, tf).levels.find((l) => l.field === "formerNames")!;
    expect(former("秀英").level).toBe("name-like-former");
    expect(former("淑珍").level).toBe("name-like-former");
    // 秀英 is three in eight of the archive's given names, 淑珍 one in eight.
    expect(former("淑珍").weight).toBeGreaterThan(former("秀英").weight + 1);
  });

  test("traditional forms count with their simplified form", () => {
    const canonical = nameLevelOf("陈秀英", "陳秀英");
    expect(canonical.level).toBe("canonical-equal");
    expect(canonical.u).toBeCloseTo(surnameFrequency(tf, "陈") * givenNameFrequency(tf, "秀英"), 10);
  });

  test("the married form's weight follows her own surname's frequency", () => {
    const weight = (entryName: string, queryName: string) => nameLevelOf(queryName, entryName);
    const rare = weight("陈蔺氏", "蔺秀英");
    const common = weight("陈王氏", "王秀英");
    expect(rare.level).toBe("married-form-equal");
    expect(rare.weight).toBeGreaterThan(common.weight);
  });

  test("names one character apart weigh what they share: a common given name under another surname little, a rare one more", () => {
    const level = (entryName: string, queryName: string) => nameLevelOf(queryName, entryName);
    const common = level("王秀英", "蔺秀英");
    const rare = level("王玉梅", "蔺玉梅");
    expect(common.level).toBe("other-surname");
    expect(rare.level).toBe("other-surname");
    expect(rare.weight).toBeGreaterThan(common.weight + 1);
    // The same surname, one given character apart: the surname's frequency scales it.
    const sameSurname = level("蔺秀英", "蔺秀兰");
    expect(sameSurname.level).toBe("edit-distance-1");
    expect(sameSurname.weight).toBeGreaterThan(level("王秀英", "王秀兰").weight);
  });

  test("names that sound alike weigh by how many people's names sound like them", () => {
    // About thirty people are 王秀英, one is 蔺秀英: 王秀瑛 sounds like thirty strangers, 蔺秀瑛 like one.
    const common = nameLevelOf("王秀瑛", "王秀英");
    const rare = nameLevelOf("蔺秀瑛", "蔺秀英");
    expect(common.level).toBe("same-pinyin");
    expect(rare.level).toBe("same-pinyin");
    expect(rare.weight).toBeGreaterThan(common.weight + 2);
    // Both names as written may be rare and still sound like thirty people: 王秀瑛 against an 汪秀英.
    const rareWritten = nameLevelOf("王秀瑛", "汪秀英");
    expect(rareWritten.level).toBe("same-pinyin");
    expect(rare.weight).toBeGreaterThan(rareWritten.weight + 3);
    // u is the share of persons whose name sounds like the commoner name without being it.
    const wang = tf.names["王秀英"];
    expect(wang).toBeGreaterThan(20);
    const sound = { pinyin: "wang xiu ying", names: ["王秀瑛", "王秀英"] as [string, string] };
    expect(termAdjustedU(tf, 1e-5, { kind: "homophone", surnames: [], given: "", sound })).toBeCloseTo(tf.sounds["wang xiu ying"] / tf.persons, 12);
    expect(tf.sounds["wang xiu ying"]).toBe(wang);
  });

  test("a shared part's u is the level's, scaled by the part's frequency over the chance two people share any such part", () => {
    const u = 0.01;
    expect(termAdjustedU(tf, u, { kind: "shared-part", surnames: [], given: "秀英" })).toBeCloseTo((u * givenNameFrequency(tf, "秀英")) / tf.givenCollision, 12);
    expect(termAdjustedU(tf, u, { kind: "shared-part", surnames: ["蔺"], given: "" })).toBeCloseTo((u * surnameFrequency(tf, "蔺")) / tf.surnameCollision, 12);
  });

  test("a married form agreeing on her own and her husband's surname counts two chance agreements", () => {
    const u = 0.00002;
    const both = termAdjustedU({ ...tf, priorPersons: 0, minimumU: 0 }, u, { kind: "married-form", surnames: ["蔺", "王"], given: "" });
    expect(both).toBeCloseTo((u * surnameFrequency(tf, "蔺") * surnameFrequency(tf, "王")) / tf.surnameCollision ** 2, 12);
  });

  test("a father's name shares the person's surname: where both people bear it, only his given name weighs", () => {
    const father = (entryName: string, queryName: string) =>
      compare(prepareQuery({ name: queryName, fatherName: "王德福" }), prepareEntry(person("x", entryName, "1930", { fatherName: "王德福" })), DEFAULT_MODEL, tf).levels.find((l) => l.field === "fatherName")!;
    const shared = father("王秀英", "王秀兰");
    const notShared = father("陈秀英", "陈秀英");
    expect(shared.level).toBe("exact");
    expect(shared.detail).toBe("surname-shared");
    expect(shared.u).toBeCloseTo(termAdjustedU(tf, DEFAULT_MODEL.fields.fatherName.exact.u, { kind: "full", surnames: [], given: "德福" }), 12);
    // 王 is common here, so the father's surname said little anyway; for people named 陈 it is news.
    expect(notShared.detail).toBeUndefined();
    expect(notShared.weight).toBeGreaterThan(shared.weight);
    // A married form's own surname is her father's too (陈王氏 against 王秀英): the married form has already agreed on 王.
    const married = father("王秀英", "陈王氏");
    expect(married.detail).toBe("surname-shared");
    expect(married.u).toBeCloseTo(shared.u, 12);
  });

  test("two fathers' names that are only alike, both bearing the surname both people share, weigh given that surname", () => {
    const father = (entryName: string, queryName: string, entryFather: string, queryFather: string) =>
      compare(prepareQuery({ name: queryName, fatherName: queryFather }), prepareEntry(person("x", entryName, "1930", { fatherName: entryFather })), DEFAULT_MODEL, tf).levels.find((l) => l.field === "fatherName")!;
    // 王德福 / 王德富: a homophone in the given name. Between 王秀英 and 王秀兰 the shared 王 is already known.
    const shared = father("王秀英", "王秀兰", "王德富", "王德福");
    const notShared = father("陈秀英", "陈秀英", "王德富", "王德福");
    expect(shared.level).toBe(notShared.level);
    expect(shared.detail).toBe("surname-shared");
    expect(notShared.detail).toBeUndefined();
    expect(shared.u).toBeCloseTo(Math.min(1, notShared.u / surnameFrequency(tf, "王")), 9);
    expect(shared.weight).toBeLessThan(notShared.weight);
    // A level weighed by no surname (王德福 / 王兴富: similar) is taken given that any surname is shared.
    const similar = father("王秀英", "王秀兰", "王兴富", "王德福");
    const similarAlone = father("陈秀英", "陈秀英", "王兴富", "王德福");
    expect([similar.level, similarAlone.level]).toEqual(["similar", "similar"]);
    expect(similar.u).toBeCloseTo(Math.min(1, similarAlone.u / tf.surnameCollision), 9);
    // Fathers of another surname than the people's: nothing is known of it, nothing changes.
    expect(father("王秀英", "王秀兰", "陈德富", "陈德福").detail).toBeUndefined();
  });

  test("a former name weighs by how common the name agreed on is, as the name itself does", () => {
    const former = (entryName: string, queryName: string, queryFormer: string) =>
      compare(prepareQuery({ name: queryName, formerNames: [queryFormer] }), prepareEntry(person("x", entryName, "1930")), DEFAULT_MODEL, tf).levels.find((l) => l.field === "formerNames")!;
    const rare = former("蔺淑珍", "蔺芳", "蔺淑珍");
    const common = former("王秀英", "王芳", "王秀英");
    expect(rare.level).toBe("name-is-former");
    expect(common.level).toBe("name-is-former");
    expect(rare.weight).toBeGreaterThan(common.weight + 4);
    // u is the name's frequency, as for exact agreement on the name.
    expect(common.u).toBeCloseTo(termAdjustedU(tf, DEFAULT_MODEL.fields.formerNames["name-is-former"].u, { kind: "full", surnames: ["王"], given: "秀英" }), 12);
  });

  test("a name agreed through an OCR alternative weighs more when it is rare", () => {
    const viaAlternative = (name: string, misread: string) => nameLevelOf(name, { id: "x", fields: { name: { value: misread, alternatives: [name] } } });
    const rare = viaAlternative("蔺淑珍", "蔺波珍");
    const common = viaAlternative("王秀英", "王禿英");
    expect(rare.level).toBe("alternative");
    expect(common.level).toBe("alternative");
    expect(rare.weight).toBeGreaterThan(common.weight + 2);
    // Above the level's own weight (which a common name is capped below), up to exact agreement's cap.
    const { m, u } = DEFAULT_MODEL.fields.name.alternative;
    expect(rare.weight).toBeGreaterThan(Math.log2(m / u) + 0.5);
    // A married form's two surnames are no name to count: its alternative keeps the level's own u.
    const married = viaAlternative("蔺陆氏", "蔺陸民");
    expect(married.level).toBe("alternative");
    expect(married.u).toBeGreaterThanOrEqual(u);
  });

  test("u never falls below the floor", () => {
    const rare = { kind: "full" as const, surnames: ["亓"], given: "鹤鸣" };
    expect(termAdjustedU(tf, 0.001, rare)).toBeCloseTo((0.5 / 201) ** 2, 12);
    expect(termAdjustedU({ ...tf, minimumU: 1e-4 }, 0.001, rare)).toBe(1e-4);
  });

  test("a small archive's frequencies are shrunk toward the model's u by its prior persons, a large one's hardly", () => {
    const term = { kind: "full" as const, surnames: ["陈"], given: "秀英" };
    const raw = termAdjustedU(tf, 0.001, term);
    const small = termAdjustedU({ ...tf, priorPersons: 1000 }, 0.001, term);
    expect(small).toBeCloseTo((200 * raw + 1000 * 0.001) / 1200, 12);
    const big = { ...tf, persons: 100_000, minimumU: 0 };
    const largeRaw = termAdjustedU({ ...big, priorPersons: 0 }, 0.001, term);
    const large = termAdjustedU({ ...big, priorPersons: 1000 }, 0.001, term);
    expect(large).toBeCloseTo((100_000 * largeRaw + 1000 * 0.001) / 101_000, 12);
  });
});

describe("robust term frequencies", () => {
  test("a person with many entries is counted once (same ID, or same name and birth date)", () => {
    const base = archive();
    const copies = Array.from({ length: 30 }, (_, i) =>
      prepareEntry(person(`dup${i}`, i % 2 ? "蔺秀英" : "藺秀英", "1950-05-05", i % 3 === 0 ? { idNumber: "110105195005050026" } : {})),
    );
    const tf = termFrequencies([...base, ...copies]);
    expect(tf.persons).toBe(201);
    expect(tf.surnames["蔺"]).toBe(2);
  });

  test("rare OCR misreadings of a frequent surname count with it", () => {
    const base = archive();
    const misread = [prepareEntry(person("m1", "玉秀英", "1941-01-01")), prepareEntry(person("m2", "玉建国", "1942-02-02"))];
    const tf = termFrequencies([...base, ...misread]);
    expect(tf.surnameRoots["玉"]).toBe("王");
    expect(surnameFrequency(tf, "玉")).toBe(surnameFrequency(tf, "王"));
    expect(tf.surnames["王"]).toBe(82);
    // 陆 is a real surname a quarter as common as 陈, not a misreading of it.
    expect(tf.surnameRoots["陆"]).toBeUndefined();
    expect(surnameFrequency(tf, "陆")).toBeLessThan(surnameFrequency(tf, "陈"));
  });

  test("serialisable: the table survives JSON", () => {
    const tf = termFrequencies(archive());
    expect(JSON.parse(JSON.stringify(tf))).toEqual(tf);
  });
});

describe("given names by birth cohort", () => {
  /**
   * 6,000 people born 1930-1989, 100 a year: 建国 only among those born
   * 1949-1956 (where it is one name in four), 秀英 spread evenly over all
   * years.
   */
  function cohortArchive(): PreparedEntry[] {
    const records: EntryRecord[] = [];
    const others = ["明", "华", "强", "丽", "平", "军", "芳", "勇", "静", "涛", "燕", "磊"];
    for (let i = 0; i < 6000; i++) {
      const year = 1930 + (i % 60);
      let given = `${others[i % others.length]}${others[(i * 7 + 3) % others.length]}`;
      if (year >= 1949 && year <= 1956 && i % 4 === 0) given = "建国";
      else if (i % 29 === 5) given = "秀英";
      const day = String((i % 28) + 1).padStart(2, "0");
      records.push(person(`c${i}`, `${["王", "李", "张", "刘", "陈"][i % 5]}${given}`, `${year}-0${(i % 9) + 1}-${day}`));
    }
    return records.map(prepareEntry);
  }
  const entries = cohortArchive();
  const tf = termFrequencies(entries, { priorPersons: 0 });

  test("a fashionable name is common among its own cohort and rare outside it", () => {
    const overall = givenNameFrequency(tf, "建国");
    expect(givenNameFrequency(tf, "建国", 1952)).toBeGreaterThan(3 * overall);
    expect(givenNameFrequency(tf, "建国", 1980)).toBeLessThan(overall / 2);
    // Without a year, or for a name spread over every year, the archive-wide share.
    expect(givenNameFrequency(tf, "建国", null)).toBe(overall);
    expect(givenNameFrequency(tf, "秀英", 1952) / givenNameFrequency(tf, "秀英")).toBeGreaterThan(0.6);
    expect(givenNameFrequency(tf, "秀英", 1952) / givenNameFrequency(tf, "秀英")).toBeLessThan(1.6);
  });

  test("a cohort of few people is pulled toward the archive-wide share", () => {
    // Nobody is born in 2010 ± 5: the cohort has no count of its own.
    expect(givenNameFrequency(tf, "建国", 2010)).toBeCloseTo(givenNameFrequency(tf, "建国"), 12);
  });

  test("two people born about the same time weigh a name by their cohort's frequency", () => {
    const score = (qDate: string | null, eDate: string) =>
      compare(prepareQuery({ name: "王建国", ...(qDate ? { birthDate: qDate } : {}) }), prepareEntry(person("x", "王建国", eDate)), DEFAULT_MODEL, tf).levels.find((l) => l.field === "name")!;
    const sameDay = score("1952-03-04", "1952-03-04");
    const dayApart = score("1952-03-04", "1952-03-05");
    const noDate = score(null, "1952-03-04");
    // 建国 is a name in four among people born about 1952: the same name means less there.
    expect(sameDay.weight).toBeLessThan(noDate.weight - 1.5);
    expect(dayApart.weight).toBeCloseTo(sameDay.weight, 6);
    // Births 30 years apart, or a bare year in common: no cohort, the archive-wide weight.
    expect(score("1982-03-04", "1952-03-04").weight).toBeCloseTo(noDate.weight, 6);
    expect(score("1952", "1952-03-04").weight).toBeCloseTo(noDate.weight, 6);
  });

  test("a given name shared under another surname weighs by its cohort's frequency too", () => {
    const level = (qDate: string | null) =>
      compare(prepareQuery({ name: "赵建国", ...(qDate ? { birthDate: qDate } : {}) }), prepareEntry(person("x", "王建国", "1952-03-04")), DEFAULT_MODEL, tf).levels.find((l) => l.field === "name")!;
    const near = level("1952-03-04");
    const none = level(null);
    expect(near.level).toBe("other-surname");
    expect(none.level).toBe("other-surname");
    // u scales by the cohort's share of 建国 over the archive-wide share.
    expect(near.u / none.u).toBeCloseTo(givenNameFrequency(tf, "建国", 1952) / givenNameFrequency(tf, "建国"), 6);
    expect(near.weight).toBeLessThan(none.weight - 1.5);
  });

  test("the cohort comes from ID numbers carrying the same birth date too, whichever side is asked", () => {
    const a = prepareEntry({ id: "a", fields: { name: { value: "王建国" }, idNumber: { value: upgradeId15("110105520304001")! } } });
    const b = prepareEntry({ id: "b", fields: { name: { value: "王建国" }, idNumber: { value: "110105520304001" } } });
    const ab = compare(a, b, DEFAULT_MODEL, tf).levels.find((l) => l.field === "name")!;
    const ba = compare(b, a, DEFAULT_MODEL, tf).levels.find((l) => l.field === "name")!;
    const alone = compare(prepareQuery({ name: "王建国" }), b, DEFAULT_MODEL, tf).levels.find((l) => l.field === "name")!;
    expect(ab.weight).toBeCloseTo(ba.weight, 12);
    expect(ab.weight).toBeLessThan(alone.weight - 1.5);
  });

  describe("birth years", () => {
    // 300 people born 1960 to 1969, 3 born 1903: a day shared in 1903 is far rarer by chance.
    const records: EntryRecord[] = [];
    for (let i = 0; i < 300; i++) {
      const k = Math.floor(i / 10);
      records.push(person(`y${i}`, `张${["伟", "敏", "静", "磊"][i % 4]}`, `196${i % 10}-0${k < 28 ? 1 : 2}-${String((k % 28) + 1).padStart(2, "0")}`));
    }
    for (let i = 0; i < 3; i++) records.push(person(`o${i}`, `李${["梅", "兰", "芳"][i]}`, `1903-0${i + 1}-05`));
    const years = termFrequencies(records.map(prepareEntry), { priorPersons: 0 });
    const date = (q: string, e: string) =>
      compare(prepareQuery({ birthDate: q }), prepareEntry(person("x", "王某", e)), DEFAULT_MODEL, years).levels.find((l) => l.field === "birthDate")!;

    test("counts persons by year and how often two share one", () => {
      expect(years.personsWithYear).toBe(303);
      expect(years.personsByYear[1903]).toBe(3);
      expect(years.yearCollision).toBeCloseTo(10 * (30 / 303) ** 2 + (3 / 303) ** 2, 9);
    });

    test("agreement in a sparse year weighs more than in a crowded one, by the years' shares", () => {
      const old = date("1903-04-05", "1903-04-05");
      const young = date("1965-04-05", "1965-04-05");
      expect(old.level).toBe("exact");
      expect(young.level).toBe("exact");
      expect(old.u / young.u).toBeCloseTo(3.5 / 30.5, 6);
      expect(old.weight).toBeGreaterThan(young.weight + 3);
      // The average agreeing pair keeps the model's u: a year as crowded as the collision rate gives it unchanged.
      expect(young.u).toBeCloseTo((DEFAULT_MODEL.fields.birthDate.exact.u * (30.5 / 304)) / years.yearCollision, 12);
    });

    test("near dates follow their year; a disagreement does not", () => {
      expect(date("1903-04-06", "1903-04-05")).toMatchObject({ level: "day-off-by-one" });
      expect(date("1903-04-06", "1903-04-05").weight).toBeGreaterThan(date("1965-04-06", "1965-04-05").weight + 3);
      expect(date("1903-04-05", "1965-08-21")).toMatchObject({ level: "different", u: DEFAULT_MODEL.fields.birthDate.different.u });
    });

    test("a small archive's counts are shrunk toward the model's u", () => {
      const shrunk = termFrequencies(records.map(prepareEntry));
      const u = compare(prepareQuery({ birthDate: "1903-04-05" }), prepareEntry(person("x", "王某", "1903-04-05")), DEFAULT_MODEL, shrunk).levels.find((l) => l.field === "birthDate")!.u;
      expect(u).toBeGreaterThan(date("1903-04-05", "1903-04-05").u);
      expect(u).toBeLessThan(DEFAULT_MODEL.fields.birthDate.exact.u);
    });
  });
});
