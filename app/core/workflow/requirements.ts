/**
 * What each case type needs (一次性告知): the complete list of materials with
 * where to get each, in every UI language, and the stage time limits. This is
 * the default rule set; an office edits its own as a new, versioned
 * RequirementSet, and a case keeps the version in force at intake.
 */
import { z } from "zod";
import type { Language } from "~/i18n/languages";
import { CASE_STATES } from "./states";
import { DEFAULT_CALENDAR, DEFAULT_TIME_LIMITS, type TimeLimits, type WorkCalendar } from "./time-limits";

export const CASE_TYPES = ["lost_record", "never_registered", "cancelled_in_error"] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_PURPOSES = ["school", "pension", "id_card", "property", "other"] as const;
export type CasePurpose = (typeof CASE_PURPOSES)[number];

export type Localized = Record<Language, string>;

export interface Material {
  id: string;
  required: boolean;
  /** Only for these purposes; every purpose when absent. */
  purposes?: CasePurpose[];
  label: Localized;
  where: Localized;
}

export interface CaseTypeRule {
  label: Localized;
  materials: Material[];
}

export interface RequirementRules {
  caseTypes: Record<CaseType, CaseTypeRule>;
  timeLimits: TimeLimits;
  calendar: WorkCalendar;
}

const text = z.string().trim().min(1).max(500);
const localized = z.strictObject({ "zh-Hant": text, "zh-Hans": text, en: text });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const limit = z.union([
  z.strictObject({ workingDays: z.number().int().min(1).max(365) }),
  z.strictObject({ hours: z.number().int().min(1).max(24 * 365) }),
]);
const material = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
  required: z.boolean(),
  purposes: z.array(z.enum(CASE_PURPOSES)).min(1).optional(),
  label: localized,
  where: localized,
});
const caseTypeRule = z.strictObject({
  label: localized,
  materials: z.array(material).min(1).max(40).refine((ms) => new Set(ms.map((m) => m.id)).size === ms.length, "material ids must be unique"),
});

/** Validates an edited rule set (the admin page and the model both use it). */
export const requirementRulesSchema = z.strictObject({
  caseTypes: z.strictObject(Object.fromEntries(CASE_TYPES.map((t) => [t, caseTypeRule])) as Record<CaseType, typeof caseTypeRule>),
  timeLimits: z.strictObject(Object.fromEntries(CASE_STATES.map((s) => [s, limit.nullable().optional()])) as Record<(typeof CASE_STATES)[number], z.ZodOptional<z.ZodNullable<typeof limit>>>),
  calendar: z.strictObject({
    utcOffsetMinutes: z.number().int().min(-720).max(840),
    weekend: z.array(z.number().int().min(0).max(6)).max(6),
    holidays: z.array(isoDate).max(400),
    workdays: z.array(isoDate).max(400),
  }),
});

const L = (zhHant: string, zhHans: string, en: string): Localized => ({ "zh-Hant": zhHant, "zh-Hans": zhHans, en });

const PHOTO: Material = {
  id: "photo",
  required: true,
  label: L("近期二吋正面免冠照片兩張", "近期二寸正面免冠照片两张", "Two recent passport-style photos (2 inch, no hat)"),
  where: L("任何照相館；本所大廳也有自助拍照機", "任何照相馆；本所大厅也有自助拍照机", "Any photo studio, or the photo booth in our lobby"),
};
const APPLICATION: Material = {
  id: "application_form",
  required: true,
  label: L("戶口補錄申請表（本人簽名）", "户口补录申请表（本人签名）", "Re-registration application form, signed by you"),
  where: L("在本所窗口領取，我們會協助您填寫", "在本所窗口领取，我们会协助您填写", "At our counter; we will help you fill it in"),
};
const RESIDENCE: Material = {
  id: "residence_proof",
  required: true,
  label: L("現住地居住證明", "现住地居住证明", "Proof of where you live now"),
  where: L("現住地的居民委員會或村民委員會", "现住地的居民委员会或村民委员会", "The residents' or villagers' committee where you live now"),
};
const KINSHIP: Material = {
  id: "kinship_proof",
  required: false,
  label: L("親屬關係證明（父母、配偶或子女）", "亲属关系证明（父母、配偶或子女）", "Proof of family relationship (parents, spouse or children)"),
  where: L("親屬戶籍所在地的派出所，或出生地的村（居）委會", "亲属户籍所在地的派出所，或出生地的村（居）委会", "The police station where your relative is registered, or the committee of your birthplace"),
};
const PERSONNEL_FILE: Material = {
  id: "personnel_file",
  required: false,
  label: L("人事檔案或學籍檔案中的身分記載", "人事档案或学籍档案中的身份记载", "Identity entries in your personnel or school file"),
  where: L("保管您檔案的工作單位、人才服務中心或學校", "保管您档案的工作单位、人才服务中心或学校", "Your employer, the talent service centre or the school that keeps your file"),
};
const PENSION_RECORD: Material = {
  id: "pension_record",
  required: true,
  purposes: ["pension"],
  label: L("社會保險參保紀錄", "社会保险参保记录", "Your social insurance contribution record"),
  where: L("社會保險經辦機構窗口或其網站", "社会保险经办机构窗口或其网站", "The social insurance office counter or its website"),
};
const SCHOOL_NOTICE: Material = {
  id: "school_notice",
  required: true,
  purposes: ["school"],
  label: L("學校入學通知或在學證明", "学校入学通知或在学证明", "The school's admission notice or proof of enrolment"),
  where: L("就讀或錄取的學校", "就读或录取的学校", "The school that admitted you"),
};
const PROPERTY_PAPER: Material = {
  id: "property_paper",
  required: true,
  purposes: ["property"],
  label: L("不動產權屬證明或相關登記材料", "不动产权属证明或相关登记材料", "Your property title or related registration papers"),
  where: L("不動產登記中心", "不动产登记中心", "The real-estate registration centre"),
};

