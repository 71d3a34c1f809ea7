/**
 * Family links a household ledger implies but does not write: the head's
 * wife is the head's spouse, the head's sons and daughters are children of
 * the head and of the head's spouse, the head's 父 and 母 are the head's
 * parents. A link is drawn only when it is unambiguous (one head, one
 * spouse, one married son for the grandchildren...), and every derived
 * field is marked uncertain with a note naming what it was derived from:
 * registers also list step-children, and a 子 of the head need not be the
 * child of the head's present spouse.
 */
import { round3 } from "./choose";
import type { Relation } from "./relations";
import type { ExtractedEntry, ExtractedField, FieldName } from "./types";

type Member = { entry: ExtractedEntry; relation: Relation | null; sex: "male" | "female" | null; name: ExtractedField | null };

function memberOf(entry: ExtractedEntry): Member {
  const relationField = entry.fields.relation;
  const relation = relationField?.value ? ((relationField.normalized as Relation | undefined) ?? null) : null;
  const sexField = entry.fields.sex;
  const sex = sexField?.value === "male" || sexField?.value === "female" ? sexField.value : (relation?.sex ?? null);
  const name = entry.fields.name?.value ? entry.fields.name : null;
  return { entry, relation, sex, name };
}

function derived(source: Member, why: string, relationConfidence: number): ExtractedField {
  const name = source.name!;
  return {
    raw: name.raw,
    value: name.value,
    ...(name.normalized !== undefined ? { normalized: name.normalized } : {}),
    confidence: round3(Math.min(name.confidence, relationConfidence) * 0.9),
    box: name.box,
    status: "uncertain",
    alternatives: [...name.alternatives],
    note: `derived from the household's relations: ${why}`,
  };
}

function set(target: Member, field: FieldName, source: Member, why: string) {
  if (!source.name || target.entry.fields[field]) return;
  const confidence = Math.min(target.entry.fields.relation?.confidence ?? 1, source.entry.fields.relation?.confidence ?? 1);
  target.entry.fields[field] = derived(source, why, confidence);
}

/**
 * Adds fatherName, motherName and spouseName to ledger entries where the
 * relations make them certain enough to suggest. Returns what it skipped.
 */
export function deriveFamily(entries: ExtractedEntry[]): string[] {
  const notes: string[] = [];
  const members = entries.map(memberOf);
  const role = (r: Relation["role"]) => members.filter((m) => m.relation?.role === r);
  const heads = role("head");
  if (heads.length !== 1) {
    if (heads.length > 1) notes.push("more than one member reads as the household head: no family links derived");
    return notes;
  }
  const head = heads[0];
  const spouses = role("spouse");
  const spouse = spouses.length === 1 ? spouses[0] : null;
  if (spouses.length > 1) notes.push("more than one spouse of the head: spouse links not derived");
  let headSex = head.sex;
  if (!headSex && spouse?.sex) headSex = spouse.sex === "female" ? "male" : "female";

  if (spouse) {
    set(head, "spouseName", spouse, `the head's ${spouse.relation!.text}`);
    set(spouse, "spouseName", head, "the household head, whose spouse this member is");
  }

  const children = role("child").filter((m) => !m.relation!.adoptive);
  for (const child of children) {
    if (headSex === "male") {
      set(child, "fatherName", head, `the head, whose ${child.relation!.text} this member is`);
      if (spouse && spouse.sex !== "male") set(child, "motherName", spouse, `the head's ${spouse.relation!.text}`);
    } else if (headSex === "female") {
      set(child, "motherName", head, `the head, whose ${child.relation!.text} this member is`);
      if (spouse && spouse.sex !== "female") set(child, "fatherName", spouse, `the head's ${spouse.relation!.text}`);
    }
  }

  const fathers = role("parent").filter((m) => m.sex === "male");
  const mothers = role("parent").filter((m) => m.sex === "female");
  if (fathers.length === 1) set(head, "fatherName", fathers[0], `the head's ${fathers[0].relation!.text}`);
  if (mothers.length === 1) set(head, "motherName", mothers[0], `the head's ${mothers[0].relation!.text}`);
  if (fathers.length === 1 && mothers.length === 1) {
    set(fathers[0], "spouseName", mothers[0], "the head's 母, taken as the 父's wife");
    set(mothers[0], "spouseName", fathers[0], "the head's 父, taken as the 母's husband");
  }

  // A son and a daughter-in-law: only when there is one of each.
  const sons = children.filter((m) => m.sex === "male");
  const daughters = children.filter((m) => m.sex === "female");
  const inLaws = role("child-in-law");
  const sonWives = inLaws.filter((m) => m.sex === "female");
  const daughterHusbands = inLaws.filter((m) => m.sex === "male");
  const pair = (a: Member[], b: Member[]) => (a.length === 1 && b.length === 1 ? [a[0], b[0]] : null);
  const sonCouple = pair(sons, sonWives);
  if (sonCouple) {
    const [son, wife] = sonCouple;
    set(son, "spouseName", wife, `the only ${wife.relation!.text} and the only son in the household`);
    set(wife, "spouseName", son, `the only son and the only ${wife.relation!.text} in the household`);
  } else if (sonWives.length > 0) {
    notes.push("a daughter-in-law whose husband is not certain: not linked");
  }
  const daughterCouple = pair(daughters, daughterHusbands);
  if (daughterCouple) {
    const [daughter, husband] = daughterCouple;
    set(daughter, "spouseName", husband, `the only ${husband.relation!.text} and the only daughter in the household`);
    set(husband, "spouseName", daughter, `the only daughter and the only ${husband.relation!.text} in the household`);
  }

  for (const grandchild of role("grandchild")) {
    const couple = grandchild.relation!.maternal ? daughterCouple && [daughterCouple[1], daughterCouple[0]] : sonCouple;
    if (!couple) {
      notes.push(`the parents of ${grandchild.name?.value ?? "a grandchild"} are not certain: not derived`);
      continue;
    }
    const [father, mother] = couple;
    set(grandchild, "fatherName", father, `the only ${father.relation!.text} with a spouse in the household`);
    set(grandchild, "motherName", mother, `the ${mother.relation!.text} of that couple`);
  }
  return notes;
}
