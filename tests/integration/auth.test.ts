import { describe, expect, it } from "vitest";
import mongoose from "mongoose";
import { useTestDatabase } from "../setup/test-db";
import { call, get, post, staff } from "../support/requests";
import * as login from "~/routes/login";
import * as logout from "~/routes/logout";
import * as dashboard from "~/routes/dashboard";
import * as language from "~/routes/settings.language";
import * as users from "~/routes/admin.users._index";
import * as userDetail from "~/routes/admin.users.$userId";
import { Session } from "~/models/session.server";
import { User, getUserById } from "~/models/user.server";
import { AuditEvent } from "~/models/audit.server";
import { createSession } from "~/models/session.server";
import { sessionCookieHeader } from "~/services/auth.server";

useTestDatabase();

async function json(res: Response) {
  return JSON.parse(await res.text());
}

describe("the database is real", () => {
  it("talks to a MongoDB wire-protocol server and enforces unique indexes", async () => {
    const info = await mongoose.connection.db!.admin().command({ buildInfo: 1 });
    expect(typeof info.version).toBe("string");
    const a = await staff("officer");
    await expect(
      User.create({ username: a.user.username, displayName: "x", role: "officer", passwordHash: "x" }),
    ).rejects.toThrow(/duplicate key|E11000/);
  });
});

