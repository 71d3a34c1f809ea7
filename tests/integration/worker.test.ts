import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/test-db";
import { staff } from "../support/requests";
import { startWorker, waitFor, type WorkerProcess } from "../support/worker-process";
import { Archive } from "~/models/archive.server";
import { Page } from "~/models/scan.server";
import { Job } from "~/models/job.server";
import { Entry } from "~/models/entry.server";
import { createBatch, ingestFile } from "~/services/ingest.server";
import { canonicalText } from "~/core/normalize";

const db = useTestDatabase();
const fixture = (p: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url)));
const truth = (id: string) => JSON.parse(fixture(`pages/${id}.json`).toString("utf8"));
const LIMITS = { maxBytes: 50 * 1024 * 1024, maxPixels: 120_000_000, maxPages: 500 };

let archiveId: string;
let uploader: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  uploader = (await staff("archivist")).user.id;
  const a = await Archive.create({ name: `worker-test-${Date.now()}`, institution: "t", place: "t", period: "t", office: "demo-office", languages: ["chi_tra", "chi_sim"] });
  archiveId = String(a._id);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

async function ingest(id: string, ext: string) {
  const batchId = await createBatch(archiveId, uploader);
  const item = await ingestFile({ batchId, archiveId, bytes: fixture(`pages/${id}.${ext}`), filename: `${id}.${ext}`, uploadedBy: uploader, limits: LIMITS });
  if (item.status !== "stored") throw new Error(`fixture ${id} not stored: ${JSON.stringify(item)}`);
  return `${item.scanSha}:1`;
}

describe("a real worker process", () => {
  it("reads uploaded pages with both engines and extracts entries", { timeout: 400_000 }, async () => {
    const w = startWorker(db.uri);
    workers.push(w);
    const pageIds = [await ingest("card-01-trad-print-clean", "png"), await ingest("ledger-01-simp-print-clean", "png")];
    for (const id of pageIds) {
      const page = await waitFor(
        async () => {
          const p = await Page.findOne({ _id: id }).lean<any>();
          return p && (p.status === "extracted" || p.status === "failed") ? p : null;
        },
        150_000,
        `page ${id} to be extracted\n${w.output()}`,
      );
      expect(page.status, page.error ?? "").toBe("extracted");
      const engines = page.ocr.readings.map((r: any) => r.engine).sort();
      expect(engines).toEqual(["ppocr", "tesseract"]);
      for (const r of page.ocr.readings) {
        expect(r.lines.length).toBeGreaterThan(3);
        for (const line of r.lines) {
          expect(line.box.w).toBeGreaterThan(0);
          expect(line.confidence).toBeGreaterThanOrEqual(0);
          expect(line.confidence).toBeLessThanOrEqual(1);
        }
      }
      const words = page.ocr.readings.find((r: any) => r.engine === "tesseract").lines.flatMap((l: any) => l.words);
      expect(words.length).toBeGreaterThan(5);
      expect(page.ocr.combined.length).toBeGreaterThan(3);
      expect(page.ocr.preprocess.binarize.enabled).toBe(true);
    }
    const card = truth("card-01-trad-print-clean");
    const cardPage = await Page.findOne({ _id: pageIds[0] }).lean<any>();
    expect(canonicalText(cardPage.ocr.text).replace(/\s/g, "")).toContain(canonicalText(card.people[0].drawn.name));
    expect(await Entry.countDocuments({ pageId: pageIds[0] })).toBeGreaterThanOrEqual(1);
  });

  it("finishes a page exactly once after its worker is killed mid-page", { timeout: 400_000 }, async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    const lease = { SUJI_JOB_LEASE_MS: "4000" };
    const a = startWorker(db.uri, lease);
    workers.push(a);
    const id = await ingest("card-07-simp-hand-clean", "png");
    await waitFor(async () => (await Page.findOne({ _id: id }).lean<any>())?.status === "reading", 120_000, `worker A to start reading\n${a.output()}`, 50);
    a.child.kill("SIGKILL");
    await new Promise((r) => a.child.once("exit", r));
    expect((await Job.findOne({ _id: `ocr:${id}` }).lean<any>()).state).toBe("running");

    const b = startWorker(db.uri, lease);
    workers.push(b);
    const page = await waitFor(
      async () => {
        const p = await Page.findOne({ _id: id }).lean<any>();
        return p?.status === "extracted" || p?.status === "failed" ? p : null;
      },
      150_000,
      `worker B to finish the page\n${b.output()}`,
    );
    expect(page.status).toBe("extracted");
    expect(page.ocr.readBy).toMatch(new RegExp(`^${hostname()}:${b.child.pid}:`));
    const job = await Job.findOne({ _id: `ocr:${id}` }).lean<any>();
    expect(job.state).toBe("done");
    expect(job.attempts).toBe(2);
    expect(await Page.countDocuments({ scanSha: id.split(":")[0] })).toBe(1);
    const entries = await Entry.find({ pageId: id }).lean<any[]>();
    expect(new Set(entries.map((e) => e._id)).size).toBe(entries.length);
    expect(entries.length).toBe(page.extraction.entries);
  });
});
