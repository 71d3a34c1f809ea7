import { describe, expect, test } from "vitest";
import { ARCHIVE_U_LEVELS, compare, COUNTED_U_LEVELS, FOLLOWS_EXACT_DATE, DEFAULT_MODEL, estimateArchiveU, prepareEntry, prepareQuery, termFrequencies, type PreparedEntry } from "./index";
import { entriesFor, makePopulation, makeRng } from "./test-population";

function archive(persons: number, seed = 11): PreparedEntry[] {
  const rng = makeRng(seed);
  return makePopulation(seed, persons).flatMap((p) => entriesFor(rng, p)).map(prepareEntry);
}

describe("u estimated from the archive's own random pairs", () => {
  const entries = archive(3000);
  const model = estimateArchiveU(entries, DEFAULT_MODEL, { pairs: 60_000, seed: 5 });

  test("keeps m and λ, estimates only the levels random pairs measure, and u still sums to 1", () => {
    expect(model.priorMatch).toBe(DEFAULT_MODEL.priorMatch);
    for (const [field, levels] of Object.entries(model.fields)) {
      const estimated = ARCHIVE_U_LEVELS[field];
      if (!estimated) {
        expect(levels, field).toEqual(DEFAULT_MODEL.fields[field]);
        continue;
      }
      expect(Object.values(levels).reduce((s, p) => s + p.u, 0), field).toBeCloseTo(1, 9);
      for (const [level, p] of Object.entries(levels)) {
        expect(p.m, `${field}.${level}`).toBe(DEFAULT_MODEL.fields[field][level].m);
        if ((field === "birthDate" && FOLLOWS_EXACT_DATE.includes(level)) || COUNTED_U_LEVELS[field]?.includes(level)) continue;
        if (!estimated.includes(level) && level !== "different" && level !== "disagree") expect(p.u, `${field}.${level}`).toBe(DEFAULT_MODEL.fields[field][level].u);
      }
    }
    // Dates converted from another calendar are the same day: their u follows exact agreement's, in the default ratio.
    const scale = model.fields.birthDate.exact.u / DEFAULT_MODEL.fields.birthDate.exact.u;
    expect(scale).not.toBeCloseTo(1, 2);
    for (const level of FOLLOWS_EXACT_DATE) expect(model.fields.birthDate[level].u).toBeCloseTo(DEFAULT_MODEL.fields.birthDate[level].u * scale, 12);
    // A married form is rare among all pairs because the form is rare: its u keeps the default.
    expect(model.fields.name["married-form-equal"].u).toBe(DEFAULT_MODEL.fields.name["married-form-equal"].u);
  });

  test("reads what random pairs of this archive look like", () => {
    // Sex agrees for about half of all pairs of different people.
    expect(model.fields.sex.agree.u).toBeGreaterThan(0.4);
    expect(model.fields.sex.agree.u).toBeLessThan(0.6);
    // Two random people rarely share a full birth date: far rarer than a shared year and month.
    expect(model.fields.birthDate.exact.u).toBeLessThan(model.fields.birthDate["same-year-month"].u);
    // Most random pairs have different names.
    expect(model.fields.name.different.u).toBeGreaterThan(0.95);
  });

  test("a tiny archive keeps the defaults (its few pairs are worth little against the pseudo-pairs)", () => {
    const tiny = estimateArchiveU(archive(8, 3), DEFAULT_MODEL, { seed: 5 });
    for (const level of ["exact", "one-field-off", "different"]) {
      expect(Math.abs(tiny.fields.birthDate[level].u - DEFAULT_MODEL.fields.birthDate[level].u)).toBeLessThan(0.2 * DEFAULT_MODEL.fields.birthDate[level].u + 0.01);
    }
  });

  test("counts exact birth-date agreement over all pairs of people, a person's several entries once", () => {
    const day = (i: number) => `19${50 + (i % 40)}-0${(i % 9) + 1}-${10 + (i % 19)}`;
    // 600 people, each on a card and a ledger row; 40 × 9 × 19 = 6,840 days, and people i and i + 6,840k share one.
    const people = Array.from({ length: 600 }, (_, i) => ({ name: `张${"伟芳娜秀英敏静丽强磊"[i % 10]}${"一二三四五六七八九十"[Math.floor(i / 10) % 10]}${i}`, birthDate: day(i * 7) }));
    const twice = people.flatMap((p, i) => [0, 1].map((k) => prepareEntry({ id: `p${i}-${k}`, fields: { name: { value: p.name }, birthDate: { value: p.birthDate } } })));
    const counts = new Map<string, number>();
    for (const p of people) counts.set(p.birthDate, (counts.get(p.birthDate) ?? 0) + 1);
    let same = 0;
    for (const c of counts.values()) same += c * (c - 1);
    const k = 1000;
    const expected = (same + k * DEFAULT_MODEL.fields.birthDate.exact.u) / (600 * 599 + k);
    const u = estimateArchiveU(twice, DEFAULT_MODEL, { pairs: 1000, seed: 3, pseudoPairs: k }).fields.birthDate.exact.u;
    expect(u).toBeCloseTo(expected, 12);
    // Not by sampling: another seed gives the same.
    expect(estimateArchiveU(twice, DEFAULT_MODEL, { pairs: 1000, seed: 4, pseudoPairs: k }).fields.birthDate.exact.u).toBe(u);
  });

  test("counts a year slipped across a decade (1959 / 1960, same day) over all pairs too", () => {
    const born = ["1959-05-15", "1960-05-15", "1960-05-15", "1961-05-15", "1969-12-01", "1970-12-01", "1949-03-03"];
    const entries = born.map((d, i) => prepareEntry({ id: `y${i}`, fields: { name: { value: `李${"一二三四五六七"[i]}明` }, birthDate: { value: d } } }));
    // Ordered pairs: 1959/1960 ×2 people born 1960 → 2·1·2, 1969/1970 → 2·1·1; 1960/1961 is one digit, not this level.
    const k = 10;
    const u = estimateArchiveU(entries, DEFAULT_MODEL, { pairs: 100, seed: 1, pseudoPairs: k }).fields.birthDate["year-off-by-one"].u;
    expect(u).toBeCloseTo((4 + 2 + k * DEFAULT_MODEL.fields.birthDate["year-off-by-one"].u) / (7 * 6 + k), 12);
  });

  test("counts births a day apart over all pairs, across a month's and a year's end", () => {
    const born = ["1950-05-15", "1950-05-16", "1950-05-16", "1950-05-31", "1950-06-01", "1969-12-31", "1970-01-01", "1950-05-18"];
    const entries = born.map((d, i) => prepareEntry({ id: `d${i}`, fields: { name: { value: `王${"一二三四五六七八"[i]}华` }, birthDate: { value: d } } }));
    // Ordered pairs a day apart: 15/16 May ×2 people → 2·1·2, 31 May / 1 June → 2, 31 Dec / 1 Jan → 2; 16/18 May is two days.
    const k = 10;
    const u = estimateArchiveU(entries, DEFAULT_MODEL, { pairs: 100, seed: 1, pseudoPairs: k }).fields.birthDate["day-off-by-one"].u;
    expect(u).toBeCloseTo((4 + 2 + 2 + k * DEFAULT_MODEL.fields.birthDate["day-off-by-one"].u) / (8 * 7 + k), 12);
  });

  test("counts births on swapped day and month over all pairs, not by sampling", () => {
    const born = ["1969-07-11", "1969-11-07", "1969-11-07", "1970-11-07", "1956-03-12", "1956-12-03", "1956-05-05", "1956-05-05"];
    const entries = born.map((d, i) => prepareEntry({ id: `s${i}`, fields: { name: { value: `陈${"一二三四五六七八"[i]}梅` }, birthDate: { value: d } } }));
    // Ordered pairs: 11 July / 7 November 1969 ×2 people → 2·1·2; 1970 is another year; 12 March / 3 December → 2;
    // 5 May is its own mirror (the same day, not a swap).
    const k = 10;
    const swapped = (seed: number) => estimateArchiveU(entries, DEFAULT_MODEL, { pairs: 100, seed, pseudoPairs: k }).fields.birthDate["day-month-swapped"].u;
    expect(swapped(1)).toBeCloseTo((4 + 2 + k * DEFAULT_MODEL.fields.birthDate["day-month-swapped"].u) / (8 * 7 + k), 12);
    expect(swapped(2)).toBe(swapped(1));
  });

  test("never weighs a swapped day and month above the same day, however rare swaps are among the archive's pairs", () => {
    // The archive of 3,000 people above, whose 60,000 sampled pairs held one swap or none.
    const bits = (level: string) => Math.log2(model.fields.birthDate[level].m / model.fields.birthDate[level].u);
    expect(bits("day-month-swapped")).toBeLessThan(bits("exact"));
  });

  test("counts same-sounding names over all pairs: homophones that are not the same name", () => {
    const names = ["王伟", "王玮", "王伟", "汪伟", "李明", "李鸣", "张三"];
    const entries = names.map((name, i) => prepareEntry({ id: `n${i}`, fields: { name: { value: name } } }));
    // wang wei: 王伟 ×2, 王玮, 汪伟 → 4·3 ordered pairs, less 王伟/王伟's 2; li ming: 2·1. 7·6 pairs in all.
    const k = 10;
    const u = estimateArchiveU(entries, DEFAULT_MODEL, { pairs: 100, seed: 1, pseudoPairs: k }).fields.name["same-pinyin"].u;
    expect(u).toBeCloseTo((12 - 2 + 2 + k * DEFAULT_MODEL.fields.name["same-pinyin"].u) / (7 * 6 + k), 12);
  });

  test("counts names one added character apart over all pairs, where the longer has four or more characters", () => {
    const names = ["姚贞花", "姚贞花", "姚贞人花", "欧阳明辉", "欧阳明", "张杰", "张俊杰"];
    const entries = names.map((name, i) => prepareEntry({ id: `n${i}`, fields: { name: { value: name } } }));
    // 姚贞人花 less 人 is 姚贞花, borne twice: 2·2 ordered pairs; 欧阳明辉 less 辉 is 欧阳明: 2. 张杰 / 张俊杰 is a
    // name of three, one edit like any other. 7·6 pairs in all.
    const k = 10;
    const u = estimateArchiveU(entries, DEFAULT_MODEL, { pairs: 100, seed: 1, pseudoPairs: k }).fields.name["added-character"].u;
    expect(u).toBeCloseTo((4 + 2 + k * DEFAULT_MODEL.fields.name["added-character"].u) / (7 * 6 + k), 12);
  });

  test("is deterministic for a seed", () => {
    expect(estimateArchiveU(entries, DEFAULT_MODEL, { pairs: 5000, seed: 9 })).toEqual(estimateArchiveU(entries, DEFAULT_MODEL, { pairs: 5000, seed: 9 }));
  });
});

