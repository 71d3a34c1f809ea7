import { notFound } from "~/services/auth.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

// Unmatched URLs land here, so the root loader runs and the 404 page is in the visitor's language.
export async function loader() {
  throw notFound();
}

export async function action() {
  throw notFound();
}

export default function NotFound() {
  return null;
}

export const ErrorBoundary = RouteErrorBoundary;
