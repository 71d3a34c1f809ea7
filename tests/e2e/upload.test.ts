import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { translate } from "~/i18n/i18n";
import { createUser } from "~/models/user.server";
import { Archive } from "~/models/archive.server";
import { launchBrowser, logIn } from "../support/browser";
import { useAppDatabase } from "../support/e2e-db";

const { baseUrl } = useAppDatabase();
let browser: Browser;
const tag = randomBytes(3).toString("hex");
const archivist = { username: `e2e-upload-${tag}`, password: `pw-${randomBytes(8).toString("hex")}` };
const archiveName = `e2e-upload-${tag}`;
const file = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

beforeAll(async () => {
  browser = await launchBrowser();
  await createUser({ ...archivist, displayName: "上傳檔案員", role: "archivist" });
  await Archive.create({ name: archiveName, institution: "t", place: "t", period: "t", office: "demo-office", languages: ["chi_sim"] });
});

afterAll(async () => {
  await browser?.close();
});

describe("an archivist uploading scans", () => {
  it("uploads, watches reading finish, corrects a line and sees its history", async () => {
    const page = await browser.newPage();
    await logIn(page, baseUrl(), archivist.username, archivist.password);
    await page.goto(`${baseUrl()}/archives/upload`);
    await page.selectOption('select[name="archiveId"]', { label: archiveName });
    await page.setInputFiles('input[name="files"]', [file("pages/card-02-simp-print-noisy.jpg"), file("bad-files/zip-disguised.png")]);
    await page.locator(".dropzone").getByText(translate("zh-Hant", "upload.selected", { count: 2 })).waitFor();
    await page.locator("form.stack button[type=submit]").click();
    const summary = page.locator("#batch-summary");
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toContain(translate("zh-Hant", "upload.summary", { stored: 1, duplicate: 0, rejected: 1 }));
    expect(await page.locator('tr[data-status="rejected"]').textContent()).toContain(translate("zh-Hant", "upload.reason.wrongType"));

    await Promise.all([page.waitForURL(/\/batches\//), summary.locator("a").click()]);
    await page.locator('#batch-state[data-done="yes"]').waitFor({ timeout: 240_000 });
    expect(await page.locator('[data-stage="extracted"] strong').textContent()).toBe("1");

    await Promise.all([page.waitForURL(/\/pages\//), page.locator("td a").first().click()]);
    await page.locator(".page-viewer svg rect").first().waitFor();
    const line = page.locator('.ocr-lines li[data-line="1"]');
    await line.locator('input[name="text"]').fill("常住人口登记表（已核对）");
    await Promise.all([page.waitForLoadState("networkidle"), line.locator("button").click()]);
    await page.locator(".notice.ok").getByText(translate("zh-Hant", "page.corrected")).waitFor();
    const corrected = page.locator('.ocr-lines li[data-line="1"]');
    await page.waitForFunction(
      () => document.querySelector('.ocr-lines li[data-line="1"] div[lang=zh]')?.textContent === "常住人口登记表（已核对）",
      undefined,
      { timeout: 15_000 },
    );
    const history = await corrected.locator(".history").textContent();
    expect(history).toContain(translate("zh-Hant", "page.original"));
    expect(history).toContain("v1 · 上傳檔案員");
    await page.close();
  });
});
