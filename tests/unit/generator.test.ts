import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { formatDate, hanziNumber } from "../../bench/generator/dates.ts";
import { missingFontPackages } from "../../bench/generator/fonts.ts";
import { splitEvenly } from "../../bench/generator/forms.ts";
import { pageTruthSchema, type PageTruth } from "../../bench/generator/ground-truth.ts";
import { id15To18, idCheckChar, isValidId18, makeId18 } from "../../bench/generator/id-number.ts";
import { generatePage, planRandomPages, type PageSpec } from "../../bench/generator/pages.ts";
import { generateHouseholds, generatePeople, type Household } from "../../bench/generator/people.ts";
import { Rng } from "../../bench/generator/random.ts";
import { convertSurname, convertText } from "../../bench/generator/script.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/pages/", import.meta.url));

describe("random", () => {
  it("repeats a sequence for the same seed, and forks independent streams", () => {
    const draw = (rng: Rng) => Array.from({ length: 20 }, () => rng.int(0, 1000));
    expect(draw(new Rng(7))).toEqual(draw(new Rng(7)));
    expect(draw(new Rng(7))).not.toEqual(draw(new Rng(8)));
    const a = new Rng(7);
    const forkBefore = draw(a.fork("x"));
    a.float();
    expect(draw(a.fork("x"))).toEqual(forkBefore);
  });
});

describe("ID numbers", () => {
  it("computes the ISO 7064 MOD 11-2 check character of the GB 11643 example", () => {
    expect(idCheckChar("11010519491231002")).toBe("X");
    expect(isValidId18("11010519491231002X")).toBe(true);
    expect(isValidId18("110105194912310021")).toBe(false);
    expect(id15To18("110105491231002")).toBe("11010519491231002X");
  });

  it("makes valid IDs for any region, date and sequence", () => {
    fc.assert(
      fc.property(fc.integer({ min: 110000, max: 659999 }), fc.date({ min: new Date("1900-01-01"), max: new Date("1999-12-31"), noInvalidDate: true }), fc.integer({ min: 1, max: 999 }), (region, date, seq) => {
        const id = makeId18(String(region), date.toISOString().slice(0, 10), seq);
        return isValidId18(id) && id.length === 18;
      }),
    );
  });
});

describe("dates and script", () => {
  it("writes dates as registers do", () => {
    expect(formatDate("1956-03-12", "gregorian-hanzi")).toBe("一九五六年三月十二日");
    expect(formatDate("1956-03-12", "gregorian-digits")).toBe("1956年3月12日");
    expect(formatDate("1956-03-12", "gregorian-dotted")).toBe("1956.03.12");
    expect(formatDate("1956-03-12", "roc-digits")).toBe("民國45年3月12日");
    expect(formatDate("1956-03-12", "roc-hanzi")).toBe("民國四十五年三月十二日");
    expect(formatDate("1909-10-01", "roc-digits")).toBe("民國前3年10月1日");
    expect(formatDate("1978-05", "gregorian-digits")).toBe("1978年5月");
    expect(hanziNumber(20)).toBe("二十");
    expect(hanziNumber(31)).toBe("三十一");
  });

  it("keeps surnames that opencc would turn into other words", () => {
    expect(convertSurname("于", "traditional")).toBe("于");
    expect(convertSurname("范", "traditional")).toBe("范");
    expect(convertSurname("陈", "traditional")).toBe("陳");
    expect(convertText("与户主关系", "traditional")).toBe("與戶主關係");
  });

  it("never wraps inside a number", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("1", "9", "5", "年", "由", "市", "遷", "來"), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 3 }), (chars, n) => {
        const text = chars.join("");
        const pieces = splitEvenly(text, n);
        if (pieces.join("") !== text) return false;
        return pieces.every((piece, i) => i === 0 || !(/\d$/.test(pieces[i - 1]) && /^\d/.test(piece)));
      }),
    );
  });
});

