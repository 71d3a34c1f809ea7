import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import mongoose from "mongoose";
import { useTestDatabase } from "../setup/test-db";
import { BASE, call, staff, type Staff } from "../support/requests";
import { Archive } from "~/models/archive.server";
import { Batch, Page, Scan } from "~/models/scan.server";
import { Job } from "~/models/job.server";
import { batchProgress, createBatch, ingestFile } from "~/services/ingest.server";
import * as batches from "~/routes/api.batches";
import * as files from "~/routes/api.batches.$batchId.files";

useTestDatabase();

const fixture = (p: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url)));
const LIMITS = { maxBytes: 50 * 1024 * 1024, maxPixels: 120_000_000, maxPages: 500 };

const BAD: [string, string][] = [
  ["bad-files/empty.png", "empty"],
  ["bad-files/zip-disguised.png", "wrongType"],
  ["bad-files/text-disguised.jpg", "wrongType"],
  ["bad-files/program-disguised.png", "wrongType"],
  ["bad-files/animation.gif", "wrongType"],
  ["bad-files/truncated.png", "truncated"],
  ["bad-files/truncated.jpg", "truncated"],
  ["bad-files/corrupt.jpg", "corrupt"],
  ["bad-files/bomb-50000x50000.png", "tooManyPixels"],
  ["bad-files/corrupt.pdf", "corruptPdf"],
  ["bad-files/encrypted-user-password.pdf", "encryptedPdf"],
  ["bad-files/encrypted-owner-only.pdf", "encryptedPdf"],
];
const GOOD: [string, number][] = [
  ["good-files/register.png", 1],
  ["good-files/register.jpg", 1],
  ["good-files/register-3-pages.tiff", 3],
  ["good-files/register-2-pages.pdf", 2],
];

let archivist: Staff;
let archiveId: string;

async function storedFileCount() {
  return mongoose.connection.db!.collection("files.files").countDocuments();
}

beforeAll(async () => {
  archivist = await staff("archivist");
  const a = await Archive.create({ name: `測試檔案庫-${Date.now()}`, institution: "測試", place: "測試", period: "1950–1980", office: "demo-office" });
  archiveId = String(a._id);
});

describe("ingesting a mixed batch", () => {
  it("rejects every bad file by content, stores nothing for it, and stores the good ones", async () => {
    const batchId = await createBatch(archiveId, archivist.user.id);
    const before = { files: await storedFileCount(), scans: await Scan.countDocuments(), pages: await Page.countDocuments(), jobs: await Job.countDocuments() };
    const mixed = [...BAD.map(([p]) => p), ...GOOD.map(([p]) => p)].sort(() => 0.5 - Math.random());
    const results = new Map<string, any>();
    for (const path of mixed) {
      results.set(path, await ingestFile({ batchId, archiveId, bytes: fixture(path), filename: path.split("/")[1], uploadedBy: archivist.user.id, limits: LIMITS }));
    }
    for (const [path, reason] of BAD) expect(results.get(path), path).toMatchObject({ status: "rejected", reason });
    let goodPages = 0;
    let goodFiles = 0;
    for (const [path, pages] of GOOD) {
      const r = results.get(path);
      expect(r, path).toMatchObject({ status: "stored", pageCount: pages });
      const scan = await Scan.findOne({ _id: r.scanSha }).lean<any>();
      expect(scan.originalFilename).toBe(path.split("/")[1]);
      expect(scan.byteSize).toBe(fixture(path).length);
      expect(["image/png", "image/jpeg", "image/tiff", "application/pdf"]).toContain(scan.mime);
      goodPages += pages;
      goodFiles += pages === 1 ? 1 : 1 + pages;
    }
    expect(await Scan.countDocuments()).toBe(before.scans + GOOD.length);
    expect(await Page.countDocuments()).toBe(before.pages + goodPages);
    expect(await Job.countDocuments()).toBe(before.jobs + goodPages);
    expect(await storedFileCount()).toBe(before.files + goodFiles);
    const progress = (await batchProgress(batchId))!;
    expect(progress.items).toHaveLength(mixed.length);
    expect(progress.pages.queued).toBe(goodPages);
  });

  it("links a file uploaded again instead of storing it twice", async () => {
    const batchId = await createBatch(archiveId, archivist.user.id);
    const bytes = fixture("good-files/register.png");
    const first = await ingestFile({ batchId, archiveId, bytes, filename: "again.png", uploadedBy: archivist.user.id, limits: LIMITS });
    const files = await storedFileCount();
    const second = await ingestFile({ batchId, archiveId, bytes, filename: "again-renamed.png", uploadedBy: archivist.user.id, limits: LIMITS });
    expect(["stored", "duplicate"]).toContain(first.status);
    expect(second).toMatchObject({ status: "duplicate", scanSha: (first as any).scanSha });
    expect(await storedFileCount()).toBe(files);
    expect(await Scan.countDocuments({ _id: (first as any).scanSha })).toBe(1);
  });

  it("rejects files over the size limit before reading them", async () => {
    const batchId = await createBatch(archiveId, archivist.user.id);
    const files = await storedFileCount();
    const r = await ingestFile({ batchId, archiveId, bytes: fixture("good-files/register.jpg"), filename: "big.jpg", uploadedBy: archivist.user.id, limits: { ...LIMITS, maxBytes: 1000 } });
    expect(r).toMatchObject({ status: "rejected", reason: "tooLarge" });
    expect(await storedFileCount()).toBe(files);
  });
});

