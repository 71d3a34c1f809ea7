/** Form schemas for cases, shared by the actions and the pages. Messages are catalog keys. */
import { z } from "zod";
import { LANGUAGES } from "~/i18n/languages";
import { CASE_PURPOSES, CASE_TYPES } from "./requirements";
import { TRANSITION_NAMES } from "./states";

const optional = (max: number) => z.string().trim().max(max, "form.tooLong").optional();

export const IntakeSchema = z.object({
  caseType: z.enum(CASE_TYPES, { error: "form.required" }),
  purpose: z.enum(CASE_PURPOSES, { error: "form.required" }),
  preferredLanguage: z.enum(LANGUAGES, { error: "form.unknownLanguage" }),
  name: z.string({ error: "form.required" }).trim().min(1, "form.required").max(80, "form.tooLong"),
  formerNames: optional(200),
  sex: z.enum(["male", "female", ""], { error: "form.invalid" }).optional(),
  birthDate: optional(40),
  birthPlace: optional(200),
  nativePlace: optional(200),
  address: optional(200),
  fatherName: optional(80),
  motherName: optional(80),
  spouseName: optional(80),
  idNumber: z.string().trim().regex(/^[0-9Xx\s]{0,30}$/, "caseFlow.form.idNumber").optional(),
  phone: z.string().trim().regex(/^[0-9+\-\s()]{0,30}$/, "caseFlow.form.phone").optional(),
});

export const TransitionSchema = z.object({
  intent: z.literal("transition"),
  transition: z.enum(TRANSITION_NAMES as [string, ...string[]], { error: "form.invalid" }),
  reason: z.string().trim().max(2000, "form.tooLong").optional(),
});

export const DocumentSchema = z.object({
  intent: z.literal("upload-document"),
  materialId: z.string({ error: "form.required" }).regex(/^[a-z][a-z0-9_]{1,40}$/, "form.required"),
  note: z.string().trim().max(500, "form.tooLong").optional(),
});

export const StatementSchema = z.object({
  intent: z.literal("add-statement"),
  kind: z.enum(["witness_statement", "agency_record"], { error: "form.required" }),
  agency: z.string().trim().max(120, "form.tooLong").optional(),
  text: z.string({ error: "form.required" }).trim().min(1, "form.required").max(4000, "form.tooLong"),
});

export const AssignTaskSchema = z.object({
  intent: z.literal("assign-task"),
  assignedTo: z.string({ error: "form.required" }).regex(/^[0-9a-f]{24}$/, "fieldTask.assign.pick"),
  kind: z.enum(["visit", "neighbour_statement"], { error: "form.required" }),
  instructions: z.string({ error: "form.required" }).trim().min(1, "form.required").max(2000, "form.tooLong"),
  dueDate: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "form.invalid")]).optional(),
});

export const EraseSchema = z.object({
  intent: z.literal("erase"),
  rule: z.string({ error: "evidence.refused.erasureRule" }).min(1, "evidence.refused.erasureRule").max(60),
  confirm: z.literal("yes", { error: "evidence.erase.confirmRequired" }),
});

export const CheckpointSchema = z.object({ intent: z.literal("checkpoint") });

export const ReportSchema = z.object({
  outcome: z.enum(["confirmed", "not_confirmed", "inconclusive"], { error: "form.required" }),
  report: z.string({ error: "form.required" }).trim().min(1, "form.required").max(4000, "form.tooLong"),
});

export const RequirementEditSchema = z.object({
  rules: z.string({ error: "form.required" }).min(2, "form.required").max(200_000, "form.tooLong"),
  note: z.string({ error: "form.required" }).trim().min(1, "form.required").max(200, "form.tooLong"),
});

const OWN_KEYS = /^(form|caseFlow|evidence|fieldTask|requirements|record)\./;

export type CaseFormResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: Record<string, string> };

/**
 * Like `parseForm`, but keeps the case sections' own message keys (it maps
 * anything outside `form.` to `form.invalid`). Multiple values of one field
 * (checkboxes) are read with `getAll` by the caller.
 */
export function parseCaseForm<S extends z.ZodType>(schema: S, form: FormData | Record<string, unknown>): CaseFormResult<z.infer<S>> {
  const raw: Record<string, unknown> = {};
  if (form instanceof FormData) {
    for (const [key, value] of form.entries()) raw[key] = value;
  } else {
    Object.assign(raw, form);
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_form";
    fieldErrors[key] ??= OWN_KEYS.test(issue.message) ? issue.message : "form.invalid";
  }
  return { ok: false, fieldErrors };
}
