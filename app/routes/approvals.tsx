import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clientIp, guard } from "~/services/auth.server";
import { recordAudit } from "~/models/audit.server";
import { listCaseRows } from "~/services/case-view.server";
import { CaseTable } from "~/components/case-table";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

/** Cases waiting for a decision, and every overdue case of the office: the supervisor's daily review. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/approvals");
  const scope = { kind: "office", office: viewer.user.office } as const;
  const now = new Date();
  const all = await listCaseRows(scope, now);
  const cases = all.filter((c) => c.status === "awaiting_approval");
  const overdue = all.filter((c) => c.clock.overdue);
  await recordAudit({
    office: viewer.user.office,
    actorId: viewer.user.id,
    actorRole: viewer.user.role,
    action: "list",
    entity: "case",
    ip: clientIp(request),
    detail: { status: "awaiting_approval", count: cases.length, overdue: overdue.length },
  });
  return json({ cases, overdue });
}

export default function Approvals() {
  const { cases, overdue } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("approvals.title")}</h1>
      <CaseTable cases={cases} empty={t("approvals.empty")} />
      {overdue.length > 0 ? (
        <section aria-labelledby="overdue-heading">
          <h2 id="overdue-heading">{t("caseFlow.overdueCount", { count: overdue.length })}</h2>
          <CaseTable cases={overdue} empty="" />
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
