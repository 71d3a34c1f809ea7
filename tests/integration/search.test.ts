import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/test-db";
import { call, get, staff, type Staff } from "../support/requests";
import { groundTruth, seedReadPage } from "../support/seed-pages";
import * as search from "~/routes/search";
import { Archive } from "~/models/archive.server";
import { AuditEvent } from "~/models/audit.server";
import { Entry, EntryIndex, replacePageEntries } from "~/models/entry.server";
import { getMatchIndex, loadMatchIndex, MatchIndex, resetMatchIndex } from "~/services/match-index.server";
import { blockingKeys, prepareEntry, priorForArchive } from "~/core/match";
import { canonicalText, ocrEditDistance } from "~/core/normalize";
import { generateKeyPairSync } from "node:crypto";
import { post } from "../support/requests";
import { openCase } from "~/services/case-intake.server";
import { fireTransition } from "~/services/case-workflow.server";
import { EvidenceItem } from "~/models/evidence-item.server";
import { resetOfficeKeyCache } from "~/services/signing.server";

useTestDatabase();

let officer: Staff;
const PAGES = ["card-01-trad-print-clean", "card-02-simp-print-noisy", "ledger-01-simp-print-clean", "ledger-02-trad-print-noisy"];

beforeAll(async () => {
  process.env.OFFICE_SIGNING_KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  resetOfficeKeyCache();
  officer = await staff("officer");
  const archivist = await staff("archivist");
  const a = await Archive.create({ name: `search-${Date.now()}`, institution: "t", place: "t", period: "t", office: "demo-office" });
  for (const id of PAGES) await seedReadPage(id, String(a._id), archivist.user.id);
  resetMatchIndex();
}, 120_000);

async function run(params: Record<string, string>, who = officer) {
  const res = await call(search.loader, get(`/search?${new URLSearchParams(params)}`, who.cookie));
  return { status: res.status, body: JSON.parse(await res.text()) };
}

describe("officers' archive search", () => {
  it("extracted entries from the real OCR readings of both page kinds", async () => {
    expect(await Entry.countDocuments({ kind: "person-card" })).toBeGreaterThanOrEqual(2);
    expect(await Entry.countDocuments({ kind: "household-ledger" })).toBeGreaterThanOrEqual(2);
  });

  it("finds a person from a card by name and birth date written another way, with an explanation", async () => {
    const person = groundTruth("card-01-trad-print-clean").people[0];
    // The card says 民國65年3月9日 in traditional characters; the officer types simplified and Gregorian.
    const { status, body } = await run({ name: person.fullNameSimplified, birthDate: person.birthDate });
    expect(status).toBe(200);
    expect(body.candidates.length).toBeGreaterThan(0);
    const best = body.candidates[0];
    // Card 1 and ledger 1 show the same person (in the other script): either entry is right.
    expect(canonicalText(best.fields.name.raw)).toBe(canonicalText(person.drawn.name));
    expect(body.candidates.filter((c: any) => canonicalText(c.fields.name.raw) === canonicalText(person.drawn.name)).map((c: any) => c.kind).sort()).toEqual(["household-ledger", "person-card"]);
    expect(best.probability).toBeGreaterThan(0.5);
    const fields = best.explanation.map((e: any) => e.field);
    expect(fields).toContain("name");
    expect(fields).toContain("birthDate");
    expect(best.explanation.find((e: any) => e.field === "name").contribution).toBeGreaterThan(0);
  });

  it("gives no confident candidate for a person who is not in the archive", async () => {
    const { body } = await run({ name: "司馬懿鳳", birthDate: "1931-02-29".replace("29", "28"), sex: "女" });
    expect(body.candidates).toEqual([]);
  });

  it("logs every search with the fields used but not their values", async () => {
    const before = await AuditEvent.countDocuments({ actorId: officer.user.id, action: "search" });
    await run({ name: "鄭澤軍" });
    const events = await AuditEvent.find({ actorId: officer.user.id, action: "search" }).lean<any[]>();
    expect(events.length).toBe(before + 1);
    expect(events.at(-1).detail.fields).toEqual(["name"]);
    expect(JSON.stringify(events.at(-1))).not.toContain("鄭澤軍");
  });

  it("refuses oversized fields with a translated field error and runs no search", async () => {
    const before = await AuditEvent.countDocuments({ action: "search" });
    const { status, body } = await run({ name: "王".repeat(200) });
    expect(status).toBe(400);
    expect(body.fieldErrors.name).toBe("form.tooLong");
    expect(await AuditEvent.countDocuments({ action: "search" })).toBe(before);
  });

  it("is closed to archivists and community officers", async () => {
    for (const role of ["archivist", "community_officer"] as const) {
      const res = await call(search.loader, get("/search?name=x", (await staff(role)).cookie));
      expect(res.status).toBe(403);
    }
  });
});

