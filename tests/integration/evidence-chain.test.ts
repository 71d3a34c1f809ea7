import { generateKeyPairSync } from "node:crypto";
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { buildEvent, hashEvent, verifyChain, type EvidenceEvent } from "~/core/evidence";
import { EvidenceEventModel, eventId } from "~/models/evidence.server";
import { Case, getCaseById } from "~/models/case.server";
import { openCase } from "~/services/case-intake.server";
import { addResidentDocument, addStatement } from "~/services/case-evidence.server";
import { appendEvent, createCheckpoint, evidenceLogStats, readCaseEvents, verifyCaseLog } from "~/services/evidence-log.server";
import { ExportRefused, exportBundle } from "~/services/case-bundle.server";
import { resetOfficeKeyCache } from "~/services/signing.server";
import type { Actor } from "~/services/case-access.server";
import { loader as casePage } from "~/routes/cases.$caseId._index";
import { useTestDatabase } from "../setup/test-db";
import { call, get, staff, type Staff } from "../support/requests";

useTestDatabase();

let officer: Staff;
let actor: Actor;
// A tiny valid PNG (1×1), and a variant so files differ per test.
const png = (n: number) =>
  Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex"), Buffer.from([n & 0xff, n >> 8, 0, 0, 0, 0])]);

beforeAll(async () => {
  const { privateKey } = generateKeyPairSync("ed25519");
  process.env.OFFICE_SIGNING_KEY = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  resetOfficeKeyCache();
  officer = await staff("officer");
  actor = { id: officer.user.id, role: "officer", office: officer.user.office };
});

async function newCase(name = "陳林秀英") {
  return openCase({ caseType: "lost_record", purpose: "pension", preferredLanguage: "zh-Hant", personal: { name, birthDate: "1956-03-12", address: "城關鎮東街12號" } }, actor);
}

/** A case with 8 events: opened, a document, statements; checkpointed after seq 2 and at the end. */
let fileCounter = 0;
async function caseWithHistory() {
  const { caseId } = await newCase();
  await addResidentDocument(caseId, { materialId: "identity_document", file: { bytes: png(++fileCounter), contentType: "image/png" } }, actor);
  await createCheckpoint({ force: true });
  for (let i = 0; i < 6; i++) await addStatement(caseId, { kind: "witness_statement", text: `鄰居證言 ${i}`, confirms: ["address"] }, actor);
  await createCheckpoint({ force: true });
  return caseId;
}

const raw = () => EvidenceEventModel.collection;
async function stored(caseId: string, seq: number): Promise<EvidenceEvent> {
  const doc = await raw().findOne({ _id: eventId(caseId, seq) } as never);
  const { _id, ...event } = doc as Record<string, unknown>;
  return event as unknown as EvidenceEvent;
}
async function check(caseId: string) {
  return verifyCaseLog((await getCaseById(caseId))!);
}

describe("appending to the evidence log", () => {
  it("turns 100 concurrent appends into one unbroken chain of 100 events, through the unique index alone", async () => {
    const { caseId } = await newCase();
    const before = evidenceLogStats();
    const started = performance.now();
    const appended = await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        appendEvent(caseId, { type: "note.added", actor: { id: actor.id, role: "officer" }, payload: { n } }, { inProcessQueue: false }),
      ),
    );
    const ms = performance.now() - started;
    const after = evidenceLogStats();
    const events = await readCaseEvents(caseId);
    expect(events).toHaveLength(101);
    expect(verifyChain(events)).toMatchObject({ ok: true, head: { seq: 101 } });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    expect(new Set(appended.map((e) => e.seq)).size).toBe(100);
    expect(events.slice(1).map((e) => e.payload.n).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 100 }, (_, i) => i));
    console.info(`[measure] 100 concurrent appends (database only): ${ms.toFixed(0)} ms, ${after.conflicts - before.conflicts} E11000 retries`);
    const check = await verifyCaseLog((await getCaseById(caseId))!);
    console.info(`[measure] verifying a 101-event case log: ${check.tookMs} ms`);
    expect(check.ok).toBe(true);
  });

  it("queues appends within a process, so they rarely collide, and measures one append", async () => {
    const { caseId } = await newCase();
    const before = evidenceLogStats();
    const started = performance.now();
    await Promise.all(Array.from({ length: 100 }, (_, n) => appendEvent(caseId, { type: "note.added", actor: { id: actor.id, role: "officer" }, payload: { n } })));
    const ms = performance.now() - started;
    const after = evidenceLogStats();
    expect(after.conflicts - before.conflicts).toBe(0);
    const events = await readCaseEvents(caseId);
    expect(verifyChain(events)).toMatchObject({ ok: true, head: { seq: 101 } });
    const single: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await appendEvent(caseId, { type: "note.added", actor: { id: actor.id, role: "officer" }, payload: { i } });
      single.push(performance.now() - t0);
    }
    single.sort((a, b) => a - b);
    console.info(`[measure] 100 concurrent appends (in-process queue): ${ms.toFixed(0)} ms; one append: median ${single[10].toFixed(1)} ms, p95 ${single[18].toFixed(1)} ms`);
  });

  it("keeps empty objects and numbers exactly as hashed", async () => {
    const { caseId } = await newCase();
    const event = await appendEvent(caseId, { type: "note.added", actor: { id: actor.id, role: "officer" }, payload: { empty: {}, list: [], p: 0.9375, big: 12345678901, nested: { a: { b: {} } } } });
    const back = await stored(caseId, event.seq);
    expect(hashEvent(back)).toBe(event.hash);
  });
});

