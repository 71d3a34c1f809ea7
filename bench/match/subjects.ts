/**
 * The people the benchmark asks about: those on the rendered pages
 * ("present") and generated people who are in no page of the archive
 * ("absent"), some of them given the surname and birth year of a present
 * person so that the easy way out (a shared surname and year) is tested.
 * Pure.
 */
import { canonicalName } from "~/core/normalize";
import { daysInMonth, isoDate } from "../generator/dates.ts";
import type { PageTruth } from "../generator/ground-truth.ts";
import { makeId18 } from "../generator/id-number.ts";
import type { PageSpec } from "../generator/pages.ts";
import { generateHouseholds, type Person } from "../generator/people.ts";
import type { Rng } from "../generator/random.ts";
import { buildQuery, planKinds, type Discrepancy, type QueryKind, type QuerySubject } from "./discrepancies.ts";
import type { MatchQuery } from "~/core/match";

export type BenchQuery = {
  id: string;
  present: boolean;
  personId: string;
  kinds: QueryKind[];
  /** For absent people: whether they share a surname and birth year with a present person. */
  group: "present" | "absent-shared" | "absent-random";
  notes: string[];
  query: MatchQuery;
};

/** One subject per present person (a person on two pages takes the first page's script and writing). */
export function presentSubjects(pages: readonly { spec: PageSpec; truth: PageTruth }[]): QuerySubject[] {
  const out = new Map<string, QuerySubject>();
  for (const { spec, truth } of pages) {
    for (const t of truth.people) {
      if (out.has(t.personId)) continue;
      const person = spec.household.members.find((m) => m.personId === t.personId);
      if (!person) throw new Error(`ground truth names ${t.personId}, who is not in the page's household`);
      out.set(t.personId, {
        person,
        script: truth.script,
        nameOnPage: t.drawn.name,
        shiFormOnPage: t.nameForm === "husband-surname-shi",
        ...(t.drawn.formerName ? { formerNameOnPage: t.drawn.formerName } : {}),
      });
    }
  }
  return [...out.values()];
}

/** `person` with the surname and birth year of `like` (name, father's name, ID and 氏 form kept consistent). */
export function withSurnameAndYear(rng: Rng, person: Person, like: Person): Person {
  const old = person.surname;
  const swap = (name: string) => (name.startsWith(old) ? like.surname + name.slice(old.length) : name);
  const year = Number(like.birthDate.slice(0, 4));
  const month = rng.int(1, 12);
  const birthDate = isoDate(year, month, rng.int(1, daysInMonth(year, month)));
  const sequence = Number(person.idNumber18.slice(14, 17));
  const idNumber18 = makeId18(person.idNumber18.slice(0, 6), birthDate, sequence);
  const out: Person = {
    ...person,
    surname: like.surname,
    fullName: like.surname + person.givenName,
    birthDate,
    idNumber18,
    fatherName: swap(person.fatherName),
  };
  if (person.formerName) out.formerName = swap(person.formerName);
  if (person.idNumber15) out.idNumber15 = idNumber18.slice(0, 6) + idNumber18.slice(8, 17);
  if (person.marriedStyleName) out.marriedStyleName = `${person.marriedStyleName.slice(0, -1 - old.length)}${like.surname}氏`;
  if (person.sex === "female" && person.spouseName?.startsWith(like.surname)) delete out.marriedStyleName;
  return out;
}

/**
 * Absent people: one member of each generated household (so they are not
 * related to one another), the first `sharedShare` of them re-surnamed and
 * re-dated after a present person. Nobody whose canonical name and birth date
 * equal a present person's is kept.
 */
export function absentSubjects(rng: Rng, seed: number, count: number, present: readonly QuerySubject[], sharedShare = 0.4): { subject: QuerySubject; shared: boolean }[] {
  const taken = new Set(present.map((s) => `${canonicalName(s.person.fullName)}|${s.person.birthDate}`));
  const households = generateHouseholds(seed, Math.ceil(count * 1.2) + 10, { idPrefix: `absent${seed}` });
  const out: { subject: QuerySubject; shared: boolean }[] = [];
  for (const household of households) {
    if (out.length >= count) break;
    const shared = present.length > 0 && out.length < Math.round(count * sharedShare);
    let person = rng.pick(household.members);
    if (shared) person = withSurnameAndYear(rng, person, rng.pick(present).person);
    const key = `${canonicalName(person.fullName)}|${person.birthDate}`;
    if (taken.has(key)) continue;
    taken.add(key);
    out.push({ subject: { person, script: rng.chance(0.5) ? "traditional" : "simplified" }, shared });
  }
  return out;
}

/**
 * The queries: `perPresent` per present person (see planKinds), then absent
 * people asked about once each until there are as many absent queries as
 * present ones. Ids are stable for a seed.
 */
export function buildQueries(rng: Rng, seed: number, present: readonly QuerySubject[], perPresent: number): BenchQuery[] {
  const queries: BenchQuery[] = [];
  const counts = new Map<Discrepancy, number>();
  for (const subject of present) {
    for (const plan of planKinds(rng, subject, perPresent, counts)) {
      const built = buildQuery(rng, subject, plan);
      queries.push({ id: `q${queries.length + 1}`, present: true, personId: subject.person.personId, kinds: built.kinds, group: "present", notes: built.notes, query: built.query });
    }
  }
  const wanted = queries.length;
  const absent = absentSubjects(rng, seed + 7_000_003, wanted, present);
  const absentCounts = new Map<Discrepancy, number>();
  for (const { subject, shared } of absent) {
    const plan = planKinds(rng, subject, 1, absentCounts)[0] ?? [];
    const built = buildQuery(rng, subject, plan);
    queries.push({ id: `q${queries.length + 1}`, present: false, personId: subject.person.personId, kinds: built.kinds, group: shared ? "absent-shared" : "absent-random", notes: built.notes, query: built.query });
  }
  return queries;
}