describe("login", () => {
  it("starts a session with an HttpOnly, SameSite=Lax cookie for the right password", async () => {
    const s = await staff("officer");
    const before = await Session.countDocuments({ userId: s.user.id });
    const res = await call(login.action, post("/login", { username: s.user.username, password: s.password }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/dashboard");
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/suji_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(await Session.countDocuments({ userId: s.user.id })).toBe(before + 1);
    const page = await call(dashboard.loader, get("/dashboard", cookie.split(";")[0]));
    expect(page.status).toBe(200);
    expect((await json(page)).user.username).toBe(s.user.username);
  });

  it("refuses a wrong password with a translated message and creates no session", async () => {
    const s = await staff("officer");
    const sessions = await Session.countDocuments();
    const res = await call(login.action, post("/login", { username: s.user.username, password: "wrong-password" }));
    expect(res.status).toBe(401);
    expect((await json(res)).formError).toBe("login.failed");
    expect(await Session.countDocuments()).toBe(sessions);
    expect(await AuditEvent.countDocuments({ action: "login", outcome: "failed", entityId: s.user.username })).toBe(1);
  });

  it("answers malformed posts with field errors and changes nothing", async () => {
    const sessions = await Session.countDocuments();
    const empty = await call(login.action, post("/login", {}));
    expect(empty.status).toBe(400);
    expect((await json(empty)).fieldErrors).toEqual({ username: "form.required", password: "form.required" });
    const huge = await call(login.action, post("/login", { username: "u".repeat(5000), password: "p" }));
    expect(huge.status).toBe(400);
    expect((await json(huge)).fieldErrors.username).toBe("form.tooLong");
    const injection = await call(login.action, post("/login", { username: '{"$ne":null}', password: '{"$ne":null}' }));
    expect(injection.status).toBe(401);
    expect(await Session.countDocuments()).toBe(sessions);
  });

  it("throttles repeated failures even when the password is then right", async () => {
    const s = await staff("archivist");
    const headers = { "x-suji-client-ip": "10.9.9.9" };
    for (let i = 0; i < 5; i++) {
      const r = await call(login.action, post("/login", { username: s.user.username, password: "nope-nope" }, undefined, headers));
      expect(r.status).toBe(401);
    }
    const blocked = await call(login.action, post("/login", { username: s.user.username, password: s.password }, undefined, headers));
    expect(blocked.status).toBe(429);
    const body = await json(blocked);
    expect(body.formError).toBe("login.throttled");
    expect(body.minutes).toBeGreaterThan(0);
  });

  it("never redirects off-site after login", async () => {
    const s = await staff("officer");
    const res = await call(
      login.action,
      post("/login", { username: s.user.username, password: s.password, redirectTo: "//evil.example/x" }),
    );
    expect(res.headers.get("Location")).toBe("/dashboard");
  });
});

describe("sessions", () => {
  it("treats a forged cookie as no session and says so", async () => {
    const s = await staff("officer");
    const [name, value] = s.cookie.split("=");
    const forged = `${name}=${value.slice(0, -3)}abc`;
    const res = await call(dashboard.loader, get("/dashboard", forged));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?reason=sessionInvalid/);
    const unsigned = await call(dashboard.loader, get("/dashboard", `suji_session=${encodeURIComponent(btoa('"abc"'))}`));
    expect(unsigned.headers.get("Location")).toMatch(/reason=sessionInvalid/);
  });

  it("revokes the session at logout", async () => {
    const s = await staff("supervisor");
    expect((await call(dashboard.loader, get("/dashboard", s.cookie))).status).toBe(200);
    const out = await call(logout.action, post("/logout", {}, s.cookie));
    expect(out.status).toBe(302);
    expect(out.headers.get("Set-Cookie")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    const after = await call(dashboard.loader, get("/dashboard", s.cookie));
    expect(after.headers.get("Location")).toMatch(/reason=sessionInvalid/);
  });

  it("rejects expired sessions", async () => {
    const s = await staff("officer");
    const token = await createSession(s.user.id, -1);
    const res = await call(dashboard.loader, get("/dashboard", await sessionCookieHeader(token)));
    expect(res.headers.get("Location")).toMatch(/reason=sessionInvalid/);
  });
});

describe("language", () => {
  it("remembers a valid choice per user", async () => {
    const s = await staff("officer");
    const res = await call(language.action, post("/settings/language", { language: "en", redirectTo: "/cases" }, s.cookie));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/cases");
    expect((await getUserById(s.user.id))!.language).toBe("en");
  });

  it("refuses unknown language codes and keeps the setting", async () => {
    const s = await staff("officer");
    for (const code of ["fr", "zh-TW", "", "<script>"]) {
      const res = await call(language.action, post("/settings/language", { language: code }, s.cookie));
      expect(res.status).toBe(400);
      expect((await json(res)).messageKey).toBe("form.unknownLanguage");
    }
    expect((await getUserById(s.user.id))!.language).toBe("zh-Hant");
  });
});

describe("account administration", () => {
  it("lets an admin create an account and refuses a duplicate", async () => {
    const admin = await staff("admin");
    const fields = { username: "new.officer", displayName: "新警員", role: "officer", password: "a-long-password-1" };
    const ok = await call(users.action, post("/admin/users", fields, admin.cookie));
    expect(ok.status).toBe(200);
    expect((await json(ok)).created).toBe("new.officer");
    const dup = await call(users.action, post("/admin/users", fields, admin.cookie));
    expect(dup.status).toBe(409);
    expect(await User.countDocuments({ username: "new.officer" })).toBe(1);
  });

  it("refuses account creation to other roles and records the denial", async () => {
    const officer = await staff("officer");
    const res = await call(users.action, post("/admin/users", { username: "sneaky", displayName: "x", role: "admin", password: "a-long-password-1" }, officer.cookie));
    expect(res.status).toBe(403);
    expect(await User.countDocuments({ username: "sneaky" })).toBe(0);
    expect(await AuditEvent.countDocuments({ actorId: officer.user.id, outcome: "denied" })).toBe(1);
  });

  it("resets a password and revokes the user's sessions", async () => {
    const admin = await staff("admin");
    const target = await staff("officer");
    const res = await call(userDetail.action, post(`/admin/users/${target.user.id}`, { password: "another-long-pass" }, admin.cookie), { userId: target.user.id });
    expect(res.status).toBe(200);
    expect((await call(dashboard.loader, get("/dashboard", target.cookie))).status).toBe(302);
    const relog = await call(login.action, post("/login", { username: target.user.username, password: "another-long-pass" }));
    expect(relog.status).toBe(302);
  });

  it("gives 404 for unknown or forged user ids", async () => {
    const admin = await staff("admin");
    for (const id of ["000000000000000000000000", "not-an-id", "{$gt:0}"]) {
      const res = await call(userDetail.loader, get(`/admin/users/${id}`, admin.cookie), { userId: id });
      expect(res.status).toBe(404);
    }
  });
});
