import type { LoaderFunctionArgs } from "@remix-run/node";
import { translate } from "~/i18n/i18n";
import { clientIp, guard, requestLanguage } from "~/services/auth.server";
import { CaseActionError, actorOf, caseForActor } from "~/services/case-access.server";
import { checkEvidenceFile } from "~/services/evidence-files.server";
import { listEvidenceItems } from "~/models/evidence-item.server";
import { recordAudit } from "~/models/audit.server";

/** One evidence file of a case, served only if its bytes still match their SHA-256. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/cases.$caseId.files.$sha256");
  const actor = actorOf(viewer);
  const caseId = params.caseId ?? "";
  const sha256 = params.sha256 ?? "";
  const language = await requestLanguage(request, viewer);
  const text = (key: string, status: number) => new Response(translate(language, key), { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  try {
    await caseForActor(actor, caseId, "read");
  } catch (error) {
    if (error instanceof CaseActionError) return text(error.messageKey, error.status);
    throw error;
  }
  const items = await listEvidenceItems(caseId);
  if (!items.some((i) => i.files.some((f) => f.sha256 === sha256))) return text("error.notFound", 404);
  const file = await checkEvidenceFile(sha256);
  if (!file.ok) return text(file.problem === "file-changed" ? "evidence.problem.file_changed" : "evidence.problem.file_missing", 409);
  await recordAudit({ office: actor.office, actorId: actor.id, actorRole: actor.role, action: "view-file", entity: "case", entityId: caseId, ip: clientIp(request), detail: { sha256 } });
  return new Response(new Uint8Array(file.bytes), { headers: { "Content-Type": file.contentType, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" } });
}
