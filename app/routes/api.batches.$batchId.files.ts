import type { ActionFunctionArgs } from "@remix-run/node";
import {
  json,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
} from "@remix-run/node";
import { z } from "zod";
import { guard, notFound } from "~/services/auth.server";
import { ingestFile, intakeLimits } from "~/services/ingest.server";
import { Batch } from "~/models/scan.server";
import { getArchiveInOffice } from "~/models/archive-access.server";
import { parseForm } from "~/utils/form";

const FileFieldsSchema = z.object({
  volume: z.string().trim().max(100, "form.tooLong").optional(),
  firstPageNumber: z.coerce.number().int().min(1).max(100000).optional(),
});

export async function loader({ request }: { request: Request }) {
  await guard(request, "routes/api.batches.$batchId.files");
  return json({ messageKey: "error.notFound" }, { status: 404 });
}

/** Receives one file of a batch and answers what became of it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await guard(request, "routes/api.batches.$batchId.files");
  const batch = await Batch.findOne({ _id: String(params.batchId ?? ""), uploadedBy: viewer.user.id }).lean<any>();
  if (!batch) throw notFound();
  const archive = await getArchiveInOffice(String(batch.archiveId), viewer.user.office);
  if (!archive) throw notFound();
  const limits = intakeLimits();
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: limits.maxBytes }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      const item = { filename: "", status: "rejected", reason: "tooLarge", byteSize: 0 };
      await Batch.updateOne({ _id: batch._id }, { $push: { items: item } });
      return json({ item }, { status: 413 });
    }
    return json({ messageKey: "error.badRequest" }, { status: 400 });
  }
  const file = form.get("file");
  if (!(file instanceof File)) return json({ fieldErrors: { file: "form.required" } }, { status: 400 });
  const fields = parseForm(FileFieldsSchema, {
    volume: form.get("volume") || undefined,
    firstPageNumber: form.get("firstPageNumber") || undefined,
  });
  if (!fields.ok) return json({ fieldErrors: fields.fieldErrors }, { status: 400 });
  const item = await ingestFile({
    batchId: batch._id,
    archiveId: archive.id,
    bytes: Buffer.from(await file.arrayBuffer()),
    filename: file.name || "upload",
    uploadedBy: viewer.user.id,
    volume: fields.data.volume || undefined,
    firstPageNumber: fields.data.firstPageNumber,
    limits,
  });
  return json({ item }, { status: item.status === "rejected" ? 422 : 200 });
}