export const DEFAULT_REQUIREMENTS: RequirementRules = {
  caseTypes: {
    lost_record: {
      label: L("戶籍資料因歷史原因遺失", "户籍资料因历史原因遗失", "Registration record lost through historical causes"),
      materials: [
        APPLICATION,
        {
          id: "identity_document",
          required: true,
          label: L("您現有的任何身分證明（舊身分證、戶口簿、軍人證件等）", "您现有的任何身份证明（旧身份证、户口簿、军人证件等）", "Any identity document you still have (old ID card, household booklet, service card)"),
          where: L("您自己保存；遺失者請說明，不影響受理", "您自己保存；遗失者请说明，不影响受理", "Your own papers; if lost, tell us, we still accept the case"),
        },
        RESIDENCE,
        KINSHIP,
        PERSONNEL_FILE,
        PHOTO,
        PENSION_RECORD,
        SCHOOL_NOTICE,
        PROPERTY_PAPER,
      ],
    },
    never_registered: {
      label: L("從未登記戶口", "从未登记户口", "Never registered"),
      materials: [
        APPLICATION,
        {
          id: "birth_certificate",
          required: true,
          label: L("出生醫學證明或出生證明", "出生医学证明或出生证明", "Medical birth certificate or proof of birth"),
          where: L("出生的醫院；在家出生者由村（居）委會出具證明", "出生的医院；在家出生者由村（居）委会出具证明", "The hospital where you were born; for a home birth, your village or residents' committee"),
        },
        { ...KINSHIP, required: true },
        RESIDENCE,
        PHOTO,
        PENSION_RECORD,
        SCHOOL_NOTICE,
        PROPERTY_PAPER,
      ],
    },
    cancelled_in_error: {
      label: L("戶口被錯誤註銷", "户口被错误注销", "Registration cancelled in error"),
      materials: [
        APPLICATION,
        {
          id: "cancellation_notice",
          required: false,
          label: L("註銷通知或相關說明（如有）", "注销通知或相关说明（如有）", "The cancellation notice or any letter about it, if you have one"),
          where: L("作出註銷的派出所；沒有也不影響受理", "作出注销的派出所；没有也不影响受理", "The police station that cancelled it; we still accept the case without it"),
        },
        {
          id: "identity_document",
          required: true,
          label: L("您現有的任何身分證明", "您现有的任何身份证明", "Any identity document you still have"),
          where: L("您自己保存", "您自己保存", "Your own papers"),
        },
        RESIDENCE,
        PHOTO,
        PENSION_RECORD,
      ],
    },
  },
  timeLimits: DEFAULT_TIME_LIMITS,
  calendar: DEFAULT_CALENDAR,
};

/** The checklist for a case: every material of its type that applies to its purpose, required first. */
export function checklistFor(rules: RequirementRules, caseType: CaseType, purpose: CasePurpose): Material[] {
  const all = rules.caseTypes[caseType]?.materials ?? [];
  const applies = all.filter((m) => !m.purposes || m.purposes.includes(purpose));
  return [...applies.filter((m) => m.required), ...applies.filter((m) => !m.required)];
}

export function isCaseType(value: unknown): value is CaseType {
  return typeof value === "string" && (CASE_TYPES as readonly string[]).includes(value);
}
