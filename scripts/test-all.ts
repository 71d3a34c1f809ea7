/**
 * `npm test`: every test, from a fresh clone. Checks the tools the tests
 * need (Chromium for browser tests, Go for the embedded database), installs
 * Chromium through apt when run as root, type-checks, then runs the unit,
 * integration and browser projects and prints one summary line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensurePpocrModels } from "../workers/ocr/ppocr-models";

const root = resolve(import.meta.dirname, "..");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function sh(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: opts.env ?? process.env }).status ?? 1;
}

function need(ok: boolean, message: string) {
  if (!ok) {
    console.error(`[test] ${message}`);
    process.exit(2);
  }
}

// Fonts for the page generator's rendering tests (bench/generator/README.md).
const FONT_PACKAGES = ["fonts-noto-cjk", "fonts-arphic-ukai", "fonts-arphic-uming", "fonts-lxgw-wenkai"];
const extraPackages = [...FONT_PACKAGES, ...(process.env.SUJI_APT_PACKAGES ?? "").split(/\s+/).filter(Boolean)];
const missingApt = [
  ...(existsSync(chromium) ? [] : ["chromium"]),
  ...extraPackages.filter((p) => spawnSync("dpkg", ["-s", p], { stdio: "ignore" }).status !== 0),
];
if (missingApt.length > 0) {
  if (process.getuid?.() === 0) {
    console.log(`[test] installing ${missingApt.join(" ")} with apt-get…`);
    sh("apt-get", ["update", "-qq"]);
    need(
      sh("apt-get", ["install", "-y", "-qq", ...missingApt], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }) === 0,
      `apt-get install ${missingApt.join(" ")} failed`,
    );
  } else {
    need(false, `Tests need these Debian packages: run \`sudo apt-get install ${missingApt.join(" ")}\` (Chromium path: CHROMIUM_PATH).`);
  }
}
if (!process.env.TEST_MONGODB_URI) {
  need(
    spawnSync("go", ["version"], { stdio: "ignore" }).status === 0,
    "The embedded test database is built with Go, which is not on PATH: install Go >= 1.22 " +
      "(apt-get install golang), or set TEST_MONGODB_URI to a MongoDB 7/8 server for the tests.",
  );
}

// The OCR tests read with the PP-OCRv5 models: fetch them once, here, rather than in a test.
try {
  await ensurePpocrModels({ log: (line) => console.log(`[test] ${line}`) });
} catch (error) {
  need(false, error instanceof Error ? error.message : String(error));
}

console.log("[test] type-checking…");
need(sh(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "--noEmit"]) === 0, "type errors (see above)");

mkdirSync(join(root, "test-results"), { recursive: true });
const report = join(root, "test-results/vitest.json");
const status = sh(process.execPath, [
  join(root, "node_modules/vitest/vitest.mjs"),
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  if (r.numTotalTests === 0) process.exit(1);
}
process.exit(status);
