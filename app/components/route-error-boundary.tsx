import { isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { RootData } from "~/root";
import { ErrorPage } from "./error-page";

/** The ErrorBoundary every route exports: keeps the shell, shows a translated message. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData("root") as RootData | undefined;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return <ErrorPage status={status} reference={root?.requestId ?? ""} inShell />;
}
