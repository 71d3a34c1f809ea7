import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { getViewer, languageCookie, safeRedirect } from "~/services/auth.server";
import { setLanguage } from "~/models/user.server";
import { parseForm } from "~/utils/form";
import { LanguageSchema } from "~/utils/schemas";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export async function loader() {
  return redirect("/dashboard");
}

/** Remembers the language per user (and in a cookie for the login page). */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(LanguageSchema, await request.formData());
  if (!parsed.ok) throw json({ messageKey: "form.unknownLanguage" }, { status: 400 });
  const viewer = await getViewer(request);
  if (viewer) await setLanguage(viewer.user.id, parsed.data.language);
  return redirect(safeRedirect(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await languageCookie.serialize(parsed.data.language) },
  });
}

export const ErrorBoundary = RouteErrorBoundary;
