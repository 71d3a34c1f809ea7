import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clientIp, guard } from "~/services/auth.server";
import { listCases } from "~/models/case.server";
import { recordAudit } from "~/models/audit.server";
import { CaseTable } from "~/components/case-table";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/approvals");
  const cases = await listCases({ kind: "office", office: viewer.user.office }, "awaiting_approval");
  await recordAudit({
    office: viewer.user.office,
    actorId: viewer.user.id,
    actorRole: viewer.user.role,
    action: "list",
    entity: "case",
    ip: clientIp(request),
    detail: { status: "awaiting_approval", count: cases.length },
  });
  return json({ cases });
}

export default function Approvals() {
  const { cases } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("approvals.title")}</h1>
      <CaseTable cases={cases} empty={t("approvals.empty")} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
