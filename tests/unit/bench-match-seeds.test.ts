import { describe, expect, it } from "vitest";
import { binomialAtLeast, chanceSeedMisses, figure, pooled, resultLines, seedMeets, type SeedResult } from "../../bench/match/seeds.ts";

const seed = (s: number, first: number, top5: number, falseCandidates: number, present = 290, absent = 300): SeedResult => ({ seed: s, size: 100_000, present, first, top5, absent, falseCandidates });

describe("pooling bench:match:memory over seeds", () => {
  it("sums the counts of every seed before taking the rates", () => {
    const [r1, r5, fcr] = pooled([seed(1, 290, 290, 7), seed(2, 280, 286, 2, 290, 200)]);
    expect([r1.k, r1.n]).toEqual([570, 580]);
    expect([r5.k, r5.n]).toEqual([576, 580]);
    expect([fcr.k, fcr.n]).toEqual([9, 500]);
    expect(fcr.rate).toBeCloseTo(0.018);
  });

  it("says met only when the whole interval clears the goal, and within noise when only the rate does", () => {
    expect(figure("recall5", "recall@5", 5779, 5800, 0.99, "min").verdict).toBe("met");
    expect(figure("recall5", "recall@5", 297, 300, 0.99, "min").verdict).toBe("noise");
    expect(figure("recall5", "recall@5", 296, 300, 0.99, "min").verdict).toBe("missed");
    expect(figure("falseCandidates", "fcr", 72, 5950, 0.02, "max").verdict).toBe("met");
    expect(figure("falseCandidates", "fcr", 5, 296, 0.02, "max").verdict).toBe("noise");
    expect(figure("falseCandidates", "fcr", 7, 296, 0.02, "max").verdict).toBe("missed");
  });

  it("judges one seed the way bench:match does: 3 misses in 290 fail recall@5, 6 false candidates in 296 fail the rate", () => {
    expect(seedMeets(seed(1, 280, 288, 5, 290, 296))).toEqual({ recall1: true, recall5: true, falseCandidates: true });
    expect(seedMeets(seed(1, 275, 287, 6, 290, 296))).toEqual({ recall1: false, recall5: false, falseCandidates: false });
  });

  it("sums binomial tails exactly, without underflow at thousands of trials", () => {
    expect(binomialAtLeast(1, 2, 0.5)).toBeCloseTo(0.75);
    expect(binomialAtLeast(2, 3, 0.5)).toBeCloseTo(0.5);
    expect(binomialAtLeast(0, 10, 0.3)).toBe(1);
    expect(binomialAtLeast(11, 10, 0.3)).toBe(0);
    // Exact values from Python's math.comb sums: P(X >= 3), n 290, p 0.0036; P(X >= 60), n 6000, p 0.01.
    expect(binomialAtLeast(3, 290, 0.0036)).toBeCloseTo(0.0882389, 6);
    expect(binomialAtLeast(60, 6000, 0.01)).toBeCloseTo(0.5174279, 6);
  });

  it("gives the chance that one seed misses a goal by luck at a given true rate", () => {
    // recall@5 0.9964 over 290 queries: missing means 3 or more misses.
    expect(chanceSeedMisses(0.9964, 290, 0.99, "min")).toBeCloseTo(binomialAtLeast(3, 290, 0.0036), 10);
    // A false-candidate rate of 0.012 over 296 absent people: missing means 6 or more.
    expect(chanceSeedMisses(0.012, 296, 0.02, "max")).toBeCloseTo(binomialAtLeast(6, 296, 0.012), 10);
    // A rate far on the good side almost never misses; one on the wrong side nearly always does.
    expect(chanceSeedMisses(0.9999, 290, 0.99, "min")).toBeLessThan(1e-4);
    expect(chanceSeedMisses(0.98, 290, 0.99, "min")).toBeGreaterThan(0.9);
  });

  it("reads RESULT lines and refuses ones that cannot be counts", () => {
    const out = `seed 7 at 100,000 entries: ...\nRESULT {"seed":7,"size":100000,"present":218,"first":218,"top5":218,"absent":218,"falseCandidates":1}\n`;
    expect(resultLines(out)).toEqual([{ seed: 7, size: 100000, present: 218, first: 218, top5: 218, absent: 218, falseCandidates: 1 }]);
    expect(() => resultLines(`RESULT {"seed":7,"size":100000,"present":10,"first":11,"top5":11,"absent":5,"falseCandidates":0}`)).toThrow(/not a bench/);
    expect(() => resultLines(`RESULT {"seed":7,"size":100000,"present":10,"first":1.5,"top5":2,"absent":5,"falseCandidates":0}`)).toThrow(/not a bench/);
    expect(resultLines("nothing here")).toEqual([]);
  });
});
