/**
 * The case's evidence-log vocabulary: event types, the erasure rules an
 * office applies, and how a verification result reads in the catalogs.
 */
import type { ChainBreakReason } from "~/core/evidence";
import type { Localized } from "./requirements";

export const CASE_EVENT_TYPES = {
  opened: "case.opened",
  evidenceAdded: "evidence.added",
  candidateAccepted: "candidate.accepted",
  candidateRejected: "candidate.rejected",
  taskAssigned: "task.assigned",
  taskReported: "task.reported",
  transitioned: "case.transitioned",
  submitted: "case.submitted",
  approvalGranted: "approval.granted",
  approvalReturned: "approval.returned",
  approvalRejected: "approval.rejected",
  recordIssued: "record.issued",
  letterIssued: "letter.issued",
  // ERASURE_EVENT_TYPE of ~/core/evidence, spelled out so this module stays browser-safe.
  erased: "personal-data.erased",
} as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[keyof typeof CASE_EVENT_TYPES];

/** Catalog key for an event type: `evidence.event.<type with . as _>`. */
export function eventTypeKey(type: string): string {
  return `evidence.eventType.${type.replace(/[.-]/g, "_")}`;
}

export interface ErasureRule {
  id: string;
  label: Localized;
}

/** The rules under which personal data may be erased. */
export const ERASURE_RULES: ErasureRule[] = [
  {
    id: "resident-request",
    label: { "zh-Hant": "申請人要求刪除（個人資料保護）", "zh-Hans": "申请人要求删除（个人信息保护）", en: "The resident asked for deletion (personal data protection)" },
  },
  {
    id: "retention-expired",
    label: { "zh-Hant": "結案後保存期限屆滿", "zh-Hans": "结案后保存期限届满", en: "The retention period after closing has ended" },
  },
  {
    id: "collected-in-error",
    label: { "zh-Hant": "資料誤收", "zh-Hans": "资料误收", en: "The data was collected in error" },
  },
];

export function isErasureRule(id: string): boolean {
  return ERASURE_RULES.some((r) => r.id === id);
}

/** Why a log check failed, beyond the chain reasons of `verifyChain`. */
export type LogProblemCode =
  | ChainBreakReason
  | "rewritten"
  | "inserted"
  | "not-checkpointed"
  | "checkpoint-signature"
  | "file-changed"
  | "file-missing"
  | "disclosure-mismatch";

/** Catalog key for a problem code: `evidence.problem.<code>`. */
export function problemKey(code: LogProblemCode): string {
  return `evidence.problem.${code.replace(/-/g, "_")}`;
}
