import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { guard, notFound } from "~/services/auth.server";
import { batchProgress } from "~/services/ingest.server";
import { getArchiveInOffice } from "~/models/archive-access.server";

/** Progress of an upload batch, polled by the batch page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/api.batches.$batchId");
  const progress = await batchProgress(String(params.batchId ?? ""));
  if (!progress || !(await getArchiveInOffice(progress.archiveId, viewer.user.office))) throw notFound();
  return json(progress, { headers: { "Cache-Control": "no-store" } });
}
