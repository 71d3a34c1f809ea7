import { describe, expect, it } from "vitest";
import type { ExtractedField } from "~/core/extract";
import { EditDistanceBaseline, ExactBaseline, isoDateOf } from "../../bench/match/baselines.ts";
import { editDistance, meanReciprocalRank, meets, percentile, rankOfCorrect, rate, recallAt, wilson } from "../../bench/match/metrics.ts";
import { mapEntriesToPeople } from "../../bench/match/truth-map.ts";

describe("metrics", () => {
  it("computes recall@k and MRR over ranks, misses counting as zero", () => {
    const ranks = [1, 2, null, 6, 1];
    expect(recallAt(ranks, 1)).toBeCloseTo(0.4);
    expect(recallAt(ranks, 5)).toBeCloseTo(0.6);
    expect(meanReciprocalRank(ranks)).toBeCloseTo((1 + 0.5 + 0 + 1 / 6 + 1) / 5);
    expect(meanReciprocalRank(ranks, 5)).toBeCloseTo((1 + 0.5 + 1) / 5);
    expect(recallAt([], 1)).toBeNaN();
  });

  it("finds the rank of the first correct id", () => {
    expect(rankOfCorrect(["a", "b", "c"], (id) => id === "b" || id === "c")).toBe(2);
    expect(rankOfCorrect(["a"], () => false)).toBeNull();
  });

  it("takes nearest-rank percentiles and rates", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(rate([true, false, false, false])).toBe(0.25);
  });

  it("judges goals in both directions", () => {
    expect(meets({ label: "", value: 0.95, target: 0.95, direction: "min" })).toBe(true);
    expect(meets({ label: "", value: 0.02, target: 0.02, direction: "max" })).toBe(true);
    expect(meets({ label: "", value: 200, target: 200, direction: "max", strict: true })).toBe(false);
    expect(meets({ label: "", value: NaN, target: 1, direction: "max" })).toBe(false);
  });

  it("gives Wilson score intervals that match published values and narrow with the sample", () => {
    // Newcombe (1998), Statistics in Medicine 17, table I: 0/10 and 5/10 (method 3).
    expect(wilson(0, 10).low).toBe(0);
    expect(wilson(0, 10).high).toBeCloseTo(0.2775, 4);
    expect(wilson(5, 10).low).toBeCloseTo(0.2366, 4);
    expect(wilson(5, 10).high).toBeCloseTo(0.7634, 4);
    expect(wilson(10, 10).high).toBe(1);
    // 7 false candidates of 296 absent people: consistent with anything from 1.2% to 4.8%.
    expect(wilson(7, 296).low).toBeCloseTo(0.0115, 4);
    expect(wilson(7, 296).high).toBeCloseTo(0.048, 3);
    // The same rate over twenty times the queries is pinned down far more tightly.
    const small = wilson(3, 300);
    const large = wilson(60, 6000);
    expect(large.high - large.low).toBeLessThan((small.high - small.low) / 4);
    expect(wilson(1, 0).low).toBeNaN();
    expect(wilson(5, 4).high).toBeNaN();
  });

  it("counts plain edit distance over characters", () => {
    expect(editDistance("王秀英", "王秀瑛")).toBe(1);
    expect(editDistance("王秀英", "王英")).toBe(1);
    expect(editDistance("陈林氏", "林秀英")).toBe(3);
    expect(editDistance("", "张三")).toBe(2);
  });
});

describe("baselines", () => {
  const entries = [
    { id: "p1#0", name: "陳秀英", birthDate: "1956-03-12" },
    { id: "p1#1", name: "陈秀瑛", birthDate: "1956-03-12" },
    { id: "p2#0", name: "王建国", birthDate: "1960-01-01" },
  ];

  it("exact: canonical name and normalised birth date", () => {
    const exact = new ExactBaseline(entries);
    expect(exact.search({ name: "陈秀英", birthDate: "民國45年3月12日" }).ids).toEqual(["p1#0"]);
    expect(exact.search({ name: "陈秀英", birthDate: "1956-03-13" }).ids).toEqual([]);
    expect(exact.search({ name: "陈秀英" }).ids).toEqual([]);
    expect(isoDateOf("农历1956年2月1日")).toBe("1956-03-12");
  });

  it("edit distance: within one edit on the name, closest first", () => {
    const edit = new EditDistanceBaseline(entries);
    expect(edit.search({ name: "陈秀英" }).ids).toEqual(["p1#0", "p1#1"]);
    expect(edit.search({ name: "陈秀瑛" }).ids).toEqual(["p1#1", "p1#0"]);
    expect(edit.search({ name: "李四" }).ids).toEqual([]);
  });
});

describe("mapping extracted entries to ground truth", () => {
  const field = (value: string | null, alternatives: string[] = []): ExtractedField => ({ raw: value ?? "", value, confidence: 0.9, box: null, status: "ok", alternatives });
  const truth = [
    { drawn: { name: "陳建國", birthDate: "1950年1月2日", relation: "戶主" }, birthDate: "1950-01-02", idNumber18: "110105195001020011", sex: "male" as const },
    { drawn: { name: "林秀英", birthDate: "1952年3月4日", relation: "妻" }, birthDate: "1952-03-04", idNumber18: "110105195203040022", sex: "female" as const },
    { drawn: { name: "陳衛東", birthDate: "1975年5月6日", relation: "長子" }, birthDate: "1975-05-06", idNumber18: "110105197505060031", sex: "male" as const },
  ];

  it("maps by name and date, whatever the row order, and leaves junk unmapped", () => {
    const entries = [
      { index: 0, fields: { name: field("陈建国"), birthDate: field("1950-01-02"), sex: field("male") } },
      { index: 1, fields: { name: field("陈卫东"), birthDate: field("1975-05-06") } },
      { index: 2, fields: { name: field("林秀英"), birthDate: field("1952-03-04") } },
      { index: 3, fields: { name: field("口"), birthDate: field(null) } },
    ];
    expect([...mapEntriesToPeople(entries, truth)].sort()).toEqual([
      [0, 0],
      [1, 2],
      [2, 1],
    ]);
  });

  it("accepts a misread name with the right date in the right row, not a row with nothing right", () => {
    const entries = [
      { index: 0, fields: { name: field("陳建困"), birthDate: field("1950-01-02") } },
      { index: 1, fields: { name: field("某某"), birthDate: field("1999-09-09"), sex: field("female") } },
    ];
    expect([...mapEntriesToPeople(entries, truth)]).toEqual([[0, 0]]);
  });
});
