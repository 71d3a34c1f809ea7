import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { clientIp, guard } from "~/services/auth.server";
import { createBatch } from "~/services/ingest.server";
import { getArchiveInOffice } from "~/models/archive-access.server";
import { recordAudit } from "~/models/audit.server";
import { parseForm } from "~/utils/form";

export const NewBatchSchema = z.object({ archiveId: z.string({ error: "form.required" }).min(1, "form.required").max(64) });

export async function loader({ request }: { request: Request }) {
  await guard(request, "routes/api.batches");
  return json({ messageKey: "error.notFound" }, { status: 404 });
}

/** Opens an upload batch; files are then posted one by one to /api/batches/:id/files. */
export async function action({ request }: ActionFunctionArgs) {
  const viewer = await guard(request, "routes/api.batches");
  const parsed = parseForm(NewBatchSchema, await request.formData());
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const archive = await getArchiveInOffice(parsed.data.archiveId, viewer.user.office);
  if (!archive) return json({ fieldErrors: { archiveId: "upload.unknownArchive" } }, { status: 400 });
  const batchId = await createBatch(archive.id, viewer.user.id);
  await recordAudit({
    office: viewer.user.office,
    actorId: viewer.user.id,
    actorRole: viewer.user.role,
    action: "create",
    entity: "batch",
    entityId: batchId,
    ip: clientIp(request),
    detail: { archiveId: archive.id },
  });
  return json({ batchId });
}