describe("a log edited in the database is caught and located", () => {
  it("verifies an untouched case, with its checkpoint, files and commitments", async () => {
    const caseId = await caseWithHistory();
    const result = await check(caseId);
    expect(result).toMatchObject({ ok: true, eventCount: 8, filesChecked: 1, pendingEvents: 0, checkpoint: { seq: 8 } });
  });

  it("an edited event", async () => {
    const caseId = await caseWithHistory();
    await raw().updateOne({ _id: eventId(caseId, 3) } as never, { $set: { "payload.confirms": ["name"] } });
    expect((await check(caseId)).problem).toMatchObject({ code: "hash-mismatch", seq: 3 });
  });

  it("an edited event whose own hash was recomputed", async () => {
    const caseId = await caseWithHistory();
    const e = await stored(caseId, 3);
    const forged = { ...e, at: "2020-01-01T00:00:00.000Z" };
    await raw().updateOne({ _id: eventId(caseId, 3) } as never, { $set: { at: forged.at, hash: hashEvent(forged) } });
    expect((await check(caseId)).problem).toMatchObject({ code: "rewritten", seq: 3 });
  });

  it("a rewritten tail with every hash recomputed, against the signed checkpoints", async () => {
    const caseId = await caseWithHistory();
    const events = await readCaseEvents(caseId);
    let prev = events[3];
    for (const e of events.slice(4)) {
      const rebuilt = buildEvent(prev, { caseId, type: e.type, at: e.at, actor: e.actor, payload: { ...e.payload, confirms: ["name", "address"] } });
      await raw().replaceOne({ _id: eventId(caseId, e.seq) } as never, rebuilt as never);
      prev = rebuilt;
    }
    expect(verifyChain(await readCaseEvents(caseId)).ok).toBe(true);
    expect((await check(caseId)).problem).toMatchObject({ code: "rewritten", seq: 8, afterSeq: 2 });
  });

  it("a deleted event", async () => {
    const caseId = await caseWithHistory();
    await raw().deleteOne({ _id: eventId(caseId, 4) } as never);
    expect((await check(caseId)).problem).toMatchObject({ code: "seq-gap", seq: 4 });
  });

  it("a deleted last event", async () => {
    const caseId = await caseWithHistory();
    await raw().deleteOne({ _id: eventId(caseId, 8) } as never);
    expect((await check(caseId)).problem).toMatchObject({ code: "truncated", seq: 8 });
  });

  it("re-ordered events", async () => {
    const caseId = await caseWithHistory();
    // Through a free number: the unique index refuses two events with one seq even for a moment.
    await raw().updateOne({ _id: eventId(caseId, 5) } as never, { $set: { seq: 1000 } });
    await raw().updateOne({ _id: eventId(caseId, 6) } as never, { $set: { seq: 5 } });
    await raw().updateOne({ _id: eventId(caseId, 5) } as never, { $set: { seq: 6 } });
    expect((await check(caseId)).problem).toMatchObject({ code: "seq-out-of-order", seq: 5 });
  });

  it("an inserted event, with the later events renumbered", async () => {
    const caseId = await caseWithHistory();
    const events = await readCaseEvents(caseId);
    for (const e of events.slice(3).reverse()) {
      await raw().deleteOne({ _id: eventId(caseId, e.seq) } as never);
      await raw().insertOne({ ...e, _id: eventId(caseId, e.seq + 1), seq: e.seq + 1 } as never);
    }
    const forged = buildEvent(events[2], { caseId, type: "evidence.added", at: events[2].at, actor: events[2].actor, payload: { kind: "witness_statement" } });
    await raw().insertOne({ ...forged, _id: eventId(caseId, 4) } as never);
    expect((await check(caseId)).problem).toMatchObject({ code: "inserted", seq: 4 });
  });

  it("a second event with an existing seq is refused by the unique index, and found if the index is dropped", async () => {
    const caseId = await caseWithHistory();
    const events = await readCaseEvents(caseId);
    const forged = buildEvent(events[2], { caseId, type: "evidence.added", at: events[3].at, actor: events[3].actor, payload: { kind: "agency_record" } });
    await expect(raw().insertOne({ ...forged, _id: new mongoose.Types.ObjectId() } as never)).rejects.toMatchObject({ code: 11000 });
    await raw().dropIndex("caseId_1_seq_1");
    const intruder = new mongoose.Types.ObjectId();
    await raw().insertOne({ ...forged, _id: intruder } as never);
    try {
      expect((await check(caseId)).problem).toMatchObject({ code: "seq-duplicate", seq: 4 });
    } finally {
      await raw().deleteOne({ _id: intruder } as never);
      await raw().createIndex({ caseId: 1, seq: 1 }, { unique: true });
    }
  });

  it("a changed byte in an evidence file in GridFS", async () => {
    const caseId = await caseWithHistory();
    const event = await stored(caseId, 2);
    const sha256 = (event.payload.files as { sha256: string }[])[0].sha256;
    const db = mongoose.connection.db!;
    const file = await db.collection("files.files").findOne({ filename: `evidence-${sha256}` });
    const chunk = await db.collection("files.chunks").findOne({ files_id: file!._id });
    const bytes = Buffer.from((chunk!.data as mongoose.mongo.Binary).buffer);
    bytes[bytes.length - 1] ^= 0x01;
    await db.collection("files.chunks").updateOne({ _id: chunk!._id }, { $set: { data: new mongoose.mongo.Binary(bytes) } });
    expect((await check(caseId)).problem).toMatchObject({ code: "file-changed", seq: 2, sha256 });
  });

  it("a personal value changed in the case document", async () => {
    const caseId = await caseWithHistory();
    await Case.updateOne({ _id: caseId }, { $set: { "personal.name.value": "陳林秀美" } });
    expect((await check(caseId)).problem).toMatchObject({ code: "disclosure-mismatch", seq: 1, field: "name" });
  });

  it("shows where the log breaks on the case page, and refuses to export it", async () => {
    const caseId = await caseWithHistory();
    await raw().updateOne({ _id: eventId(caseId, 6) } as never, { $set: { "payload.kind": "agency_record" } });
    const res = await call(casePage, get(`/cases/${caseId}`, officer.cookie), { caseId });
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.log).toMatchObject({ ok: false, problem: { code: "hash-mismatch", seq: 6 } });
    await expect(exportBundle(caseId)).rejects.toBeInstanceOf(ExportRefused);
    await expect(exportBundle(caseId)).rejects.toMatchObject({ problem: { code: "hash-mismatch", seq: 6 } });
  });

  it("never signs over a log edited since the last checkpoint", async () => {
    const caseId = await caseWithHistory();
    await appendEvent(caseId, { type: "note.added", actor: { id: actor.id, role: "officer" }, payload: {} });
    await raw().updateOne({ _id: eventId(caseId, 9) } as never, { $set: { "payload.x": 1 } });
    const run = await createCheckpoint();
    expect(run.held.map((h) => h.caseId)).toContain(caseId);
    expect(run.stored.checkpoint.body.heads.find((h) => h.caseId === caseId)).toMatchObject({ seq: 8 });
  });
});
