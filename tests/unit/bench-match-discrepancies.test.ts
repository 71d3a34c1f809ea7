import { pinyin } from "pinyin-pro";
import { describe, expect, it } from "vitest";
import { canonicalName, parseDate, parseIdNumber, parseName } from "~/core/normalize";
import { generateHouseholds, type Person } from "../../bench/generator/people.ts";
import { Rng } from "../../bench/generator/random.ts";
import {
  applicable,
  buildQuery,
  compatible,
  DISCREPANCIES,
  gregorianOfLunar,
  homophonesOf,
  id15Of,
  isoOf,
  lunarOf,
  planKinds,
  rocDate,
  withHomophone,
  wrongDay,
  type Discrepancy,
  type QuerySubject,
} from "../../bench/match/discrepancies.ts";
import { absentSubjects, buildQueries, withSurnameAndYear } from "../../bench/match/subjects.ts";

const people: Person[] = generateHouseholds(4242, 60).flatMap((h) => h.members);
const subjectOf = (person: Person, script: QuerySubject["script"] = "traditional"): QuerySubject => ({ person, script });
const toneless = (ch: string) => pinyin(ch, { toneType: "none", type: "array" })[0];

describe("dates and IDs as residents give them", () => {
  it("writes ROC years that the normaliser reads back as the same day", () => {
    expect(rocDate("1956-03-12", "traditional", false)).toBe("民國45年3月12日");
    expect(rocDate("1956-03-12", "simplified", true)).toBe("民国四十五年三月十二日");
    for (const p of people.filter((x) => x.birthDate >= "1912")) {
      const g = parseDate(rocDate(p.birthDate, "traditional", true))?.gregorian;
      expect(g && isoOf({ year: g.year, month: g.month!, day: g.day! })).toBe(p.birthDate);
    }
  });

  it("gives lunar dates that convert back to the Gregorian birthday", () => {
    expect(lunarOf("1956-03-12")).toEqual({ year: 1956, month: 2, day: 1 });
    for (const p of people) {
      const lunar = lunarOf(p.birthDate);
      if (!lunar) continue;
      expect(isoOf(gregorianOfLunar(lunar))).toBe(p.birthDate);
      const g = parseDate(`农历${lunar.year}年${lunar.month}月${lunar.day}日`)?.gregorian;
      expect(g && isoOf({ year: g.year, month: g.month!, day: g.day! })).toBe(p.birthDate);
    }
  });

  it("turns an 18-digit ID into the 15-digit number that upgrades back to it", () => {
    for (const p of people) {
      const old = id15Of(p.idNumber18);
      expect(old).toMatch(/^\d{15}$/);
      expect(parseIdNumber(old).normalized).toBe(p.idNumber18);
    }
  });

  it("moves the day by one or swaps its digits, always to a real date", () => {
    const rng = new Rng(1);
    for (const p of people) {
      const { date, how } = wrongDay(rng, p.birthDate);
      expect(date).not.toBe(p.birthDate);
      expect(date.slice(0, 7)).toBe(p.birthDate.slice(0, 7));
      expect(parseDate(date)?.precision).toBe("day");
      if (how === "day off by one") expect(Math.abs(Number(date.slice(8)) - Number(p.birthDate.slice(8)))).toBe(1);
      else expect(date.slice(8)).toBe(p.birthDate.slice(9) + p.birthDate.slice(8, 9));
    }
  });
});

describe("homophones", () => {
  it("replaces exactly one character with one that sounds the same", () => {
    expect(homophonesOf("英")).toContain("瑛");
    const rng = new Rng(2);
    for (const p of people) {
      const h = withHomophone(rng, p.givenName);
      if (h === null) continue;
      const a = Array.from(p.givenName);
      const b = Array.from(h);
      const changed = a.map((c, i) => i).filter((i) => a[i] !== b[i]);
      expect(changed).toHaveLength(1);
      expect(toneless(b[changed[0]])).toBe(toneless(a[changed[0]]));
    }
  });
});

