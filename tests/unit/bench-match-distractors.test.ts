import { describe, expect, it } from "vitest";
import { canonicalName } from "~/core/normalize";
import { generateHouseholds } from "../../bench/generator/people.ts";
import { Rng } from "../../bench/generator/random.ts";
import { distractorPage, NOISE_LEVELS, simulateReading, simulatedField, type NoiseLevel } from "../../bench/match/distractors.ts";

const NONE: NoiseLevel = { substitute: 0, drop: 0, mixScript: 0, spaces: 0 };

describe("simulated OCR", () => {
  it("reads text unchanged without noise, and the same way for the same seed", () => {
    expect(simulateReading(new Rng(1), "陳秀英", "traditional", NONE, "tesseract").text).toBe("陳秀英");
    const a = simulateReading(new Rng(2), "王秀英一九五六年", "traditional", NOISE_LEVELS.heavy, "ppocr");
    const b = simulateReading(new Rng(2), "王秀英一九五六年", "traditional", NOISE_LEVELS.heavy, "ppocr");
    expect(a).toEqual(b);
  });

  it("makes look-alike substitutions and drops at roughly the set rate, with lower confidence", () => {
    const rng = new Rng(3);
    const text = "王土日未己戊人大天干田";
    let changed = 0;
    let confidenceChanged = 0;
    let confidenceSame = 0;
    let n = 0;
    for (let i = 0; i < 400; i++) {
      const r = simulateReading(rng, text, "simplified", { ...NOISE_LEVELS.typical, spaces: 0 }, "tesseract");
      if (r.text !== text) {
        changed++;
        confidenceChanged += r.confidence;
      } else {
        confidenceSame += r.confidence;
        n++;
      }
    }
    // 11 characters at 4% per character: about 36% of readings differ.
    expect(changed / 400).toBeGreaterThan(0.2);
    expect(changed / 400).toBeLessThan(0.55);
    expect(confidenceChanged / changed).toBeLessThan(confidenceSame / n);
  });

  it("reads stray marks as characters of their own at roughly the set rate, leaving the rest of the reading as it was", () => {
    const text = "王秀英陈桂兰";
    let added = 0;
    for (let i = 0; i < 300; i++) {
      const plain = simulateReading(new Rng(i), text, "simplified", { ...NOISE_LEVELS.typical, spaces: 0, stray: 0 }, "ppocr");
      const strays = simulateReading(new Rng(i), text, "simplified", { ...NOISE_LEVELS.typical, spaces: 0, stray: 0.05 }, "ppocr");
      const [a, b] = [Array.from(plain.text), Array.from(strays.text)];
      // The reading without strays is the one with them, less the added characters.
      let k = 0;
      for (const ch of b) if (k < a.length && ch === a[k]) k++;
      expect(k, `${plain.text} / ${strays.text}`).toBe(a.length);
      added += b.length - a.length;
      if (b.length > a.length) expect(strays.confidence).toBeLessThan(plain.confidence);
    }
    // 300 readings with 7 gaps each at 5%: about 105 strays.
    expect(added).toBeGreaterThan(60);
    expect(added).toBeLessThan(150);
  });

  it("builds fields the way extraction does", () => {
    const field = simulatedField(new Rng(4), "birthDate", "民國45年3月12日", "traditional", NONE)!;
    expect(field.value).toBe("1956-03-12");
    expect(field.status).toBe("ok");
  });
});

describe("distractor pages", () => {
  const households = generateHouseholds(99, 12);

  it("gives a card one entry and a ledger one per member, with names read from the page", () => {
    for (const household of households) {
      const card = distractorPage(new Rng(5).fork(household.householdId), household, "person-card");
      expect(card.entries).toHaveLength(1);
      const ledger = distractorPage(new Rng(6).fork(household.householdId), household, "household-ledger");
      expect(ledger.entries).toHaveLength(household.members.length);
      const names = new Set(household.members.map((m) => canonicalName(m.fullName)));
      const read = ledger.entries.filter((e) => e.fields.name?.value && names.has(e.fields.name.value)).length;
      // Most names survive the simulated OCR; 氏 forms and misreadings do not.
      expect(read).toBeGreaterThanOrEqual(Math.floor(household.members.length / 2));
    }
  });

  it("derives family links on ledgers and copies the household's head", () => {
    const withChild = households.find((h) => h.members.some((m) => /子|女/.test(m.relation) && m.relation !== "儿媳"))!;
    const page = distractorPage(new Rng(7), withChild, "household-ledger");
    expect(page.entries.some((e) => e.fields.fatherName || e.fields.motherName)).toBe(true);
    expect(page.entries.every((e) => e.fields.householdHead !== undefined)).toBe(true);
  });
});
