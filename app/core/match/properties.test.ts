import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  compare,
  DEFAULT_MODEL,
  prepareEntry,
  prepareQuery,
  termFrequencies,
  type EntryField,
  type EntryRecord,
  type MatchQuery,
} from "./index";

// Small pools, so that random pairs often agree, nearly agree, or hit the special cases.
const NAMES = ["王秀英", "王秀瑛", "玉秀英", "陳秀英", "陈秀英", "陈林氏", "林秀英", "陈林秀英", "林氏", "李建国", "欧阳明", "王英", "陈英", "陆英", "王招娣"];
const DATES = ["1956-03-12", "民國45年3月12日", "1956-12-03", "1956-03-13", "1956", "1956年3月", "1957-03-12", "農曆1956年八月十五", "1956-09-19", "1956-08-15", "1970-08-01"];
const IDS = ["110105195603120016", "110105560312001", "110205195603120016", "130123195603120039", "130123197008010045", "110105195603120010"];
const SEXES = ["男", "女"];
const PLACES = ["石家庄", "石家庄市", "河北省正定县", "泉州市", "福建省泉州市晋江县", "晋江县人民路12号", "晋江县人民路13号", "保定"];

const FIELD_POOLS: Record<string, string[]> = {
  name: NAMES,
  formerNames: NAMES,
  sex: SEXES,
  birthDate: DATES,
  idNumber: IDS,
  birthPlace: PLACES,
  nativePlace: PLACES,
  address: PLACES,
  fatherName: NAMES,
  motherName: NAMES,
  spouseName: NAMES,
};
const FIELDS = Object.keys(FIELD_POOLS);

const entryField = (pool: string[]): fc.Arbitrary<EntryField> =>
  fc.record(
    {
      value: fc.constantFrom(...pool),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      status: fc.constantFrom("ok" as const, "uncertain" as const),
      alternatives: fc.array(fc.constantFrom(...pool), { maxLength: 2 }),
    },
    { requiredKeys: ["value"] },
  );

const entryRecord = (id: string): fc.Arbitrary<EntryRecord> =>
  fc
    .record(Object.fromEntries(FIELDS.map((f) => [f, entryField(FIELD_POOLS[f])])) as Record<string, fc.Arbitrary<EntryField>>, { requiredKeys: [] })
    .map((fields) => ({ id, fields }));

const matchQuery: fc.Arbitrary<MatchQuery> = fc
  .record(Object.fromEntries(FIELDS.map((f) => [f, fc.constantFrom(...FIELD_POOLS[f])])) as Record<string, fc.Arbitrary<string>>, { requiredKeys: [] })
  .map((q) => {
    const { formerNames, ...rest } = q;
    return { ...rest, ...(formerNames ? { formerNames: [formerNames] } : {}) } as MatchQuery;
  });

const TF = termFrequencies(NAMES.map((name, i) => prepareEntry({ id: `t${i}`, fields: { name: { value: name }, birthDate: { value: `19${50 + i}-01-01` } } })));

