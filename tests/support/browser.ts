import { chromium, type Browser, type Page } from "playwright-core";
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run \`apt-get install chromium\` (npm test does this when run as root).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}

export async function logIn(page: Page, baseUrl: string, username: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.locator('form.stack input[name="username"]').fill(username);
  await page.locator('form.stack input[name="password"]').fill(password);
  await Promise.all([page.waitForURL(/\/dashboard/), page.locator("form.stack button[type=submit]").click()]);
  await page.locator("nav.sidenav").waitFor();
}

/** Runs axe-core in the page; returns serious and critical violations. */
export async function seriousA11yViolations(page: Page) {
  const { createRequire } = await import("node:module");
  const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    // @ts-expect-error injected global
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  });
  return (result as { id: string; impact: string; nodes: number; help: string }[]).filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
}
