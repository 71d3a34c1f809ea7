import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { translate } from "~/i18n/i18n";
import { createUser } from "~/models/user.server";
import { Archive } from "~/models/archive.server";
import { launchBrowser, logIn, seriousA11yViolations } from "../support/browser";
import { useAppDatabase } from "../support/e2e-db";
import { groundTruth, seedReadPage } from "../support/seed-pages";

const { baseUrl } = useAppDatabase();
let browser: Browser;
const tag = randomBytes(3).toString("hex");
const officer = { username: `e2e-search-${tag}`, password: `pw-${randomBytes(8).toString("hex")}` };

beforeAll(async () => {
  browser = await launchBrowser();
  await createUser({ ...officer, displayName: "查詢警員", role: "officer" });
  const archivist = await createUser({ username: `e2e-arch-${tag}`, password: officer.password, displayName: "檔案員", role: "archivist" });
  const archive = await Archive.create({ name: `e2e-search-${tag}`, institution: "t", place: "t", period: "t", office: "demo-office" });
  for (const id of ["card-03-trad-print-skewed", "ledger-03-simp-print-skewed"]) await seedReadPage(id, String(archive._id), archivist.id);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe("an officer searching the archive", () => {
  it("sees ranked candidates with the contribution chart and the scan crop, and opens the page", async () => {
    const person = groundTruth("card-03-trad-print-skewed").people[0];
    const page = await browser.newPage();
    await logIn(page, baseUrl(), officer.username, officer.password);
    await page.goto(`${baseUrl()}/search`);
    await page.locator('input[name="name"]').fill(person.fullNameSimplified);
    await page.locator('input[name="birthDate"]').fill(person.birthDate);
    await Promise.all([page.waitForURL(/name=/), page.locator(".search-form button[type=submit]").click()]);
    const first = page.locator("article.candidate").first();
    await first.waitFor();
    expect(await first.locator(".probability").textContent()).toMatch(/\d+(\.\d)?%/);
    const bars = await first.locator("svg.waterfall rect").count();
    expect(bars).toBeGreaterThanOrEqual(4);
    const crop = first.locator("img.crop");
    await crop.waitFor();
    await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 50, await crop.elementHandle());
    expect(await seriousA11yViolations(page)).toEqual([]);
    await Promise.all([page.waitForURL(/\/pages\//), first.locator("a", { hasText: translate("zh-Hant", "search.openPage", { n: 1 }) }).click()]);
    await page.locator(".page-viewer svg rect").first().waitFor();
    expect(await page.locator(".ocr-lines li").count()).toBeGreaterThan(5);
    await page.close();
  });

  it("says plainly when nobody matches", async () => {
    const page = await browser.newPage();
    await logIn(page, baseUrl(), officer.username, officer.password);
    await page.goto(`${baseUrl()}/search?name=${encodeURIComponent("諸葛無名")}&birthDate=1901-01-01`);
    expect(await page.locator("#no-candidates").textContent()).toBe(translate("zh-Hant", "search.none"));
    await page.close();
  });
});
