import type { z } from "zod";

export type FieldErrors = Record<string, string>;
export type ParseResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

/**
 * Parses form fields with a shared schema. Error messages in schemas are
 * catalog keys (`form.required`), so the page translates them.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData | Record<string, unknown>): ParseResult<z.infer<S>> {
  const raw: Record<string, unknown> = {};
  if (form instanceof FormData) {
    for (const [key, value] of form.entries()) {
      raw[key] = typeof value === "string" ? value : value;
    }
  } else {
    Object.assign(raw, form);
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_form";
    if (!fieldErrors[key]) fieldErrors[key] = issue.message.startsWith("form.") ? issue.message : "form.invalid";
  }
  return { ok: false, fieldErrors };
}