describe("people", () => {
  it("is deterministic for a seed", () => {
    expect(generatePeople(42, 60)).toEqual(generatePeople(42, 60));
    expect(generatePeople(42, 60)).not.toEqual(generatePeople(43, 60));
    expect(generatePeople(42, 60)).toHaveLength(60);
  });

  const households = generateHouseholds(2024, 300);
  const people = households.flatMap((h) => h.members);

  it("gives everyone a valid ID matching their birth date, sex and county", () => {
    for (const household of households) {
      for (const p of household.members) {
        expect(isValidId18(p.idNumber18), p.idNumber18).toBe(true);
        expect(p.idNumber18.slice(0, 6)).toBe(household.place.code);
        expect(p.idNumber18.slice(6, 14)).toBe(p.birthDate.replaceAll("-", ""));
        expect(Number(p.idNumber18[16]) % 2).toBe(p.sex === "male" ? 1 : 0);
        if (p.idNumber15) expect(id15To18(p.idNumber15)).toBe(p.idNumber18);
      }
    }
    expect(new Set(people.map((p) => p.idNumber18)).size).toBe(people.length);
    expect(people.some((p) => p.idNumber15)).toBe(true);
  });

  it("draws births from about 1900 to 1990", () => {
    const years = people.map((p) => Number(p.birthDate.slice(0, 4)));
    expect(Math.min(...years)).toBeGreaterThanOrEqual(1900);
    expect(Math.max(...years)).toBeLessThanOrEqual(1998);
    expect(years.filter((y) => y <= 1990).length / years.length).toBeGreaterThan(0.9);
  });

  it("builds consistent households", () => {
    for (const h of households) checkHousehold(h);
  });

  it("samples common surnames more often than rare ones", () => {
    const count = (s: string) => people.filter((p) => p.surname === s).length;
    expect(count("王") + count("李") + count("张")).toBeGreaterThan(people.length * 0.08);
  });
});

function checkHousehold(h: Household) {
  const [head, ...rest] = h.members;
  expect(head.relation).toBe("户主");
  expect(rest.length).toBeGreaterThanOrEqual(1);
  expect(rest.length).toBeLessThanOrEqual(6);
  expect(new Set(h.members.map((m) => m.fullName)).size).toBe(h.members.length);
  const byName = new Map(h.members.map((m) => [m.fullName, m]));
  const year = (p: { birthDate: string }) => Number(p.birthDate.slice(0, 4));
  for (const m of h.members) {
    expect(m.householdId).toBe(h.householdId);
    expect(m.birthDate <= h.registeredDate).toBe(true);
    if (m.moveIn.kind !== "original") expect(m.moveIn.date <= h.registeredDate.slice(0, 7)).toBe(true);
    const father = byName.get(m.fatherName);
    const mother = byName.get(m.motherName);
    if (father) {
      expect(father.sex).toBe("male");
      expect(m.surname).toBe(father.surname);
      expect(year(m) - year(father)).toBeGreaterThanOrEqual(15);
    }
    if (mother) {
      expect(mother.sex).toBe("female");
      expect(year(m) - year(mother)).toBeGreaterThanOrEqual(15);
    }
    if (m.spouseName && byName.has(m.spouseName)) {
      const spouse = byName.get(m.spouseName)!;
      expect(spouse.spouseName).toBe(m.fullName);
      expect(spouse.sex).not.toBe(m.sex);
      // Wives keep their own surname.
      expect(spouse.surname).not.toBe(m.surname);
      expect(m.maritalStatus).toBe("已婚");
    }
    if (m.marriedStyleName) {
      expect(m.sex).toBe("female");
      expect(m.marriedStyleName.endsWith(`${m.surname}氏`)).toBe(true);
    }
    if (["长子", "次子", "三子", "长女", "次女", "三女", "子", "女"].includes(m.relation) && head.sex === "male") {
      expect(m.fatherName).toBe(head.fullName);
      expect(m.surname).toBe(head.surname);
    }
  }
  if (head.sex === "male" && rest.some((m) => m.relation === "妻")) {
    const wife = rest.find((m) => m.relation === "妻")!;
    expect(head.spouseName).toBe(wife.fullName);
  }
}

