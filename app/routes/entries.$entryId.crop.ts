import type { LoaderFunctionArgs } from "@remix-run/node";
import { clientIp, guard, notFound } from "~/services/auth.server";
import { getArchiveInOffice } from "~/models/archive-access.server";
import { recordAudit } from "~/models/audit.server";
import { findEntryWithPage, renderEntryCrop } from "~/services/entry-crop.server";

/** The part of the page where an entry stands, its field boxes outlined. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/entries.$entryId.crop");
  const found = await findEntryWithPage(String(params.entryId ?? ""));
  if (!found || !(await getArchiveInOffice(found.page.archiveId, viewer.user.office))) throw notFound();
  const png = await renderEntryCrop(found.entry, found.page);
  if (!png) throw notFound();
  await recordAudit({ office: viewer.user.office, actorId: viewer.user.id, actorRole: viewer.user.role, action: "view", entity: "entry", entityId: found.entry._id, ip: clientIp(request) });
  return new Response(new Uint8Array(png), { headers: { "Content-Type": "image/png", "Cache-Control": "private, max-age=600" } });
}
