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
