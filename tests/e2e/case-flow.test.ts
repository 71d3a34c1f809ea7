import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { translate } from "~/i18n/i18n";
import { createUser, User } from "~/models/user.server";
import { Case, getCaseIdByNumber } from "~/models/case.server";
import { acceptCandidate } from "~/services/case-evidence.server";
import { openCase } from "~/services/case-intake.server";
import { fireTransition } from "~/services/case-workflow.server";
import { launchBrowser, logIn, seriousA11yViolations } from "../support/browser";
import { useAppDatabase } from "../support/e2e-db";

const { baseUrl } = useAppDatabase();
const root = resolve(import.meta.dirname, "../..");
const tag = randomBytes(3).toString("hex");
const tr = (key: string, vars?: Record<string, unknown>) => translate("zh-Hant", key, vars);
let browser: Browser;
const people = {} as Record<"officer" | "supervisor" | "community", { id: string; username: string; password: string }>;
const createdCases: string[] = [];

// A small real PNG (1×1 grey).
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b550000000a4944415478da63600000000200015e3b0b0a0000000049454e44ae426082", "hex");

beforeAll(async () => {
  browser = await launchBrowser();
  for (const [key, role] of [["officer", "officer"], ["supervisor", "supervisor"], ["community", "community_officer"]] as const) {
    const username = `e2e-case-${key}-${tag}`;
    const password = `pw-${randomBytes(8).toString("hex")}`;
    const user = await createUser({ username, displayName: `測試${key}${tag}`, role, password });
    people[key] = { id: user.id, username, password };
  }
});

afterAll(async () => {
  await browser?.close();
  await User.deleteMany({ username: { $in: Object.values(people).map((p) => p.username) } });
});

async function session(who: keyof typeof people): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await logIn(page, baseUrl(), people[who].username, people[who].password);
  return page;
}

async function fire(page: Page, transition: string, reason = "") {
  const form = page.locator(`form[data-transition="${transition}"]`);
  if (reason) await form.locator("textarea[name=reason]").fill(reason);
  await form.locator("button[type=submit]").click();
  const done = tr("caseFlow.done", { transition: tr(`caseFlow.transition.${transition}`) });
  await page.locator("#case-action-done", { hasText: done }).waitFor();
  await settled(page);
}

/** Remix shows an action's result while it reloads the page data; wait for the reload. */
async function settled(page: Page) {
  await page.locator('.case-page[data-state="idle"]').waitFor();
}

function cli(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, "bin/suji"), ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", fail);
    child.on("exit", (code) => done({ code: code ?? 1, out }));
  });
}