describe("near agreements never outweigh exact agreement", () => {
  test("a homophone of a common name weighs at most what the name itself does", () => {
    // 王伟 is everywhere in this archive: exact agreement on it is weak evidence, and so must be 王玮 against it.
    const common = Array.from({ length: 400 }, (_, i) => prepareEntry({ id: `w${i}`, fields: { name: { value: "王伟" }, birthDate: { value: `19${40 + (i % 50)}-0${(i % 9) + 1}-1${i % 10}` } } }));
    const others = archive(300);
    const tf = termFrequencies([...common, ...others]);
    const sharp = { ...DEFAULT_MODEL, fields: { ...DEFAULT_MODEL.fields, name: { ...DEFAULT_MODEL.fields.name, "same-pinyin": { m: 0.06, u: 1e-7 } } } };
    const entry = common[0];
    const exact = compare(prepareQuery({ name: "王伟" }), entry, sharp, tf).levels.find((l) => l.field === "name")!;
    const homophone = compare(prepareQuery({ name: "王玮" }), entry, sharp, tf).levels.find((l) => l.field === "name")!;
    expect(exact.level).toBe("exact");
    expect(homophone.level).toBe("same-pinyin");
    expect(homophone.weight).toBeLessThanOrEqual(exact.weight + 1e-9);
    // A rare name keeps the full weight of its homophone level.
    const rare = prepareEntry({ id: "r", fields: { name: { value: "亓鹤鸣" } } });
    const rareHomophone = compare(prepareQuery({ name: "亓贺鸣" }), rare, sharp, tf).levels.find((l) => l.field === "name")!;
    expect(rareHomophone.level).toBe("same-pinyin");
    expect(rareHomophone.weight).toBeGreaterThan(homophone.weight + 5);
  });

  test("a stray character read into a name weighs more than a character misread, never more than the name itself", () => {
    const entries = [...archive(2000), prepareEntry({ id: "stray", fields: { name: { value: "姚贞人花" }, sex: { value: "女" } } }), prepareEntry({ id: "same", fields: { name: { value: "姚贞花" }, sex: { value: "女" } } }), prepareEntry({ id: "sub", fields: { name: { value: "姚贞兰" }, sex: { value: "女" } } })];
    const model = estimateArchiveU(entries, DEFAULT_MODEL, { pairs: 20_000, seed: 3 });
    const tf = termFrequencies(entries);
    const byId = new Map(entries.map((e) => [e.id, e]));
    const name = (id: string) => compare(prepareQuery({ name: "姚贞花" }), byId.get(id)!, model, tf).levels.find((l) => l.field === "name")!;
    expect(name("stray").level).toBe("added-character");
    expect(name("sub").level).toBe("edit-distance-1");
    expect(name("same").level).toBe("exact");
    // Four-character names are rare here, so one standing a character from hers is rarer by chance than a misread character.
    expect(name("stray").weight).toBeGreaterThan(name("sub").weight + 2);
    expect(name("stray").weight).toBeLessThanOrEqual(name("same").weight + 1e-9);
  });
});