describe("searching for a case", () => {
  it("prefills the resident's claimed identity and accepts a candidate as evidence with its score", async () => {
    const person = groundTruth("card-02-simp-print-noisy").people[0];
    const actor = { id: officer.user.id, role: officer.user.role, office: officer.user.office };
    const { caseId } = await openCase({ caseType: "lost_record", purpose: "pension", preferredLanguage: "zh-Hans", personal: { name: person.drawn.name, birthDate: person.birthDate } }, actor);
    await fireTransition(caseId, "start_search", actor, null);

    const opened = await call(search.loader, get(`/search?case=${caseId}`, officer.cookie));
    expect(opened.status).toBe(302);
    const location = new URL(opened.headers.get("Location")!, "http://x");
    expect(location.searchParams.get("name")).toBe(person.drawn.name);
    const { body } = await run(Object.fromEntries(location.searchParams));
    expect(body.caseId).toBe(caseId);
    const best = body.candidates[0];
    // The scan was read with one look-alike character wrong (闽 → 阔): still the top candidate.
    expect(ocrEditDistance(canonicalText(best.fields.name.raw), canonicalText(person.drawn.name))).toBeLessThanOrEqual(1);
    expect(best.explanation.find((e: any) => e.field === "name").contribution).toBeGreaterThan(0);

    const noReason = await call(search.action, post("/search", { intent: "accept", caseId, entryId: best.entryId, reason: "" }, officer.cookie));
    expect(noReason.status).toBe(400);
    expect(await EvidenceItem.countDocuments({ caseId })).toBe(0);

    const accepted = await call(search.action, post("/search", { intent: "accept", caseId, entryId: best.entryId, reason: "姓名、出生日期相符" }, officer.cookie));
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Location")).toBe(`/cases/${caseId}`);
    const items = await EvidenceItem.find({ caseId }).lean<any[]>();
    expect(items).toHaveLength(1);
    expect(JSON.stringify(items[0])).toContain(best.entryId);
  });

  it("refuses to judge candidates on another officer's case", async () => {
    const other = await staff("officer");
    const actor = { id: other.user.id, role: other.user.role, office: other.user.office };
    const { caseId } = await openCase({ caseType: "lost_record", purpose: "school", preferredLanguage: "zh-Hant", personal: { name: "王大同" } }, actor);
    const res = await call(search.action, post("/search", { intent: "accept", caseId, entryId: "x#0", reason: "r" }, officer.cookie));
    expect([403, 404]).toContain(res.status);
    expect(await EvidenceItem.countDocuments({ caseId })).toBe(0);
  });
});

describe("the match index", () => {
  it("keeps one packed index document per entry, in step with the entries", async () => {
    const entries = await Entry.find({}, { _id: 1 }).lean<{ _id: string }[]>();
    const index = await EntryIndex.find({}, { _id: 1, packed: 1 }).lean<{ _id: string; packed: string }[]>();
    expect(index.map((d) => d._id).sort()).toEqual(entries.map((d) => d._id).sort());
    const packed = JSON.parse(index[0].packed);
    expect(packed.prepared.keys.length).toBeGreaterThan(0);
    expect(typeof packed.scanSha).toBe("string");
  });

  it("sets λ from how many entries a person has in the archive loaded", async () => {
    const index = await loadMatchIndex();
    const perPerson = index.size / index.tf.persons;
    expect(perPerson).toBeGreaterThanOrEqual(1);
    expect(index.model.priorMatch).toBeCloseTo(priorForArchive(index.size, { entriesPerPerson: Math.min(3, perPerson) }), 15);
    // The same people twice over (each page's entries again under another page): twice the entries a person.
    const twice = new MatchIndex([...index.entries.values(), ...[...index.entries.values()].map((e) => ({ ...e, id: `${e.id}-again`, prepared: { ...e.prepared, id: `${e.id}-again` } }))], 0);
    expect(twice.tf.persons).toBe(index.tf.persons);
    expect(twice.model.priorMatch).toBeCloseTo(priorForArchive(twice.size, { entriesPerPerson: Math.min(3, 2 * perPerson) }), 15);
  });

  it("rebuilds the packed index of a database written without it", async () => {
    const before = await loadMatchIndex();
    await EntryIndex.deleteMany({});
    const rebuilt = await loadMatchIndex();
    expect(rebuilt.size).toBe(before.size);
    expect(await EntryIndex.countDocuments()).toBe(await Entry.countDocuments());
    const person = groundTruth("card-01-trad-print-clean").people[0];
    const a = before.search({ name: person.fullNameSimplified, birthDate: person.birthDate }).results.map((r) => [r.entryId, r.probability]);
    const b = rebuilt.search({ name: person.fullNameSimplified, birthDate: person.birthDate }).results.map((r) => [r.entryId, r.probability]);
    expect(b).toEqual(a);
    expect(a.length).toBeGreaterThan(0);
  });

  it("a slow-loading index answers from the current one while the next loads, then switches", async () => {
    resetMatchIndex();
    const first = await getMatchIndex(0, 0);
    // waitBelowMs = 0: every load counts as slow, so a change is picked up in the background.
    const page = { id: "index-test-page", scanSha: "0".repeat(64), archiveId: String((await Archive.findOne().lean<{ _id: unknown }>())!._id), pageNumber: 999 };
    const fields = { name: { value: "蔺鹤鸣", raw: "蔺鹤鸣", confidence: 0.95, status: "ok" }, birthDate: { value: "1931-02-03", raw: "1931年2月3日", confidence: 0.95, status: "ok" } };
    const prepared = prepareEntry({ id: `${page.id}#0`, fields: fields as never });
    await replacePageEntries(page, [{ index: 0, kind: "person-card", fields, box: null, matchKeys: blockingKeys(prepared), prepared }]);
    const during = await getMatchIndex(0, 0);
    expect(during).toBe(first);
    let after = during;
    for (let i = 0; i < 100 && after === first; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await getMatchIndex(0, 0);
    }
    expect(after).not.toBe(first);
    expect(after.size).toBe(first.size + 1);
    expect(after.search({ name: "蔺鹤鸣", birthDate: "1931-02-03" }).results[0]?.entryId).toBe(`${page.id}#0`);
    // Re-extracting the page with no entries removes the entry and its index document.
    await replacePageEntries(page, []);
    expect(await EntryIndex.countDocuments({ pageId: page.id })).toBe(0);
    resetMatchIndex();
    expect((await getMatchIndex()).size).toBe(first.size);
  });
});