describe("a whole re-registration case in the browser", () => {
  it("goes from intake to a verified evidence bundle", async () => {
    // Intake, by the officer.
    const officer = await session("officer");
    await officer.goto(`${baseUrl()}/cases`);
    await officer.locator(`a[href="/cases/new"]`).click();
    await officer.waitForURL(/\/cases\/new$/);
    const form = officer.locator("#intake-form");
    await form.locator("select[name=purpose]").selectOption("pension");
    await form.locator("input[name=name]").fill("陳林秀英");
    await form.locator("select[name=sex]").selectOption("female");
    await form.locator("input[name=birthDate]").fill("1956-03-12");
    await form.locator("input[name=address]").fill("城關鎮東街12號");
    await form.locator("input[name=formerNames]").fill("林秀英");
    await form.locator("input[name=phone]").fill("0912345678");
    await form.locator("button[type=submit]").click();
    const code = await officer.locator("#access-code").textContent();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const created = await officer.locator("#case-created").textContent();
    const number = /SJ-\d{4}-\d{6}/.exec(created ?? "")![0];
    const caseId = (await getCaseIdByNumber(number))!;
    createdCases.push(caseId);
    await officer.locator("#open-case").click();
    await officer.waitForURL(new RegExp(`/cases/${caseId}$`));
    await officer.locator("h1", { hasText: number }).waitFor();
    expect(await officer.locator("#log-status").getAttribute("data-ok")).toBe("true");
    expect(await officer.locator("#checklist tr[data-material=pension_record]").count()).toBe(1);
    expect(await seriousA11yViolations(officer)).toEqual([]);

    // What the resident brought.
    const upload = officer.locator("#upload-document");
    await upload.locator("select[name=materialId]").selectOption("identity_document");
    await upload.locator("input[name=file]").setInputFiles({ name: "old-id.png", mimeType: "image/png", buffer: PNG });
    await upload.locator("button[type=submit]").click();
    await officer.locator("#case-action-done", { hasText: tr("evidence.upload.done") }).waitFor();
    await settled(officer);
    expect(await officer.locator("#checklist tr[data-material=identity_document]").textContent()).toContain(tr("requirements.brought"));

    await fire(officer, "start_search");
    await officer.locator("#case-status", { hasText: tr("caseFlow.state.searching") }).waitFor({ timeout: 5000 });

    // Search: the link leads to the archive search for this case; the candidate is accepted through the service the search page calls.
    await officer.locator("#search-link").click();
    await officer.waitForURL(new RegExp(`/search\\?case=${caseId}`));
    await officer.locator("h1", { hasText: tr("search.title") }).waitFor();
    await acceptCandidate(
      caseId,
      { entryId: `${"ab".repeat(32)}:7#0`, probability: 0.964, explanation: { name: "exact", birthDate: "exact" }, fields: { name: "陈林秀英", birthDate: "一九五六年三月十二日" }, scanSha256: "ab".repeat(32), pageNumber: 7, crop: PNG },
      { id: people.officer.id, role: "officer", office: "demo-office" },
      "姓名與出生日期與登記表相符",
    );
    await officer.goto(`${baseUrl()}/cases/${caseId}`);
    expect(await officer.locator("li[data-kind=archive_match][data-status=accepted]").count()).toBe(1);

    // Field check, assigned to the community officer.
    const assign = officer.locator("#assign-task");
    await assign.locator("select[name=assignedTo]").selectOption(people.community.id);
    await assign.locator("textarea[name=instructions]").fill("請走訪東街12號，向鄰居確認申請人的居住情形。");
    await assign.locator("button[type=submit]").click();
    await officer.locator("#case-action-done", { hasText: tr("fieldTask.assign.done") }).waitFor();
    await settled(officer);

    const community = await session("community");
    await community.goto(`${baseUrl()}/tasks`);
    await community.locator(`text=${number}`).click();
    await community.waitForURL(/\/tasks\/[0-9a-f]{24}$/);
    await community.locator("#report-form").waitFor();
    expect(await community.locator("#task-instructions").textContent()).toContain("東街12號");
    const report = community.locator("#report-form");
    await report.locator("select[name=outcome]").selectOption("confirmed");
    await report.locator("textarea[name=report]").fill("鄰居王阿姨證實申請人自幼住在東街12號。");
    await report.locator("input[name=confirms][value=address]").check();
    await report.locator("button[type=submit]").click();
    await expect(community.locator("#case-action-done").textContent()).resolves.toBe(tr("fieldTask.page.done"));
    const denied = await community.goto(`${baseUrl()}/cases/${caseId}`);
    expect(denied!.status()).toBe(403);

    // Review and submission.
    await officer.reload();
    expect(await officer.locator("li[data-kind=field_report]").count()).toBe(1);
    await fire(officer, "begin_review");
    await fire(officer, "submit", "證據齊全，送請審批");
    await officer.locator("#case-status", { hasText: tr("caseFlow.state.awaiting_approval") }).waitFor({ timeout: 5000 });
    expect(await officer.locator('form[data-transition="approve"]').count()).toBe(0);

    // Approval by the supervisor.
    const supervisor = await session("supervisor");
    await supervisor.goto(`${baseUrl()}/approvals`);
    await supervisor.locator(`tr[data-case="${number}"] a`).click();
    await supervisor.waitForURL(new RegExp(`/cases/${caseId}$`));
    await supervisor.locator("h1", { hasText: number }).waitFor();
    await fire(supervisor, "approve", "證據充分，同意補錄");
    await supervisor.locator("#case-status", { hasText: tr("caseFlow.state.approved") }).waitFor({ timeout: 5000 });

    // The record, with each field linked to its evidence.
    await supervisor.locator("#record-link").click();
    await supervisor.waitForURL(/\/record$/);
    await supervisor.locator("h1", { hasText: tr("record.title") }).waitFor();
    expect(await supervisor.locator('tr[data-field="birthDate"] li[data-evidence]').count()).toBe(1);
    expect(await supervisor.locator('tr[data-field="address"] li[data-evidence]').count()).toBe(1);
    expect(await seriousA11yViolations(supervisor)).toEqual([]);

    // Registered and closed by the officer, then the bundle.
    await officer.reload();
    await fire(officer, "register");
    await fire(officer, "close");
    await officer.locator("#case-status", { hasText: tr("caseFlow.state.closed") }).waitFor({ timeout: 5000 });
    expect(await officer.locator("#log-status").getAttribute("data-ok")).toBe("true");
    const [download] = await Promise.all([officer.waitForEvent("download"), officer.locator("#export-bundle").click()]);
    const file = join(mkdtempSync(join(tmpdir(), "suji-e2e-bundle-")), download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toBe(`suji-evidence-${number}.zip`);

    const keyFile = resolve(inject("appDataDir"), "office-signing-key.pem");
    const { code: exit, out } = await cli(["verify-bundle", file, ...(existsSync(keyFile) ? ["--key", keyFile] : [])]);
    expect(out).toContain("OK");
    expect(out).toContain(number);
    expect(exit).toBe(0);
    for (const p of [officer, community, supervisor]) await p.context().close();
  });

  it("shows a case past its stage limit as overdue to the officer and the supervisor", async () => {
    const actor = { id: people.officer.id, role: "officer" as const, office: "demo-office" };
    const { caseId, number } = await openCase({ caseType: "lost_record", purpose: "school", preferredLanguage: "zh-Hant", personal: { name: "逾期測試" } }, actor);
    createdCases.push(caseId);
    await fireTransition(caseId, "start_search", actor, null);
    await Case.updateOne({ _id: caseId }, { $set: { stageEnteredAt: new Date(Date.now() - 30 * 86400_000) } });

    const officer = await session("officer");
    await officer.goto(`${baseUrl()}/cases`);
    expect(await officer.locator(`tr[data-case="${number}"] .badge.overdue`).textContent()).toContain(tr("caseFlow.list.overdue"));
    await officer.goto(`${baseUrl()}/cases/${caseId}`);
    expect(await officer.locator("#case-clock").getAttribute("data-overdue")).toBe("true");

    const supervisor = await session("supervisor");
    await supervisor.goto(`${baseUrl()}/cases`);
    expect(await supervisor.locator(`tr[data-case="${number}"] .badge.overdue`).count()).toBe(1);
    await supervisor.goto(`${baseUrl()}/approvals`);
    expect(await supervisor.locator(`#overdue-heading`).count()).toBe(1);
    expect(await supervisor.locator(`tr[data-case="${number}"] .badge.overdue`).count()).toBe(1);
    await officer.context().close();
    await supervisor.context().close();
  });
});
