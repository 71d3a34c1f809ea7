import sharp from "sharp";
import { Entry } from "~/models/entry.server";
import { getPage, type PageView } from "~/models/page.server";
import { fileStore } from "./storage.server";

export type CroppableEntry = { _id: string; pageId: string; box: { x: number; y: number; w: number; h: number } | null; fields: Record<string, any> };

export async function findEntryWithPage(entryId: string): Promise<{ entry: CroppableEntry; page: PageView } | null> {
  if (typeof entryId !== "string" || entryId.length > 120) return null;
  const entry = await Entry.findOne({ _id: entryId }).lean<CroppableEntry>();
  const page = entry ? await getPage(entry.pageId) : null;
  return entry && page ? { entry, page } : null;
}

/** PNG of the part of the page where an entry stands, its field boxes outlined; null without a reading or box. */
export async function renderEntryCrop(entry: CroppableEntry, page: PageView): Promise<Buffer | null> {
  if (!page.ocr || !entry.box) return null;
  const image = await fileStore.get(page.ocr.imageFileId);
  const margin = 12;
  const left = Math.max(0, Math.floor(entry.box.x - margin));
  const top = Math.max(0, Math.floor(entry.box.y - margin));
  const width = Math.max(1, Math.min(page.ocr.width - left, Math.ceil(entry.box.w + 2 * margin)));
  const height = Math.max(1, Math.min(page.ocr.height - top, Math.ceil(entry.box.h + 2 * margin)));
  const rects = Object.values(entry.fields ?? {})
    .map((f: any) => f?.box)
    .filter(Boolean)
    .map((b: any) => `<rect x="${b.x - left}" y="${b.y - top}" width="${b.w}" height="${b.h}" fill="rgba(240,165,0,0.18)" stroke="#b36b00" stroke-width="3"/>`)
    .join("");
  const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects}</svg>`);
  return sharp(image).extract({ left, top, width, height }).toColorspace("srgb").composite([{ input: overlay, top: 0, left: 0 }]).png().toBuffer();
}
