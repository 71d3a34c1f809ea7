import { spawn } from "node:child_process";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyBundle } from "~/core/evidence";
import { eventLines, readText, tamper, writeEventLines, writeText } from "~/core/evidence/test-fixtures";
import { canonicalJson } from "~/core/evidence";
import { getCaseById } from "~/models/case.server";
import { openCase } from "~/services/case-intake.server";
import { acceptCandidate, addResidentDocument, assignFieldTask, reportFieldTask } from "~/services/case-evidence.server";
import { fireTransition } from "~/services/case-workflow.server";
import { erasePersonalData } from "~/services/case-erasure.server";
import { exportBundle } from "~/services/case-bundle.server";
import { verifyCaseLog } from "~/services/evidence-log.server";
import { resetOfficeKeyCache } from "~/services/signing.server";
import type { Actor } from "~/services/case-access.server";
import { loader as casePage } from "~/routes/cases.$caseId._index";
import { useTestDatabase } from "../setup/test-db";
import { call, get, staff, type Staff } from "../support/requests";

const { uri } = useTestDatabase();

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "suji-bundle-test-"));
let keyFile: string;
let officer: Staff, supervisor: Staff, community: Staff;
const as = (s: Staff): Actor => ({ id: s.user.id, role: s.user.role, office: s.user.office });
const png = (n: number) => Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.from(`crop-${n}`)]);

beforeAll(async () => {
  const { privateKey } = generateKeyPairSync("ed25519");
  process.env.OFFICE_SIGNING_KEY = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  resetOfficeKeyCache();
  keyFile = join(dir, "office-public.pem");
  writeFileSync(keyFile, createPublicKey(privateKey).export({ type: "spki", format: "pem" }));
  officer = await staff("officer");
  supervisor = await staff("supervisor");
  community = await staff("community_officer");
});

/** Intake → search (candidate accepted) → field check → approval by another person → registered → closed. */
let n = 0;
async function closedCase() {
  const o = as(officer);
  const { caseId, number } = await openCase(
    { caseType: "lost_record", purpose: "pension", preferredLanguage: "zh-Hant", personal: { name: "陳林秀英", sex: "female", birthDate: "1956-03-12", address: "城關鎮東街12號", phone: "0912345678" } },
    o,
  );
  await addResidentDocument(caseId, { materialId: "identity_document", file: { bytes: png(++n), contentType: "image/png" } }, o);
  await fireTransition(caseId, "start_search", o, null);
  await acceptCandidate(
    caseId,
    { entryId: `${"ab".repeat(32)}:3#${n}`, probability: 0.97, explanation: { name: "exact", birthDate: "exact" }, fields: { name: "陈林秀英", birthDate: "一九五六年三月十二日" }, scanSha256: "ab".repeat(32), pageNumber: 3, crop: png(1000 + n) },
    o,
    "姓名與出生日期相符",
  );
  const { taskId } = await assignFieldTask(caseId, { kind: "visit", assignedTo: community.user.id, instructions: "走訪東街12號的鄰居" }, o);
  await reportFieldTask(taskId, { outcome: "confirmed", report: "鄰居王阿姨證實她自幼住在這裡", confirms: ["address"] }, as(community));
  await fireTransition(caseId, "begin_review", o, null);
  await fireTransition(caseId, "submit", o, "證據齊全");
  await fireTransition(caseId, "approve", as(supervisor), "同意補錄");
  await fireTransition(caseId, "register", o, null);
  await fireTransition(caseId, "close", o, null);
  return { caseId, number };
}

function cli(args: string[], env: Record<string, string> = { OFFICE_SIGNING_KEY: "" }): Promise<{ code: number; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, "bin/suji"), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", fail);
    child.on("exit", (code) => done({ code: code ?? 1, out }));
  });
}

