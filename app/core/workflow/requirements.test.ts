import { describe, expect, it } from "vitest";
import { LANGUAGES } from "~/i18n/languages";
import { CASE_PURPOSES, CASE_TYPES, DEFAULT_REQUIREMENTS, checklistFor, requirementRulesSchema } from "./requirements";

describe("default requirements", () => {
  it("are valid by the same schema the admin page uses", () => {
    expect(requirementRulesSchema.safeParse(DEFAULT_REQUIREMENTS).success).toBe(true);
  });

  it("give every material a label and a place to get it in every language", () => {
    for (const type of CASE_TYPES) {
      for (const m of DEFAULT_REQUIREMENTS.caseTypes[type].materials) {
        for (const lng of LANGUAGES) {
          expect(m.label[lng].trim(), `${type}/${m.id}/${lng}`).not.toBe("");
          expect(m.where[lng].trim(), `${type}/${m.id}/${lng}`).not.toBe("");
        }
      }
    }
  });

  it("lists required materials first and only those for the purpose", () => {
    for (const type of CASE_TYPES) {
      for (const purpose of CASE_PURPOSES) {
        const list = checklistFor(DEFAULT_REQUIREMENTS, type, purpose);
        expect(list.length).toBeGreaterThan(0);
        const firstOptional = list.findIndex((m) => !m.required);
        if (firstOptional >= 0) expect(list.slice(firstOptional).every((m) => !m.required)).toBe(true);
        expect(list.every((m) => !m.purposes || m.purposes.includes(purpose))).toBe(true);
      }
    }
    expect(checklistFor(DEFAULT_REQUIREMENTS, "lost_record", "pension").map((m) => m.id)).toContain("pension_record");
    expect(checklistFor(DEFAULT_REQUIREMENTS, "lost_record", "school").map((m) => m.id)).not.toContain("pension_record");
  });

  it("rejects malformed edits", () => {
    const copy = structuredClone(DEFAULT_REQUIREMENTS) as any;
    copy.caseTypes.lost_record.materials[0].label.en = "";
    expect(requirementRulesSchema.safeParse(copy).success).toBe(false);
    const dup = structuredClone(DEFAULT_REQUIREMENTS) as any;
    dup.caseTypes.lost_record.materials.push(dup.caseTypes.lost_record.materials[0]);
    expect(requirementRulesSchema.safeParse(dup).success).toBe(false);
    const badLimit = structuredClone(DEFAULT_REQUIREMENTS) as any;
    badLimit.timeLimits.searching = { days: 3 };
    expect(requirementRulesSchema.safeParse(badLimit).success).toBe(false);
  });
});
