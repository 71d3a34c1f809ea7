import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/core/access";
import { translate } from "~/i18n/i18n";
import { clientIp, guard, requestLanguage } from "~/services/auth.server";
import { CaseActionError, actorOf, caseForActor } from "~/services/case-access.server";
import { ExportRefused, exportBundle } from "~/services/case-bundle.server";
import { recordAudit } from "~/models/audit.server";

/** The case's evidence bundle as a download (BagIt zip). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/cases.$caseId.bundle");
  const actor = actorOf(viewer);
  const caseId = params.caseId ?? "";
  const language = await requestLanguage(request, viewer);
  try {
    if (!can(actor.role, "export:case")) throw new CaseActionError(403, "error.forbidden");
    await caseForActor(actor, caseId, "read");
    const bundle = await exportBundle(caseId);
    await recordAudit({ office: actor.office, actorId: actor.id, actorRole: actor.role, action: "export-bundle", entity: "case", entityId: caseId, ip: clientIp(request), detail: { events: bundle.eventCount } });
    return new Response(new Uint8Array(bundle.bytes), {
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="${bundle.filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof CaseActionError) return new Response(translate(language, error.messageKey), { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    if (error instanceof ExportRefused) {
      return new Response(`${translate(language, "evidence.bundle.refused")}\n${error.message}`, { status: 409, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    throw error;
  }
}
