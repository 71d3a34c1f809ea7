import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clientIp, getViewer, safeRedirect, startSession } from "~/services/auth.server";
import { checkLogin, clearFailedLogins, recordFailedLogin } from "~/services/throttle.server";
import { verifyLogin } from "~/models/user.server";
import { recordAudit } from "~/models/audit.server";
import { parseForm, type FieldErrors } from "~/utils/form";
import { LoginSchema } from "~/utils/schemas";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

const REASONS = ["required", "sessionInvalid", "loggedOut"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await getViewer(request)) return redirect(safeRedirect(url.searchParams.get("redirectTo")));
  const reason = url.searchParams.get("reason");
  return json({
    reason: (REASONS as readonly string[]).includes(reason ?? "") ? reason : null,
    redirectTo: safeRedirect(url.searchParams.get("redirectTo")),
  });
}

type ActionData = { fieldErrors?: FieldErrors; formError?: string; minutes?: number };

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(LoginSchema, await request.formData());
  if (!parsed.ok) return json<ActionData>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const { username, password, redirectTo } = parsed.data;
  const ip = clientIp(request);
  const throttle = await checkLogin(username, ip);
  if (!throttle.allowed) {
    return json<ActionData>({ formError: "login.throttled", minutes: throttle.retryMinutes }, { status: 429 });
  }
  const user = await verifyLogin(username, password);
  if (!user) {
    await recordFailedLogin(username, ip);
    await recordAudit({
      office: "unknown",
      actorId: null,
      actorRole: null,
      action: "login",
      entity: "session",
      entityId: username,
      outcome: "failed",
      ip,
    });
    return json<ActionData>({ formError: "login.failed" }, { status: 401 });
  }
  await clearFailedLogins(username, ip);
  await recordAudit({
    office: user.office,
    actorId: user.id,
    actorRole: user.role,
    action: "login",
    entity: "session",
    ip,
  });
  return startSession(request, user, redirectTo ?? "/dashboard");
}

export default function LoginPage() {
  const { reason, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { t } = useTranslation();
  const busy = useNavigation().state !== "idle";
  const fe = actionData?.fieldErrors ?? {};
  return (
    <section aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      {reason ? <p className="notice" role="status">{t(`login.${reason}`)}</p> : null}
      {actionData?.formError ? (
        <p className="notice error" role="alert" id="login-error">
          {t(actionData.formError, { minutes: actionData.minutes })}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <label>
          {t("login.username")}
          <input name="username" autoComplete="username" required maxLength={64} aria-invalid={Boolean(fe.username)} />
          {fe.username ? <span className="field-error">{t(fe.username)}</span> : null}
        </label>
        <label>
          {t("login.password")}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={Boolean(fe.password)}
          />
          {fe.password ? <span className="field-error">{t(fe.password)}</span> : null}
        </label>
        <button type="submit" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];

export const ErrorBoundary = RouteErrorBoundary;
