import type { LoaderFunctionArgs } from "@remix-run/node";
import sharp from "sharp";
import { clientIp, guard, notFound } from "~/services/auth.server";
import { Entry } from "~/models/entry.server";
import { getPage } from "~/models/page.server";
import { getArchiveInOffice } from "~/models/archive-access.server";
import { recordAudit } from "~/models/audit.server";
import { fileStore } from "~/services/storage.server";

/** The part of the page where an entry stands, its field boxes outlined. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/entries.$entryId.crop");
  const entryId = String(params.entryId ?? "");
  const entry = entryId.length <= 120 ? await Entry.findOne({ _id: entryId }).lean<any>() : null;
  const page = entry ? await getPage(entry.pageId) : null;
  if (!entry || !page?.ocr || !entry.box || !(await getArchiveInOffice(page.archiveId, viewer.user.office))) throw notFound();
  await recordAudit({ office: viewer.user.office, actorId: viewer.user.id, actorRole: viewer.user.role, action: "view", entity: "entry", entityId: entryId, ip: clientIp(request) });
  const image = await fileStore.get(page.ocr.imageFileId);
  const margin = 12;
  const left = Math.max(0, Math.floor(entry.box.x - margin));
  const top = Math.max(0, Math.floor(entry.box.y - margin));
  const width = Math.min(page.ocr.width - left, Math.ceil(entry.box.w + 2 * margin));
  const height = Math.min(page.ocr.height - top, Math.ceil(entry.box.h + 2 * margin));
  const rects = Object.values(entry.fields ?? {})
    .map((f: any) => f?.box)
    .filter(Boolean)
    .map((b: any) => `<rect x="${b.x - left}" y="${b.y - top}" width="${b.w}" height="${b.h}" fill="rgba(240,165,0,0.18)" stroke="#b36b00" stroke-width="3"/>`)
    .join("");
  const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects}</svg>`);
  const png = await sharp(image)
    .extract({ left, top, width: Math.max(1, width), height: Math.max(1, height) })
    .toColorspace("srgb")
    .composite([{ input: overlay, top: 0, left: 0 }])
    .png()
    .toBuffer();
  return new Response(new Uint8Array(png), { headers: { "Content-Type": "image/png", "Cache-Control": "private, max-age=600" } });
}
