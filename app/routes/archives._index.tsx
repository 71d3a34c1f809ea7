import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { guard } from "~/services/auth.server";
import { listArchives } from "~/models/archive.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/archives._index");
  return json({ archives: await listArchives(viewer.user.office) });
}

export default function Archives() {
  const { archives } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("archives.title")}</h1>
      {archives.length === 0 ? (
        <p>{t("archives.empty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("archives.name")}</th>
              <th scope="col">{t("archives.institution")}</th>
              <th scope="col">{t("archives.place")}</th>
              <th scope="col">{t("archives.period")}</th>
            </tr>
          </thead>
          <tbody>
            {archives.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>{a.institution}</td>
                <td>{a.place}</td>
                <td>{a.period}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
