import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysInMonth, parseDate } from "./dates";
import { cleanIdText, crossCheckId, hasValidCheckChar, idCheckChar, idPrefixKeys, parseIdNumber, upgradeId15 } from "./id-number";

describe("idCheckChar", () => {
  it.each([
    ["11010519491231002", "X"],
    ["44052418800101001", "4"],
    ["00000000000000000", "1"],
  ])("%s → %s", (first17, check) => {
    expect(idCheckChar(first17)).toBe(check);
  });

  it.each(["", "1101051949123100", "110105194912310021", "1101051949123100a", "１１０１０５１９４９１２３１００２"])("%j is not 17 digits → null", (input) => {
    expect(idCheckChar(input)).toBeNull();
  });

  it("maps every remainder 0..10 to 1 0 X 9 8 7 6 5 4 3 2", () => {
    // Only the last digit (weight 2) varies: remainders step by 2 mod 11, so all 11 appear.
    const seen = new Map<number, string>();
    for (let d = 0; d <= 9; d++) {
      const body = `1000000000000000${d}`;
      const sum = 7 + d * 2;
      seen.set(sum % 11, idCheckChar(body)!);
    }
    const expected = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"];
    for (const [remainder, check] of seen) expect(check).toBe(expected[remainder]);
  });
});

describe("parseIdNumber", () => {
  it("reads a valid 18-character number", () => {
    expect(parseIdNumber("11010519491231002X")).toEqual({
      input: "11010519491231002X",
      normalized: "11010519491231002X",
      kind: "18",
      valid: true,
      birthDate: { year: 1949, month: 12, day: 31 },
      sex: "female",
      regionCode: "110105",
      problems: [],
    });
  });

  it.each([
    ["11010519491231002x", "11010519491231002X"],
    ["110105 19491231 002X", "11010519491231002X"],
    ["１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"],
    ["１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"],
    ["110105-19491231-002X", "11010519491231002X"],
    ["  440524188001010014 ", "440524188001010014"],
  ])("accepts %j", (input, normalized) => {
    const parsed = parseIdNumber(input);
    expect(parsed.valid).toBe(true);
    expect(parsed.normalized).toBe(normalized);
    expect(parsed.input).toBe(input);
  });

  it("reads sex from the sequence number (odd = male)", () => {
    expect(parseIdNumber("440524188001010014").sex).toBe("male");
    expect(parseIdNumber("11010519491231002X").sex).toBe("female");
  });

  it("upgrades a 15-digit number", () => {
    const parsed = parseIdNumber("110105491231002");
    expect(parsed).toMatchObject({
      kind: "15",
      valid: true,
      normalized: "11010519491231002X",
      birthDate: { year: 1949, month: 12, day: 31 },
      sex: "female",
      regionCode: "110105",
      problems: [],
    });
    expect(upgradeId15("110105491231002")).toBe("11010519491231002X");
    expect(upgradeId15("11010549123100")).toBeNull();
  });

  it.each([
    ["110105194912310021", ["bad-check-char"]],
    ["110105194913310028", ["bad-check-char", "bad-birth-date"]],
    ["110105491331002", ["bad-birth-date"]],
    ["990105194912310021", ["bad-check-char", "bad-region"]],
  ])("reports the problems of %s", (input, problems) => {
    const parsed = parseIdNumber(input);
    expect(parsed.valid).toBe(false);
    expect(parsed.problems).toEqual(problems);
    expect(parsed.normalized).not.toBeNull();
  });

  it("still names the problems of a number with a bad birth date, with no birth date", () => {
    const bad = `11010519490230002`;
    const parsed = parseIdNumber(bad + idCheckChar(bad));
    expect(parsed.problems).toEqual(["bad-birth-date"]);
    expect(parsed.birthDate).toBeNull();
  });

  it.each([
    ["", "bad-length"],
    ["1101051949123100", "bad-length"],
    ["1101051949123100211", "bad-length"],
    ["11010519491231", "bad-length"],
    ["11010519491231002A", "bad-chars"],
    ["1101051949X231002X", "bad-chars"],
    ["陳林氏", "bad-chars"],
    ["11010519491231OO2X", "bad-chars"],
  ])("rejects %j with %s", (input, problem) => {
    const parsed = parseIdNumber(input);
    expect(parsed).toMatchObject({ kind: "invalid", valid: false, normalized: null, birthDate: null, sex: null, regionCode: null });
    expect(parsed.problems).toEqual([problem]);
  });

  it("cleans OCR text the same way for every caller", () => {
    expect(cleanIdText(" 110105 1949-1231 002ｘ ")).toBe("11010519491231002X");
    expect(cleanIdText("11010519491231002×")).toBe("11010519491231002X");
  });
});

const PROVINCES = ["11", "12", "13", "31", "32", "33", "35", "37", "44", "45", "46", "50", "51", "65", "71", "81", "82"];

