import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { I18nextProvider } from "react-i18next";
import { useMemo } from "react";
import { navFor } from "~/core/access";
import { createI18n } from "~/i18n/i18n";
import { DEFAULT_LANGUAGE, type Language } from "~/i18n/languages";
import { getViewer, requestLanguage } from "~/services/auth.server";
import { Shell } from "~/components/shell";
import { ErrorPage } from "~/components/error-page";
import stylesheet from "~/styles/app.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const language = await requestLanguage(request, viewer);
  const url = new URL(request.url);
  return json({
    language,
    requestId: request.headers.get("x-suji-request-id") ?? "",
    path: url.pathname + url.search,
    user: viewer
      ? { displayName: viewer.user.displayName, role: viewer.user.role, username: viewer.user.username }
      : null,
    nav: viewer ? navFor(viewer.user.role) : [],
  });
}

export type RootData = ReturnType<typeof useLoaderData<typeof loader>>;

function Document({ language, children }: { language: Language; children: React.ReactNode }) {
  const i18n = useMemo(() => createI18n(language), [language]);
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>{children}</I18nextProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <Document language={data.language}>
      <Shell root={data}>
        <Outlet />
      </Shell>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<typeof loader>("root");
  const language = root?.language ?? DEFAULT_LANGUAGE;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <Document language={language}>
      <ErrorPage status={status} reference={root?.requestId ?? ""} />
    </Document>
  );
}