function save(name: string, bytes: Uint8Array) {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe("evidence bundles", () => {
  it("exports a whole case that verifies offline, by the library and by `suji verify-bundle`", async () => {
    const { caseId, number } = await closedCase();
    const started = performance.now();
    const bundle = await exportBundle(caseId);
    const exportMs = performance.now() - started;
    const t0 = performance.now();
    const result = verifyBundle(bundle.bytes, { trustedPublicKeyPem: createPublicKey(process.env.OFFICE_SIGNING_KEY!).export({ type: "spki", format: "pem" }).toString() });
    const verifyMs = performance.now() - t0;
    console.info(`[measure] export of a ${bundle.eventCount}-event case: ${exportMs.toFixed(0)} ms, ${bundle.bytes.length} bytes; verifyBundle: ${verifyMs.toFixed(0)} ms`);
    expect(result).toMatchObject({ ok: true, summary: { caseNumber: number, keyTrusted: true, eventCount: bundle.eventCount } });
    if (!result.ok) return;
    expect(result.summary.files).toHaveLength(2);
    expect(result.summary.disclosures.every((d) => d.status === "verified")).toBe(true);

    const file = save("whole.zip", bundle.bytes);
    const { code, out } = await cli(["verify-bundle", file, "--key", keyFile]);
    expect(out).toContain("OK");
    expect(out).toContain(number);
    expect(out).toContain("matches the trusted key");
    expect(code).toBe(0);

    // The same from the command line: export by case number, then verify.
    const exported = join(dir, "from-cli.zip");
    const run = await cli(["export-bundle", number, "-o", exported], { MONGODB_URI: uri });
    expect(run.out).toContain(`wrote ${exported}`);
    expect(run.code).toBe(0);
    const again = await cli(["verify-bundle", exported, "--key", keyFile]);
    expect(again.code).toBe(0);
    const missing = await cli(["export-bundle", "SJ-1999-000001", "-o", join(dir, "none.zip")], { MONGODB_URI: uri });
    expect(missing.code).toBe(1);
    expect(missing.out).toContain("no case with number SJ-1999-000001");
  });

  it("erases personal data from a closed case: the page and the bundle still verify and show the erasure", async () => {
    const { caseId } = await closedCase();
    const { erased } = await erasePersonalData(caseId, { rule: "resident-request" }, as(supervisor), new Date("2026-05-04T02:00:00Z"));
    expect(erased).toBeGreaterThan(5);
    const doc = (await getCaseById(caseId))!;
    expect(doc.personal?.name).toMatchObject({ value: null, salt: null });
    expect(JSON.stringify(doc.sealed)).not.toContain("王阿姨");

    const res = await call(casePage, get(`/cases/${caseId}`, supervisor.cookie), { caseId });
    const page = await res.json();
    expect(page.log.ok).toBe(true);
    expect(page.identity.find((f: { field: string }) => f.field === "name")).toEqual({
      field: "name",
      value: null,
      erased: { erasedAt: "2026-05-04T02:00:00.000Z", erasedByRole: "supervisor", rule: "resident-request", seq: expect.any(Number) },
    });
    expect(page.case.residentName).toBeNull();

    // Running it again finds nothing left to erase and logs nothing.
    expect((await erasePersonalData(caseId, { rule: "resident-request" }, as(supervisor))).erased).toBe(0);
    expect((await getCaseById(caseId))!.erasures).toHaveLength(erased);
    expect((await verifyCaseLog((await getCaseById(caseId))!)).ok).toBe(true);

    const bundle = await exportBundle(caseId);
    const result = verifyBundle(bundle.bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.erasures.length).toBe(erased);
    expect(result.summary.erasures.find((e) => e.field === "name")).toMatchObject({ erasedByRole: "supervisor", rule: "resident-request" });
    expect(new TextDecoder().decode(bundle.bytes)).not.toContain("0912345678");
    const { code, out } = await cli(["verify-bundle", save("erased.zip", bundle.bytes)]);
    expect(code).toBe(0);
    expect(out).toMatch(/erased: +name on 2026-05-04T02:00:00.000Z by supervisor under resident-request/);
  });

  it("exports and verifies a case of 200 events (measured)", async () => {
    const { caseId } = await closedCase();
    const { appendEvent } = await import("~/services/evidence-log.server");
    for (let i = 0; i < 188; i++) await appendEvent(caseId, { type: "note.added", actor: { id: officer.user.id, role: "officer" }, payload: { i } });
    const t0 = performance.now();
    const check = await verifyCaseLog((await getCaseById(caseId))!);
    const t1 = performance.now();
    const bundle = await exportBundle(caseId);
    const t2 = performance.now();
    const result = verifyBundle(bundle.bytes);
    const t3 = performance.now();
    expect(check.ok).toBe(true);
    expect(result.ok).toBe(true);
    expect(bundle.eventCount).toBe(200);
    const { code, out } = await cli(["verify-bundle", save("long.zip", bundle.bytes)]);
    expect(code).toBe(0);
    console.info(
      `[measure] 200-event case: page check ${(t1 - t0).toFixed(0)} ms, export ${(t2 - t1).toFixed(0)} ms (${(bundle.bytes.length / 1024).toFixed(0)} KiB), ` +
        `verifyBundle ${(t3 - t2).toFixed(0)} ms, CLI ${/took: +(\d+) ms/.exec(out)?.[1]} ms`,
    );
  });

  it("refuses erasure before the case is finished, and by an officer", async () => {
    const { caseId } = await openCase({ caseType: "lost_record", purpose: "school", preferredLanguage: "en", personal: { name: "王小明" } }, as(officer));
    await expect(erasePersonalData(caseId, { rule: "resident-request" }, as(supervisor))).rejects.toMatchObject({ status: 409, messageKey: "evidence.refused.eraseState" });
    await expect(erasePersonalData(caseId, { rule: "resident-request" }, as(officer))).rejects.toMatchObject({ status: 403 });
  });

  it("finds and locates tampering inside a bundle, with `suji verify-bundle` exiting 1", async () => {
    const { caseId } = await closedCase();
    const { bytes } = await exportBundle(caseId);
    const refresh = { refresh: true };
    const cases: Array<{ name: string; zip: Uint8Array; where: RegExp }> = [
      {
        name: "edited",
        zip: tamper(bytes, (bag) => {
          const events = eventLines(bag);
          (events[4].payload as Record<string, unknown>).probability = 0.2;
          writeEventLines(bag, events, (e) => canonicalJson(e));
        }, refresh),
        where: /event seq 5/,
      },
      {
        name: "deleted",
        zip: tamper(bytes, (bag) => {
          const events = eventLines(bag);
          writeEventLines(bag, events.filter((e) => e.seq !== 6), (e) => canonicalJson(e));
        }, refresh),
        where: /event seq 6/,
      },
      {
        name: "reordered",
        zip: tamper(bytes, (bag) => {
          const events = eventLines(bag);
          [events[6], events[7]] = [events[7], events[6]];
          writeEventLines(bag, events, (e) => canonicalJson(e));
        }, refresh),
        where: /event seq 8/,
      },
      {
        name: "inserted",
        zip: tamper(bytes, (bag) => {
          const events = eventLines(bag);
          events.splice(3, 0, { ...events[3], type: "evidence.added", payload: { kind: "agency_record" } });
          writeEventLines(bag, events, (e) => canonicalJson(e));
        }, refresh),
        where: /event seq 4/,
      },
      {
        name: "file-byte",
        zip: tamper(bytes, (bag) => {
          const path = [...bag.files.keys()].find((p) => p.startsWith("data/files/"))!;
          const changed = new Uint8Array(bag.files.get(path)!);
          changed[changed.length - 1] ^= 1;
          bag.files.set(path, changed);
        }, refresh),
        where: /data\/files\/[0-9a-f]{64}/,
      },
      {
        name: "disclosure",
        zip: tamper(bytes, (bag) => {
          writeText(bag, "data/disclosures.json", readText(bag, "data/disclosures.json").replace("陳林秀英", "陳林秀美"));
        }, refresh),
        where: /event seq 1/,
      },
    ];
    const runs = await Promise.all(cases.map((c) => cli(["verify-bundle", save(`${c.name}.zip`, c.zip)])));
    runs.forEach((run, i) => {
      expect(run.code, cases[i].name).toBe(1);
      expect(run.out, cases[i].name).toContain("BROKEN");
      expect(run.out, cases[i].name).toMatch(cases[i].where);
    });
  });
});
