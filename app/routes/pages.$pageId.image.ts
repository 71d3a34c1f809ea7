import type { LoaderFunctionArgs } from "@remix-run/node";
import { guard, notFound } from "~/services/auth.server";
import { getPage } from "~/models/page.server";
import { getArchiveInOffice } from "~/models/archive-access.server";
import { fileStore } from "~/services/storage.server";

/** The page image (`?kind=ocr`: the preprocessed image the OCR boxes refer to). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/pages.$pageId.image");
  const page = await getPage(String(params.pageId ?? ""));
  if (!page || !(await getArchiveInOffice(page.archiveId, viewer.user.office))) throw notFound();
  const kind = new URL(request.url).searchParams.get("kind");
  const useOcr = kind === "ocr" && page.ocr?.imageFileId;
  const bytes = await fileStore.get(useOcr ? page.ocr!.imageFileId : page.imageFileId);
  return new Response(new Uint8Array(bytes), {
    headers: { "Content-Type": useOcr ? "image/png" : page.imageMime, "Cache-Control": "private, max-age=3600" },
  });
}