const validBody = fc
  .record({
    province: fc.constantFrom(...PROVINCES),
    rest: fc.integer({ min: 0, max: 9999 }),
    year: fc.integer({ min: 1900, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, rest, year, month, day, seq }) => {
    const d = Math.min(day, daysInMonth(year, month));
    return `${province}${String(rest).padStart(4, "0")}${year}${String(month).padStart(2, "0")}${String(d).padStart(2, "0")}${String(seq).padStart(3, "0")}`;
  });

describe("ID number properties", () => {
  it("validates every well-formed body with its check character", () => {
    fc.assert(
      fc.property(validBody, (body) => {
        const id = body + idCheckChar(body);
        const parsed = parseIdNumber(id);
        expect(parsed.valid).toBe(true);
        expect(parsed.problems).toEqual([]);
        expect(parsed.birthDate).toEqual({ year: Number(body.slice(6, 10)), month: Number(body.slice(10, 12)), day: Number(body.slice(12, 14)) });
        expect(parsed.sex).toBe(Number(body[16]) % 2 === 1 ? "male" : "female");
      }),
    );
  });

  it("detects every single-character substitution (MOD 11-2)", () => {
    fc.assert(
      fc.property(validBody, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (body, position, shift) => {
        const id = body + idCheckChar(body);
        const alphabet = "0123456789X";
        const current = position === 17 ? alphabet.indexOf(id[17]) : Number(id[position]);
        const size = position === 17 ? 11 : 10;
        if (position < 17 && shift >= 10) return;
        const replacement = alphabet[(current + shift) % size];
        const mutated = id.slice(0, position) + replacement + id.slice(position + 1);
        expect(mutated).not.toBe(id);
        expect(hasValidCheckChar(mutated)).toBe(false);
        expect(parseIdNumber(mutated).valid).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("detects every transposition of two different adjacent digits", () => {
    fc.assert(
      fc.property(validBody, fc.integer({ min: 0, max: 15 }), (body, i) => {
        fc.pre(body[i] !== body[i + 1]);
        const id = body + idCheckChar(body);
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        expect(hasValidCheckChar(swapped)).toBe(false);
      }),
    );
  });

  it("upgrades every valid 15-digit number to a valid 18 with the same birth date and sex", () => {
    const body15 = validBody.filter((b) => b.startsWith("19", 6)).map((b) => b.slice(0, 6) + b.slice(8));
    fc.assert(
      fc.property(body15, (id15) => {
        const parsed = parseIdNumber(id15);
        expect(parsed.kind).toBe("15");
        expect(parsed.valid).toBe(true);
        expect(parsed.normalized).toHaveLength(18);
        expect(hasValidCheckChar(parsed.normalized!)).toBe(true);
        expect(parsed.birthDate).toEqual({
          year: 1900 + Number(id15.slice(6, 8)),
          month: Number(id15.slice(8, 10)),
          day: Number(id15.slice(10, 12)),
        });
        expect(parseIdNumber(parsed.normalized!)).toMatchObject({ kind: "18", valid: true, birthDate: parsed.birthDate, sex: parsed.sex });
      }),
    );
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(() => parseIdNumber(s)).not.toThrow();
      }),
    );
  });
});

describe("idPrefixKeys", () => {
  it("gives the region code and region code with birth year", () => {
    expect(idPrefixKeys("11010519491231002X")).toEqual(["110105", "1101051949"]);
    expect(idPrefixKeys("110105491231002")).toEqual(["110105", "1101051949"]);
    expect(idPrefixKeys(parseIdNumber("440524188001010014"))).toEqual(["440524", "4405241880"]);
  });

  it("still keys a number with a bad check character (it may be one misread digit)", () => {
    expect(idPrefixKeys("110105194912310021")).toEqual(["110105", "1101051949"]);
  });

  it("gives nothing for unusable input", () => {
    expect(idPrefixKeys("junk")).toEqual([]);
    expect(idPrefixKeys("")).toEqual([]);
  });
});

describe("crossCheckId", () => {
  const id = parseIdNumber("11010519491231002X");

  it("finds nothing when the claims agree", () => {
    expect(crossCheckId(id, { birthDate: { year: 1949, month: 12, day: 31 }, sex: "female" })).toEqual([]);
    expect(crossCheckId(id, { birthDate: parseDate("一九四九年十二月三十一日") })).toEqual([]);
    expect(crossCheckId(id, { birthDate: parseDate("民國38年12月31日") })).toEqual([]);
    expect(crossCheckId(id, { birthDate: { year: 1949, month: null, day: null } })).toEqual([]);
    expect(crossCheckId(id, { birthDate: parseDate("1949年12月") })).toEqual([]);
    expect(crossCheckId(id, {})).toEqual([]);
    expect(crossCheckId(id, { birthDate: null, sex: null })).toEqual([]);
  });

  it("accepts a lunar birth date whose Gregorian value matches", () => {
    // 1949-12-31 was lunar 1949-11-12.
    expect(crossCheckId(id, { birthDate: parseDate("農曆1949年十一月十二") })).toEqual([]);
  });

  it("reports a different sex", () => {
    expect(crossCheckId(id, { sex: "male" })).toEqual([{ field: "sex", fromId: "female", claimed: "male" }]);
  });

  it("reports a different birth date with how it differs", () => {
    expect(crossCheckId(id, { birthDate: parseDate("1949-12-13") })).toEqual([
      { field: "birthDate", fromId: { year: 1949, month: 12, day: 31 }, claimed: { year: 1949, month: 12, day: 13 }, comparison: "same-year-month" },
    ]);
    const swapped = crossCheckId(parseIdNumber("440524188001010014"), { birthDate: parseDate("1880-01-01") });
    expect(swapped).toEqual([]);
    // A lunar date written with the ID's numbers is not the ID's date.
    const lunarAsGregorian = crossCheckId(parseIdNumber("440524188001010014"), { birthDate: parseDate("農曆1880年1月1日") });
    expect(lunarAsGregorian).toHaveLength(1);
    expect(lunarAsGregorian[0]).toMatchObject({ field: "birthDate", claimed: { year: 1880, month: 2, day: 10 } });
  });

  it("reports both fields when both differ", () => {
    const mismatches = crossCheckId(id, { birthDate: { year: 1950, month: 1, day: 1 }, sex: "male" });
    expect(mismatches.map((m) => m.field)).toEqual(["birthDate", "sex"]);
  });

  it("cannot cross-check an ID with no birth date", () => {
    expect(crossCheckId(parseIdNumber("junk"), { birthDate: { year: 1949, month: 12, day: 31 }, sex: "male" })).toEqual([]);
  });
});
