import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { ROLES, navFor, type Role } from "~/core/access";
import { translate } from "~/i18n/i18n";
import { createUser } from "~/models/user.server";
import { User } from "~/models/user.server";
import { launchBrowser, logIn, seriousA11yViolations } from "../support/browser";
import { useAppDatabase } from "../support/e2e-db";

const { baseUrl } = useAppDatabase();
let browser: Browser;
const accounts = {} as Record<Role, { username: string; password: string }>;
const tag = randomBytes(3).toString("hex");

beforeAll(async () => {
  browser = await launchBrowser();
  for (const role of ROLES) {
    const username = `e2e-${role}-${tag}`.replace(/_/g, "-");
    const password = `pw-${randomBytes(8).toString("hex")}`;
    await createUser({ username, displayName: `測試 ${role}`, role, password });
    accounts[role] = { username, password };
  }
});

afterAll(async () => {
  await browser?.close();
  await User.deleteMany({ username: { $in: Object.values(accounts).map((a) => a.username) } });
});

describe("the shell per role", () => {
  for (const role of ROLES) {
    it(`${role} sees exactly their navigation, in zh-Hant`, async () => {
      const page = await browser.newPage();
      await logIn(page, baseUrl(), accounts[role].username, accounts[role].password);
      expect(await page.getAttribute("html", "lang")).toBe("zh-Hant");
      const links = await page.locator("nav.sidenav a").allTextContents();
      expect(links).toEqual(navFor(role).map((n) => translate("zh-Hant", n.labelKey)));
      await page.close();
    });
  }

  it("answers a denied page with a translated 403 and a reference id", async () => {
    const page = await browser.newPage();
    await logIn(page, baseUrl(), accounts.officer.username, accounts.officer.password);
    const res = await page.goto(`${baseUrl()}/admin/users`);
    expect(res!.status()).toBe(403);
    await expect(page.locator("main#main").textContent()).resolves.toContain(translate("zh-Hant", "error.forbidden"));
    expect(await page.locator("main#main").textContent()).toMatch(/參考編號：[0-9a-f]{8}/);
    expect(await page.content()).not.toMatch(/at .*\.(ts|js):\d+/);
    await page.close();
  });

  it("sends anonymous visitors to the login page, in the browser's language", async () => {
    const page = await browser.newPage({ locale: "zh-TW" });
    await page.goto(`${baseUrl()}/cases`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.locator("[role=status]").textContent()).toBe(translate("zh-Hant", "login.required"));
    await page.close();
    const english = await browser.newPage({ locale: "en-GB" });
    await english.goto(`${baseUrl()}/cases`);
    expect(await english.locator("[role=status]").textContent()).toBe(translate("en", "login.required"));
    await english.close();
  });

  it("shows a translated error for a wrong password", async () => {
    const page = await browser.newPage({ locale: "zh-TW" });
    await page.goto(`${baseUrl()}/login`);
    await page.locator('form.stack input[name="username"]').fill(accounts.officer.username);
    await page.locator('form.stack input[name="password"]').fill("definitely-wrong");
    await page.locator("form.stack button[type=submit]").click();
    await expect(page.locator("#login-error").textContent()).resolves.toBe(translate("zh-Hant", "login.failed"));
    await page.close();
  });

  it("switches language and remembers it for the user", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, baseUrl(), accounts.supervisor.username, accounts.supervisor.password);
    await page.selectOption("#language-select", "en");
    await Promise.all([page.waitForLoadState("load"), page.locator(".language-switcher button").click()]);
    await page.waitForFunction(() => document.documentElement.lang === "en");
    expect(await page.locator("nav.sidenav a").first().textContent()).toBe("Dashboard");
    const fresh = await browser.newContext();
    const again = await fresh.newPage();
    await logIn(again, baseUrl(), accounts.supervisor.username, accounts.supervisor.password);
    expect(await again.getAttribute("html", "lang")).toBe("en");
    await page.selectOption("#language-select", "zh-Hans");
    await Promise.all([page.waitForLoadState("load"), page.locator(".language-switcher button").click()]);
    await page.waitForFunction(() => document.documentElement.lang === "zh-Hans");
    expect(await page.locator("nav.sidenav a").first().textContent()).toBe("工作台");
    expect(await page.locator("h1").textContent()).toBe(translate("zh-Hans", "dashboard.title"));
    await context.close();
    await fresh.close();
  });

  it("has no serious accessibility violations on the main pages", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl()}/login`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await logIn(page, baseUrl(), accounts.admin.username, accounts.admin.password);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${baseUrl()}/admin/users`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });
});

describe("HTTP edges of the real server", () => {
  it("reports health as JSON with database and worker liveness", async () => {
    const res = await fetch(`${baseUrl()}/healthz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.database).toBe("ok");
    expect(body.workers.live).toBeGreaterThanOrEqual(1);
  });

  it("refuses oversize bodies with a translated message and creates nothing", async () => {
    const before = await User.countDocuments();
    const res = await fetch(`${baseUrl()}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
      body: `username=${"a".repeat(2_000_000)}&password=x`,
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe(translate("en", "error.tooLarge"));
    expect(await User.countDocuments()).toBe(before);
  });

  it("shows a translated 404", async () => {
    const res = await fetch(`${baseUrl()}/no-such-page`, { headers: { "Accept-Language": "zh-CN" } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(translate("zh-Hans", "error.notFound"));
  });
});
