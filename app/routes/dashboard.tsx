import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { guard } from "~/services/auth.server";
import { countArchives } from "~/models/archive.server";
import { countCases } from "~/models/case.server";
import { caseScopeFor } from "~/services/case-scope.server";
import { countUsers } from "~/models/user.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/dashboard");
  const scope = caseScopeFor(viewer);
  const [archives, cases, users] = await Promise.all([
    viewer.user.role === "community_officer" ? null : countArchives(viewer.user.office),
    scope ? countCases(scope) : null,
    viewer.user.role === "admin" ? countUsers() : null,
  ]);
  return json({ user: viewer.user, counts: { archives, cases, users } });
}

export default function Dashboard() {
  const { user, counts } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("dashboard.title")}</h1>
      <p>{t("dashboard.welcome", { name: user.displayName })}</p>
      <p className="muted">
        {t("dashboard.roleIs", { role: t(`role.${user.role}`) })} · {t("dashboard.office", { office: user.office })}
      </p>
      <h2>{t("dashboard.counts")}</h2>
      <div className="cards">
        {(["archives", "cases", "users"] as const).map((k) =>
          counts[k] === null ? null : (
            <div className="card" key={k}>
              <strong>{counts[k]}</strong>
              {t(`dashboard.${k}`)}
            </div>
          ),
        )}
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
