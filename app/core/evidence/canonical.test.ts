import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CanonicalJsonError, canonicalJson, isSha256Hex, sha256Hex } from "./canonical";

describe("canonicalJson (RFC 8785)", () => {
  it("sorts keys and drops whitespace", () => {
    expect(canonicalJson({ b: 1, a: [1, "x", null, true, { d: false, c: 0 }] })).toBe('{"a":[1,"x",null,true,{"c":0,"d":false}],"b":1}');
  });

  it("sorts keys by UTF-16 code units, as the RFC's example does", () => {
    const value = { "\u20ac": "Euro", "\r": "CR", "\ufb33": "Hebrew", "1": "One", "\ud83d\ude00": "Emoji", "\u0080": "Control", "\u00f6": "Latin" };
    const expected = ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"];
    expect(canonicalJson(value)).toBe(`{${expected.map((key) => `${JSON.stringify(key)}:${JSON.stringify(value[key as keyof typeof value])}`).join(",")}}`);
  });

  it("writes numbers the way ECMAScript does (RFC 8785 section 3.2.2.3)", () => {
    expect(canonicalJson([1e21, 1e-7, 0.000001, -0, 333333333.33333329, 4.5, 2 ** 53])).toBe(
      "[1e+21,1e-7,0.000001,0,333333333.3333333,4.5,9007199254740992]",
    );
  });

  it("escapes only what JSON requires and keeps Chinese text literal", () => {
    expect(canonicalJson({ s: "\u000f\n\"\\ 戶口 \u2028" })).toBe('{"s":"\\u000f\\n\\"\\\\ 戶口 \u2028"}');
  });

  it("rejects undefined anywhere, naming where it is", () => {
    expect(() => canonicalJson(undefined)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: { b: undefined } })).toThrow(/undefined is not allowed.*at \$\/a\/b/);
    expect(() => canonicalJson([1, undefined])).toThrow(/at \$\/1/);
  });

  it("rejects NaN and Infinity", () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN is not allowed/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/Infinity is not allowed/);
    expect(() => canonicalJson(Number.NEGATIVE_INFINITY)).toThrow(/Infinity/);
  });

  it("rejects functions, bigints, symbols, class instances, cycles, holes and lone surrogates", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const cases: unknown[] = [
      { f: () => 1 },
      { n: 10n },
      { s: Symbol("x") },
      { d: new Date(0) },
      { m: new Map() },
      { b: Buffer.from("x") },
      cycle,
      [1, , 3], // eslint-disable-line no-sparse-arrays
      { s: "\ud800" },
      { "\udc00": 1 },
    ];
    for (const value of cases) expect(() => canonicalJson(value), String(value)).toThrow(CanonicalJsonError);
  });

  it("allows the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it("is a fixed point: parsing and re-canonicalising changes nothing", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

describe("sha256Hex", () => {
  it("matches the FIPS 180-2 vectors and hashes strings as UTF-8", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("戶口")).toBe(sha256Hex(new TextEncoder().encode("戶口")));
    expect(isSha256Hex(sha256Hex("x"))).toBe(true);
    expect(isSha256Hex("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")).toBe(false);
  });
});
