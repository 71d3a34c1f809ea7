import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/test-db";
import { staff } from "../support/requests";
import { groundTruth, seedReadPage } from "../support/seed-pages";
import { Archive } from "~/models/archive.server";

const db = useTestDatabase();
const root = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
let archiveName: string;

async function suji(args: string[]) {
  try {
    const { stdout, stderr } = await run(join(root, "bin/suji"), args, { cwd: root, env: { ...process.env, MONGODB_URI: db.uri }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    return { code: error.code as number, stdout: error.stdout as string, stderr: error.stderr as string };
  }
}

beforeAll(async () => {
  const archivist = await staff("archivist");
  archiveName = `cli-${Date.now()}`;
  const a = await Archive.create({ name: archiveName, institution: "t", place: "t", period: "t", office: "demo-office" });
  for (const id of ["card-05-trad-print-aged", "ledger-05-simp-print-aged"]) await seedReadPage(id, String(a._id), archivist.user.id);
}, 120_000);

describe("the command line", () => {
  it("matches JSON-lines queries, reporting bad lines by number and running the rest", { timeout: 120_000 }, async () => {
    const person = groundTruth("card-05-trad-print-aged").people[0];
    const dir = mkdtempSync(join(tmpdir(), "suji-cli-"));
    const input = join(dir, "queries.jsonl");
    writeFileSync(
      input,
      [
        JSON.stringify({ id: "present", name: person.fullNameSimplified, birthDate: person.birthDate }),
        "{not json",
        JSON.stringify({ id: "bad", name: 42 }),
        JSON.stringify({ id: "absent", name: "歐陽無此人", birthDate: "1899-01-01" }),
        "",
      ].join("\n"),
    );
    const { code, stdout, stderr } = await suji(["match", "--input", input, "--top", "3", "--json"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/line 2: not valid JSON/);
    expect(stderr).toMatch(/line 3: name:/);
    const out = stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(["present", "absent"]);
    expect(out[0].candidates.length).toBeGreaterThan(0);
    const c = out[0].candidates[0];
    expect(Object.keys(c).sort()).toEqual(["entryId", "explanation", "fields", "pageNumber", "probability", "scanSha256"]);
    expect(c.scanSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out[1].candidates).toEqual([]);
  });

  it("exports entries and pages as JSON lines", { timeout: 120_000 }, async () => {
    const entries = await suji(["entries", "--archive", archiveName, "--json"]);
    expect(entries.code).toBe(0);
    const rows = entries.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0].fields.name).toHaveProperty("raw");
    expect(rows[0].fields.name).toHaveProperty("confidence");
    const pages = await suji(["pages", "--archive", archiveName, "--json"]);
    const lines = pages.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].displayedText.length).toBeGreaterThan(20);
    expect(lines[0].engines[0]).toHaveProperty("confidence");
    const unknown = await suji(["pages", "--archive", "no-such-archive"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no archive named "no-such-archive"');
  });
});
