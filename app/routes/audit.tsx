import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { guard } from "~/services/auth.server";
import { listAudit } from "~/models/audit.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/audit");
  return json({ events: await listAudit(viewer.user.office, 200) });
}

export default function Audit() {
  const { events } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "medium" });
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("audit.at")}</th>
            <th scope="col">{t("audit.actor")}</th>
            <th scope="col">{t("audit.action")}</th>
            <th scope="col">{t("audit.entity")}</th>
            <th scope="col">{t("audit.outcome")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{fmt.format(new Date(e.at))}</td>
              <td>{e.actorRole ? t(`role.${e.actorRole}`) : "-"}</td>
              <td>{e.action}</td>
              <td>
                {e.entity}
                {e.entityId ? ` ${e.entityId}` : ""}
              </td>
              <td>{e.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
