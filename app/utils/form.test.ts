import { describe, expect, it } from "vitest";
import { parseForm } from "./form";
import { LanguageSchema, LoginSchema, NewUserSchema } from "./schemas";

function fd(entries: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
}

describe("form schemas", () => {
  it("reports missing login fields as catalog keys", () => {
    const r = parseForm(LoginSchema, fd({}));
    expect(r).toEqual({ ok: false, fieldErrors: { username: "form.required", password: "form.required" } });
  });

  it("rejects injection-shaped and oversized values", () => {
    const r = parseForm(NewUserSchema, fd({ username: '{"$gt":""}', displayName: "x", role: "admin", password: "p".repeat(12) }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors.username).toBe("form.usernameFormat");
    const long = parseForm(LoginSchema, fd({ username: "u".repeat(65), password: "x" }));
    expect(long.ok).toBe(false);
  });

  it("rejects unknown roles and languages", () => {
    const r = parseForm(NewUserSchema, fd({ username: "abc", displayName: "x", role: "root", password: "p".repeat(12) }));
    expect(!r.ok && r.fieldErrors.role).toBe("form.unknownRole");
    const l = parseForm(LanguageSchema, fd({ language: "klingon" }));
    expect(!l.ok && l.fieldErrors.language).toBe("form.unknownLanguage");
  });

  it("accepts a valid account", () => {
    const r = parseForm(NewUserSchema, fd({ username: "li.na", displayName: "李娜", role: "officer", password: "correct horse battery" }));
    expect(r).toEqual({ ok: true, data: { username: "li.na", displayName: "李娜", role: "officer", password: "correct horse battery" } });
  });
});
