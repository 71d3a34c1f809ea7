import { z } from "zod";
import { ROLES } from "~/core/access";
import { LANGUAGES } from "~/i18n/languages";

/** Form schemas shared by the server actions and the client hints. */
export const LoginSchema = z.object({
  username: z.string({ error: "form.required" }).trim().min(1, "form.required").max(64, "form.tooLong"),
  password: z.string({ error: "form.required" }).min(1, "form.required").max(256, "form.tooLong"),
  redirectTo: z.string().max(500).optional(),
});

export const PASSWORD_MIN = 12;

export const NewUserSchema = z.object({
  username: z
    .string({ error: "form.required" })
    .trim()
    .regex(/^[A-Za-z0-9._-]{3,32}$/, "form.usernameFormat"),
  displayName: z.string({ error: "form.required" }).trim().min(1, "form.required").max(80, "form.tooLong"),
  role: z.enum(ROLES, { error: "form.unknownRole" }),
  password: z.string({ error: "form.required" }).min(PASSWORD_MIN, "form.passwordLength").max(256, "form.tooLong"),
});

export const ResetPasswordSchema = z.object({
  password: z.string({ error: "form.required" }).min(PASSWORD_MIN, "form.passwordLength").max(256, "form.tooLong"),
});

export const LanguageSchema = z.object({
  language: z.enum(LANGUAGES, { error: "form.unknownLanguage" }),
  redirectTo: z.string().max(500).optional(),
});

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "form.tooLong")
    .optional()
    .transform((v) => (v ? v : undefined));

/** What an officer or the CLI may ask the matching engine: any subset of a resident's details. */
export const MatchQuerySchema = z.object({
  id: z.string().max(100).optional(),
  name: optionalText(40),
  formerNames: z.array(z.string().trim().min(1).max(40)).max(10).optional(),
  sex: optionalText(10),
  birthDate: optionalText(40),
  birthPlace: optionalText(100),
  nativePlace: optionalText(100),
  address: optionalText(200),
  fatherName: optionalText(40),
  motherName: optionalText(40),
  spouseName: optionalText(40),
  idNumber: optionalText(30),
});
export type MatchQueryInput = z.infer<typeof MatchQuerySchema>;

export const SEARCH_FIELDS = ["name", "formerNames", "sex", "birthDate", "birthPlace", "nativePlace", "address", "fatherName", "motherName", "spouseName", "idNumber"] as const;

/** The search form: the same fields, former names typed as one list separated by commas. */
export function searchFormToQuery(params: URLSearchParams | FormData) {
  const raw: Record<string, unknown> = {};
  for (const f of SEARCH_FIELDS) {
    const v = params.get(f);
    if (typeof v !== "string" || !v.trim()) continue;
    raw[f] = f === "formerNames" ? v.split(/[,，、;；]/).map((x) => x.trim()).filter(Boolean) : v;
  }
  return MatchQuerySchema.safeParse(raw);
}