describe("properties", { timeout: 120_000 }, () => {
  test("comparing two entries is symmetric: same levels, weights and probability", () => {
    fc.assert(
      fc.property(entryRecord("a"), entryRecord("b"), fc.boolean(), (ra, rb, withTf) => {
        const a = prepareEntry(ra);
        const b = prepareEntry(rb);
        const tf = withTf ? TF : undefined;
        const ab = compare(a, b, DEFAULT_MODEL, tf);
        const ba = compare(b, a, DEFAULT_MODEL, tf);
        expect(ba.levels.map((l) => [l.field, l.level])).toEqual(ab.levels.map((l) => [l.field, l.level]));
        ab.levels.forEach((l, i) => expect(ba.levels[i].weight).toBeCloseTo(l.weight, 9));
        expect(ba.probability).toBeCloseTo(ab.probability, 12);
      }),
      { numRuns: 400, seed: 20240611 },
    );
  });

  const asEntry = (q: MatchQuery): EntryRecord => ({
    id: "e",
    fields: Object.fromEntries(Object.entries(q).map(([k, v]) => [k, { value: Array.isArray(v) ? v.join("、") : v }])),
  });

  test("a query against an entry scores as the entry against the same values typed as a query", () => {
    // An entry's ID number lends its birth date to the entry's date as another reading, so the two directions
    // may agree on different days (1970-08-01 one way, 1956-03-12 the other), which weigh by their own years.
    // Birth years all alike, that cannot matter.
    // A typed date that the query's own checked ID number contradicts is a resident's slip, trusted less than
    // the number; an entry's two readings are the register's own, neither preferred: there the directions differ.
    const flatYears = { ...TF, personsByYear: {}, personsWithYear: 0, yearCollision: 0 };
    const typedAgainstId = (r: ReturnType<typeof compare>) => r.levels.some((l) => l.detail === "id-over-stated");
    fc.assert(
      fc.property(matchQuery, matchQuery, (qa, qb) => {
        const ab = compare(prepareQuery(qa), prepareEntry(asEntry(qb)), DEFAULT_MODEL, flatYears);
        const ba = compare(prepareQuery(qb), prepareEntry(asEntry(qa)), DEFAULT_MODEL, flatYears);
        fc.pre(!typedAgainstId(ab) && !typedAgainstId(ba));
        expect(ba.probability).toBeCloseTo(ab.probability, 12);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  test("without ID numbers, the same holds with birth years weighed", () => {
    fc.assert(
      fc.property(matchQuery, matchQuery, (qa, qb) => {
        const { idNumber: _a, ...a } = qa;
        const { idNumber: _b, ...b } = qb;
        const ab = compare(prepareQuery(a), prepareEntry(asEntry(b)), DEFAULT_MODEL, TF);
        const ba = compare(prepareQuery(b), prepareEntry(asEntry(a)), DEFAULT_MODEL, TF);
        expect(ba.probability).toBeCloseTo(ab.probability, 12);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  test("adding a field on which both sides agree never lowers the probability", () => {
    fc.assert(
      fc.property(matchQuery, entryRecord("e"), fc.constantFrom(...FIELDS), fc.nat(), fc.boolean(), (q, e, field, pick, entryHadIt) => {
        const value = FIELD_POOLS[field][pick % FIELD_POOLS[field].length];
        const { [field]: _q, ...qWithout } = q as Record<string, unknown>;
        const { [field]: _e, ...eWithout } = e.fields as Record<string, EntryField>;
        const agreeing = { value };
        // Either both sides gain the field, or the entry had it all along and the query adds it.
        const before = compare(
          prepareQuery(qWithout as MatchQuery),
          prepareEntry({ id: "e", fields: entryHadIt ? { ...eWithout, [field]: agreeing } : eWithout }),
          DEFAULT_MODEL,
          TF,
        );
        const after = compare(
          prepareQuery({ ...qWithout, [field]: field === "formerNames" ? [value] : value } as MatchQuery),
          prepareEntry({ id: "e", fields: { ...eWithout, [field]: agreeing } }),
          DEFAULT_MODEL,
          TF,
        );
        // The one exception: a man's sex rules out a woman's married name form (陳林氏), which is evidence against.
        if (after.levels.some((l) => l.detail === "married-form-male") && !before.levels.some((l) => l.detail === "married-form-male")) return;
        expect(after.matchWeight).toBeGreaterThanOrEqual(before.matchWeight - 1e-9);
      }),
      { numRuns: 1000, seed: 42 },
    );
  });

  test("prepared records are plain JSON and score the same after a round trip", () => {
    fc.assert(
      fc.property(matchQuery, entryRecord("e"), (q, e) => {
        const pq = prepareQuery(q);
        const pe = prepareEntry(e);
        const revived = JSON.parse(JSON.stringify(pe));
        expect(revived).toEqual(pe);
        expect(compare(pq, revived, DEFAULT_MODEL, TF).matchWeight).toBe(compare(pq, pe, DEFAULT_MODEL, TF).matchWeight);
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  test("probabilities are finite and within [0, 1] for any input", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 })), fc.dictionary(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 })), (qf, ef) => {
        const { formerNames, ...q } = qf;
        const e = prepareEntry({ id: "e", fields: Object.fromEntries(Object.entries(ef).map(([k, v]) => [k, { value: v }])) });
        const r = compare(prepareQuery({ ...q, ...(formerNames !== undefined ? { formerNames: [formerNames] } : {}) }), e, DEFAULT_MODEL, TF);
        expect(Number.isFinite(r.matchWeight)).toBe(true);
        expect(r.probability).toBeGreaterThanOrEqual(0);
        expect(r.probability).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
