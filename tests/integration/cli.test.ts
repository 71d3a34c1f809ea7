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
import { Entry, EntryIndex, replacePageEntries } from "~/models/entry.server";
import { loadMatchIndex, reprepareIndexDocument } from "~/services/match-index.server";
import { PREPARE_VERSION, prepareEntry } from "~/core/match";

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

  it("prepares entries stored by an older matching version again: in the index at once, and for good with reindex", { timeout: 120_000 }, async () => {
    // An entry stored before matching read dates with one unread digit: its record has no birth date and no date keys.
    const archive = (await Archive.findOne({ name: archiveName }).lean<{ _id: unknown }>())!;
    const page = { id: "reindex-page", scanSha: "1".repeat(64), archiveId: String(archive._id), pageNumber: 7 };
    const fields = {
      name: { value: "李誉氏", raw: "李譽氏", confidence: 0.97, status: "ok" },
      sex: { value: "female", raw: "女", confidence: 0.99, status: "ok" },
      birthDate: { value: null, raw: "一九人七年十月四日", confidence: 0.97, status: "unreadable" },
    };
    const current = prepareEntry({ id: `${page.id}#0`, fields: fields as never });
    const { birthDate: _dropped, ...old } = current;
    const stale = { ...old, version: 1, keys: current.keys.filter((k) => !/^(bd|by|sn\+by):/.test(k)) };
    await replacePageEntries(page, [{ index: 0, kind: "household-ledger", fields, box: null, matchKeys: stale.keys, prepared: stale }]);
    const query = { name: "誉素珍", sex: "女", birthDate: "1907-10-04" };

    // Loading the index prepares the stale record again: the entry is found by the date it may be.
    const index = await loadMatchIndex();
    expect(index.entries.get(`${page.id}#0`)!.prepared.version).toBe(PREPARE_VERSION);
    const hit = index.search(query, { threshold: 0 }).results.find((r) => r.entryId === `${page.id}#0`);
    expect(hit?.levels.find((l) => l.field === "birthDate")?.detail).toBe("digit-unreadable");

    const first = await suji(["reindex"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/(\d+) entries checked, 1 prepared again/);
    const packed = JSON.parse((await EntryIndex.findById(`${page.id}#0`).lean<{ packed: string }>())!.packed);
    expect(packed.prepared.version).toBe(PREPARE_VERSION);
    expect(packed.prepared.keys).toContain("bd:19071004");
    expect((await Entry.findById(`${page.id}#0`).lean<{ matchKeys: string[] }>())!.matchKeys).toContain("bd:19071004");
    // Safe to repeat: nothing is stale any more.
    const again = await suji(["reindex"]);
    expect(again.stdout).toMatch(/entries checked, 0 prepared again/);

    // A stale document read, then the page extracted again before the rewrite: the newer record stays.
    await replacePageEntries(page, [{ index: 0, kind: "household-ledger", fields, box: null, matchKeys: stale.keys, prepared: stale }]);
    const read = (await EntryIndex.findById(`${page.id}#0`).lean<{ _id: string; packed: string }>())!;
    const newer = { ...fields, birthDate: { value: "1907-10-04", raw: "一九〇七年十月四日", confidence: 0.97, status: "ok" } };
    const newerPrepared = prepareEntry({ id: `${page.id}#0`, fields: newer as never });
    await replacePageEntries(page, [{ index: 0, kind: "household-ledger", fields: newer, box: null, matchKeys: newerPrepared.keys, prepared: newerPrepared }]);
    expect(await reprepareIndexDocument(read)).toBe(false);
    const kept = JSON.parse((await EntryIndex.findById(`${page.id}#0`).lean<{ packed: string }>())!.packed);
    expect(kept.fields.birthDate.status).toBe("ok");
    expect(kept.prepared.birthDate.digitUnread).toBeUndefined();
    await replacePageEntries(page, []);
  });
});
