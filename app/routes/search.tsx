import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { guard } from "~/services/auth.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  await guard(request, "routes/search");
  return json({});
}

export default function Search() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("search.title")}</h1>
      <p>{t("search.intro")}</p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