describe("queries", () => {
  it("applies each discrepancy it is asked for", () => {
    const rng = new Rng(3);
    const seen = new Set<Discrepancy>();
    for (const person of people) {
      const subject = subjectOf(person, rng.chance(0.5) ? "traditional" : "simplified");
      for (const kind of applicable(subject)) {
        const { query, kinds } = buildQuery(rng, subject, [kind]);
        seen.add(kind);
        expect(kinds).toContain(kind);
        const plain = canonicalName(person.fullName);
        switch (kind) {
          case "simplified":
            expect(canonicalName(query.name!)).toBe(plain);
            break;
          case "homophone":
            expect(canonicalName(query.name!)).not.toBe(plain);
            expect(canonicalName(query.name!).length).toBe(plain.length);
            break;
          case "roc-date":
            expect(query.birthDate).toMatch(/^民[國国]/);
            break;
          case "lunar-date": {
            const parsed = parseDate(query.birthDate!);
            // Labelled: read as lunar; unlabelled: a different Gregorian date.
            if (parsed?.calendar === "gregorian") expect(isoOf({ year: parsed.year, month: parsed.month!, day: parsed.day! })).not.toBe(person.birthDate);
            break;
          }
          case "old-id":
            expect(query.idNumber).toMatch(/^\d{15}$/);
            break;
          case "shi-form": {
            const name = parseName(query.name!);
            expect(name.marriedForm?.ownSurname).toBe(canonicalName(person.surname));
            break;
          }
          case "wrong-day":
            expect(query.birthDate).not.toBe(person.birthDate);
            break;
          case "former-name":
            expect(canonicalName(query.name!)).not.toBe(plain);
            expect(query.formerNames?.map(canonicalName)).toEqual([plain]);
            break;
        }
      }
    }
    expect([...seen].sort()).toEqual([...DISCREPANCIES].sort());
  });

  it("queries a woman the page writes as 陳林氏 by her own name, and a former name on the page as the name", () => {
    const woman = people.find((p) => p.sex === "female" && p.spouseName)!;
    const { query, kinds, notes } = buildQuery(new Rng(4), { person: woman, script: "traditional", shiFormOnPage: true }, []);
    expect(kinds).toEqual(["shi-form"]);
    expect(canonicalName(query.name!)).toBe(canonicalName(woman.fullName));
    expect(notes.join()).toContain("夫姓本姓氏");
    const renamed = { ...people[0], formerName: `${people[0].surname}小虎` };
    const former = buildQuery(new Rng(5), { person: renamed, script: "simplified", formerNameOnPage: renamed.formerName }, ["former-name"]);
    expect(former.query.name).toBe(renamed.formerName);
  });

  it("plans balanced, compatible discrepancies, and is the same for the same seed", () => {
    const counts = new Map<Discrepancy, number>();
    const rng = new Rng(6);
    const plans = people.flatMap((p) => planKinds(rng, subjectOf(p), 3, counts));
    for (const plan of plans) if (plan.length === 2) expect(compatible(plan[0], plan[1])).toBe(true);
    const leads = DISCREPANCIES.map((k) => plans.filter((p) => p[0] === k).length);
    expect(Math.max(...leads) - Math.min(...leads)).toBeLessThanOrEqual(people.length / 2);
    const subjects = people.slice(0, 10).map((p) => subjectOf(p));
    expect(buildQueries(new Rng(7), 7, subjects, 3)).toEqual(buildQueries(new Rng(7), 7, subjects, 3));
  });

  it("asks about as many absent people as present queries, none of them present", () => {
    const subjects = people.slice(0, 20).map((p) => subjectOf(p));
    const queries = buildQueries(new Rng(8), 8, subjects, 2);
    const present = queries.filter((q) => q.present);
    const absent = queries.filter((q) => !q.present);
    expect(absent).toHaveLength(present.length);
    const presentIds = new Set(subjects.map((s) => s.person.personId));
    expect(absent.every((q) => !presentIds.has(q.personId))).toBe(true);
    expect(absent.some((q) => q.group === "absent-shared")).toBe(true);
    const keys = new Set(subjects.map((s) => `${canonicalName(s.person.fullName)}|${s.person.birthDate}`));
    for (const { subject } of absentSubjects(new Rng(9), 9, 30, subjects)) expect(keys.has(`${canonicalName(subject.person.fullName)}|${subject.person.birthDate}`)).toBe(false);
  });

  it("re-surnames an absent person consistently", () => {
    const [a, b] = [people[0], people.find((p) => p.surname !== people[0].surname)!];
    const moved = withSurnameAndYear(new Rng(10), a, b);
    expect(moved.surname).toBe(b.surname);
    expect(moved.fullName).toBe(b.surname + a.givenName);
    expect(moved.birthDate.slice(0, 4)).toBe(b.birthDate.slice(0, 4));
    expect(parseIdNumber(moved.idNumber18).valid).toBe(true);
    expect(moved.idNumber18.slice(6, 14)).toBe(moved.birthDate.replaceAll("-", ""));
  });
});
