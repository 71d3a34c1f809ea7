import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/test-db";
import { call, get, staff, type Staff } from "../support/requests";
import { groundTruth, seedReadPage } from "../support/seed-pages";
import * as search from "~/routes/search";
import { Archive } from "~/models/archive.server";
import { AuditEvent } from "~/models/audit.server";
import { Entry } from "~/models/entry.server";
import { resetMatchIndex } from "~/services/match-index.server";
import { canonicalText } from "~/core/normalize";

useTestDatabase();

let officer: Staff;
const PAGES = ["card-01-trad-print-clean", "card-02-simp-print-noisy", "ledger-01-simp-print-clean", "ledger-02-trad-print-noisy"];

beforeAll(async () => {
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