describe("the upload endpoints", () => {
  function multipart(path: string, file: Buffer, name: string, cookie: string) {
    const form = new FormData();
    form.set("volume", "卷 12");
    form.set("file", new Blob([new Uint8Array(file)]), name);
    return new Request(BASE + path, { method: "POST", body: form, headers: { Cookie: cookie } });
  }

  it("opens a batch and accepts a file for an archivist", async () => {
    const res = await call(batches.action, new Request(`${BASE}/api/batches`, { method: "POST", body: new URLSearchParams({ archiveId }), headers: { Cookie: archivist.cookie, "Content-Type": "application/x-www-form-urlencoded" } }));
    const { batchId } = JSON.parse(await res.text());
    const up = await call(files.action, multipart(`/api/batches/${batchId}/files`, fixture("good-files/register-cjk-text.pdf"), "cjk.pdf", archivist.cookie), { batchId });
    expect(up.status).toBe(200);
    const { item } = JSON.parse(await up.text());
    expect(["stored", "duplicate"]).toContain(item.status);
    expect((await Batch.findOne({ _id: batchId }).lean<any>()).items).toHaveLength(1);
  });

  it("answers a bad file with 422 and its reason", async () => {
    const batchId = await createBatch(archiveId, archivist.user.id);
    const up = await call(files.action, multipart(`/api/batches/${batchId}/files`, fixture("bad-files/zip-disguised.png"), "x.png", archivist.cookie), { batchId });
    expect(up.status).toBe(422);
    expect(JSON.parse(await up.text()).item).toMatchObject({ status: "rejected", reason: "wrongType" });
  });

  it("refuses other roles, forged batch ids and unknown archives", async () => {
    const officer = await staff("officer");
    const batchId = await createBatch(archiveId, archivist.user.id);
    const denied = await call(files.action, multipart(`/api/batches/${batchId}/files`, fixture("good-files/register.png"), "x.png", officer.cookie), { batchId });
    expect(denied.status).toBe(403);
    const forged = await call(files.action, multipart(`/api/batches/nope/files`, fixture("good-files/register.png"), "x.png", archivist.cookie), { batchId: '{"$ne":null}' });
    expect(forged.status).toBe(404);
    const unknown = await call(batches.action, new Request(`${BASE}/api/batches`, { method: "POST", body: new URLSearchParams({ archiveId: "000000000000000000000000" }), headers: { Cookie: archivist.cookie, "Content-Type": "application/x-www-form-urlencoded" } }));
    expect(unknown.status).toBe(400);
  });
});
