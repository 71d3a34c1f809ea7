import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clientIp, guard } from "~/services/auth.server";
import { recordAudit } from "~/models/audit.server";
import { listCaseRows } from "~/services/case-view.server";
import { caseScopeFor } from "~/services/case-scope.server";
import { CaseTable } from "~/components/case-table";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/cases._index");
  const cases = await listCaseRows(caseScopeFor(viewer)!, new Date());
  await recordAudit({
    office: viewer.user.office,
    actorId: viewer.user.id,
    actorRole: viewer.user.role,
    action: "list",
    entity: "case",
    ip: clientIp(request),
    detail: { count: cases.length },
  });
  return json({ cases, canOpen: viewer.user.role === "officer", overdue: cases.filter((c) => c.clock.overdue).length });
}

export default function Cases() {
  const { cases, canOpen, overdue } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("cases.title")}</h1>
      {canOpen ? (
        <p>
          <Link to="/cases/new" className="button-link">
            {t("caseFlow.newCase")}
          </Link>
        </p>
      ) : null}
      {overdue > 0 ? (
        <p className="notice error" id="overdue-count">
          {t("caseFlow.overdueCount", { count: overdue })}
        </p>
      ) : null}
      <CaseTable cases={cases} empty={t("cases.empty")} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
