/**
 * The benchmark archive in the database: present pages stored the way the
 * extraction worker stores them (`replacePageEntries`), then distractor
 * entries of the same shape inserted in bulk until the archive holds the
 * size being measured. Imports mongoose models: load it only after the
 * environment is set.
 */
import { createHash } from "node:crypto";
import mongoose from "mongoose";
import { blockingKeys, prepareEntry, type EntryRecord } from "~/core/match";
import type { ExtractedEntry, ExtractedPage } from "~/core/extract";
import { bumpEntryVersion, Entry, EntryIndex, packEntry, replacePageEntries } from "~/models/entry.server";
import { generateHouseholds } from "../generator/people.ts";
import { Rng } from "../generator/random.ts";
import { distractorPage } from "./distractors.ts";
import type { PresentPage } from "./pages.ts";

/** A page's extracted entries as the worker stores them: fields, blocking keys and prepared record. */
export function entryRows(pageId: string, extracted: Pick<ExtractedPage, "entries" | "household">) {
  return extracted.entries.map((e: ExtractedEntry) => {
    const prepared = prepareEntry({ id: `${pageId}#${e.index}`, fields: e.fields as EntryRecord["fields"] });
    return { index: e.index, kind: e.kind, fields: e.fields as Record<string, unknown>, box: e.box, household: extracted.household, matchKeys: blockingKeys(prepared), prepared };
  });
}

/** Stores every present page's entries; returns entry id → ground-truth person id for the entries the truth map accepts. */
export async function storePresentPages(pages: readonly PresentPage[], archiveId: string): Promise<{ entryPerson: Map<string, string>; entries: number }> {
  const entryPerson = new Map<string, string>();
  let entries = 0;
  for (const [n, page] of pages.entries()) {
    const pageId = page.spec.id;
    const rows = entryRows(pageId, page.extracted);
    await replacePageEntries({ id: pageId, scanSha: page.sha256, archiveId, pageNumber: n + 1 }, rows);
    entries += rows.length;
    for (const [entryIndex, personIndex] of page.entryPerson) entryPerson.set(`${pageId}#${entryIndex}`, page.truth.people[personIndex].personId);
  }
  return { entryPerson, entries };
}

export type EntryDoc = Record<string, unknown> & { _id: string };

/**
 * Distractor entry documents, page by page (half person cards, half household
 * ledgers), forever. Deterministic for a seed; a generator so that filling to
 * 10,000 and then to 100,000 continues where it stopped.
 */
export function* distractorDocs(seed: number, archiveId: string): Generator<EntryDoc> {
  const archive = new mongoose.Types.ObjectId(archiveId);
  let pageNumber = 100_000;
  for (let chunk = 0; ; chunk++) {
    const households = generateHouseholds(seed * 1000 + chunk, 400, { idPrefix: `d${seed}c${chunk}` });
    for (const household of households) {
      const rng = new Rng(seed).fork(household.householdId);
      const page = distractorPage(rng, household, rng.chance(0.5) ? "person-card" : "household-ledger");
      const pageId = `synthetic-${household.householdId}`;
      const scanSha = createHash("sha256").update(pageId).digest("hex");
      pageNumber++;
      for (const row of entryRows(pageId, page)) {
        yield { _id: `${pageId}#${row.index}`, pageId, scanSha, archiveId: archive, pageNumber, ...row, updatedAt: new Date() };
      }
    }
  }
}

/** A distractor document's packed index string, as `replacePageEntries` writes it. */
export function packedDoc(d: EntryDoc): string {
  return packEntry({ archiveId: String(d.archiveId), pageId: String(d.pageId), scanSha: String(d.scanSha), pageNumber: Number(d.pageNumber), kind: String(d.kind), box: (d.box as never) ?? null, fields: d.fields as Record<string, unknown>, prepared: d.prepared });
}

/**
 * Inserts `count` documents from `docs` with insertMany in batches, building
 * the next batch while the database stores the previous one. Progress on stderr.
 */
export async function insertDistractors(docs: Iterator<EntryDoc>, count: number, label: string, batchSize = 1000): Promise<{ seconds: number }> {
  const started = performance.now();
  let pending: Promise<unknown> | null = null;
  let done = 0;
  while (done < count) {
    const batch: EntryDoc[] = [];
    while (batch.length < Math.min(batchSize, count - done)) {
      const next = docs.next();
      if (next.done) throw new Error("the distractor generator ran dry");
      batch.push(next.value);
    }
    // As replacePageEntries writes them: the entry document, and its packed index document.
    const entries = batch.map(({ prepared: _prepared, ...doc }) => doc);
    const index = batch.map((d) => ({ _id: d._id, pageId: d.pageId, index: d.index, packed: packedDoc(d), updatedAt: d.updatedAt }));
    if (pending) await pending;
    pending = Promise.all([Entry.collection.insertMany(entries as never[], { ordered: false }), EntryIndex.collection.insertMany(index as never[], { ordered: false })]);
    done += batch.length;
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`\r  ${label}: ${done.toLocaleString("en")}/${count.toLocaleString("en")} distractor entries (${seconds.toFixed(0)} s)   `);
  }
  if (pending) await pending;
  await bumpEntryVersion();
  process.stderr.write("\n");
  return { seconds: (performance.now() - started) / 1000 };
}