function checkTruth(truth: PageTruth) {
  expect(() => pageTruthSchema.parse(truth)).not.toThrow();
  expect(truth.lines).toEqual(truth.runs.map((r) => r.text));
  for (const person of truth.people) {
    expect(truth.lines).toContain(person.drawn.name);
    if (person.nameForm === "full") expect(person.drawn.name).toBe(person.fullName);
    else expect(person.drawn.name.endsWith(`${person.surname}氏`)).toBe(true);
    if (person.idNumber !== null) {
      expect(truth.lines).toContain(person.idNumber);
      expect(person.idNumber.length === 15 ? id15To18(person.idNumber) : person.idNumber).toBe(person.idNumber18);
    }
  }
  for (const { box } of [...truth.runs, ...truth.fieldBoxes]) {
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.w).toBeLessThanOrEqual(truth.width);
    expect(box.y + box.h).toBeLessThanOrEqual(truth.height);
    expect(box.w).toBeGreaterThan(0);
    expect(box.h).toBeGreaterThan(0);
  }
  for (const fb of truth.fieldBoxes) {
    if (fb.personIndex !== null) expect(truth.people[fb.personIndex].drawn[fb.field]).toBeDefined();
    else expect(truth.record[fb.field]).toBeDefined();
  }
}

describe("page rendering", () => {
  it("has its fonts (npm test installs them as root; otherwise: apt-get install fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming fonts-lxgw-wenkai)", () => {
    expect(missingFontPackages()).toEqual([]);
  });

  const specs = planRandomPages(99, 4, ["person-card", "household-ledger"]);

  it("renders the same page and ground truth from the same spec", { timeout: 60_000 }, async () => {
    const spec: PageSpec = { ...specs.find((s) => s.kind === "household-ledger")!, profile: "heavy" };
    const [a, b] = [await generatePage(spec), await generatePage(spec)];
    expect(a.truth).toEqual(b.truth);
    expect(a.image.equals(b.image)).toBe(true);
    checkTruth(a.truth);
    const meta = await sharp(a.image).metadata();
    expect([meta.width, meta.height]).toEqual([a.truth.width, a.truth.height]);
  });

  it("plans the same pages from the same seed", () => {
    const again = planRandomPages(99, 4, ["person-card", "household-ledger"]);
    expect(again.map((s) => [s.id, s.kind, s.script, s.seed, s.household.householdId])).toEqual(specs.map((s) => [s.id, s.kind, s.script, s.seed, s.household.householdId]));
  });

  it("writes every person card field it draws into lines and field boxes", { timeout: 60_000 }, async () => {
    const spec: PageSpec = { ...specs[0], kind: "person-card", style: "handwriting", script: "traditional", dateStyle: "roc-hanzi", profile: "skewed" };
    const { truth } = await generatePage(spec);
    checkTruth(truth);
    expect(truth.degradations.skew).not.toBeNull();
    const person = truth.people[0];
    for (const [field, value] of Object.entries(person.drawn)) {
      expect(truth.fieldBoxes.some((fb) => fb.personIndex === 0 && fb.field === field)).toBe(true);
      const runs = truth.runs.filter((r) => r.personIndex === 0 && r.field === field).map((r) => r.text);
      expect(runs.join("")).toBe(value);
    }
    expect(person.drawn.birthDate.startsWith("民國")).toBe(true);
  });
});

describe("committed fixture pages", () => {
  const manifest = JSON.parse(readFileSync(`${FIXTURES}manifest.json`, "utf8")) as { pages: { id: string; image: string; truth: string; kind: string; style: string; script: string; profile: string }[] };

  it("has 12 cards and 12 ledgers across styles, scripts and degradations", () => {
    const count = (key: "kind" | "style" | "script", value: string) => manifest.pages.filter((p) => p[key] === value).length;
    expect(manifest.pages).toHaveLength(24);
    expect(count("kind", "person-card")).toBe(12);
    expect(count("style", "handwriting")).toBe(12);
    expect(count("script", "traditional")).toBe(12);
    expect(new Set(manifest.pages.map((p) => p.profile))).toEqual(new Set(["clean", "noisy", "skewed", "stained", "aged", "heavy"]));
  });

  it("has valid ground truth beside every image", async () => {
    for (const page of manifest.pages) {
      expect(existsSync(`${FIXTURES}${page.image}`), page.image).toBe(true);
      const truth = pageTruthSchema.parse(JSON.parse(readFileSync(`${FIXTURES}${page.truth}`, "utf8")));
      expect(truth.id).toBe(page.id);
      checkTruth(truth);
      const meta = await sharp(`${FIXTURES}${page.image}`).metadata();
      expect([meta.width, meta.height]).toEqual([truth.width, truth.height]);
    }
  });
});
