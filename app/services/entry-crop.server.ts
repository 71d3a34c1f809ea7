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

type Box = { x: number; y: number; w: number; h: number };

/** Where an entry stands on its page: its own box, else the union of its fields' boxes. */
export function entryBox(entry: Pick<CroppableEntry, "box" | "fields">): Box | null {
  if (entry.box) return entry.box;
  const boxes = Object.values(entry.fields ?? {})
    .map((f: any) => f?.box as Box | null)
    .filter((b): b is Box => Boolean(b && b.w > 0 && b.h > 0));
  if (boxes.length === 0) return null;
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** PNG of the part of the page where an entry stands, its field boxes outlined; null without a reading or box. */
export async function renderEntryCrop(entry: CroppableEntry, page: PageView): Promise<Buffer | null> {
  const box = entryBox(entry);
  if (!page.ocr || !box) return null;
  const image = await fileStore.get(page.ocr.imageFileId);
  const margin = 12;
  const left = Math.max(0, Math.floor(box.x - margin));
  const top = Math.max(0, Math.floor(box.y - margin));
  const width = Math.max(1, Math.min(page.ocr.width - left, Math.ceil(box.w + 2 * margin)));
  const height = Math.max(1, Math.min(page.ocr.height - top, Math.ceil(box.h + 2 * margin)));
  const rects = Object.values(entry.fields ?? {})
    .map((f: any) => f?.box)
    .filter(Boolean)
    .map((b: any) => `<rect x="${b.x - left}" y="${b.y - top}" width="${b.w}" height="${b.h}" fill="rgba(240,165,0,0.18)" stroke="#b36b00" stroke-width="3"/>`)
    .join("");
  const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects}</svg>`);
  return sharp(image).extract({ left, top, width, height }).toColorspace("srgb").composite([{ input: overlay, top: 0, left: 0 }]).png().toBuffer();
}
