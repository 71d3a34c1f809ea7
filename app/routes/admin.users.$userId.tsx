import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clientIp, guard, notFound, type Viewer } from "~/services/auth.server";
import { getUserById, setPassword } from "~/models/user.server";
import { revokeUserSessions } from "~/models/session.server";
import { recordAudit } from "~/models/audit.server";
import { parseForm, type FieldErrors } from "~/utils/form";
import { ResetPasswordSchema } from "~/utils/schemas";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

const ROUTE = "routes/admin.users.$userId";

async function requireUserInOffice(viewer: Viewer, id: string | undefined) {
  const user = id ? await getUserById(id) : null;
  if (!user || user.office !== viewer.user.office) throw notFound();
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  const user = await requireUserInOffice(viewer, params.userId);
  return json({ user });
}

type ActionData = { fieldErrors?: FieldErrors; done?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  const user = await requireUserInOffice(viewer, params.userId);
  const parsed = parseForm(ResetPasswordSchema, await request.formData());
  if (!parsed.ok) return json<ActionData>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  await setPassword(user.id, parsed.data.password);
  await revokeUserSessions(user.id);
  await recordAudit({
    office: viewer.user.office,
    actorId: viewer.user.id,
    actorRole: viewer.user.role,
    action: "reset-password",
    entity: "user",
    entityId: user.id,
    ip: clientIp(request),
  });
  return json<ActionData>({ done: user.username });
}

export default function UserDetail() {
  const { user } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const { t } = useTranslation();
  return (
    <>
      <h1>
        {user.displayName} ({user.username})
      </h1>
      <p>{t(`role.${user.role}`)}</p>
      <h2>{t("users.reset")}</h2>
      {data?.done ? <p className="notice ok" role="status">{t("users.resetDone", { username: data.done })}</p> : null}
      <Form method="post" className="stack">
        <label>
          {t("users.newPassword")}
          <input name="password" type="password" autoComplete="new-password" required minLength={12} aria-invalid={Boolean(data?.fieldErrors?.password)} />
          {data?.fieldErrors?.password ? <span className="field-error">{t(data.fieldErrors.password)}</span> : null}
        </label>
        <button type="submit">{t("users.reset")}</button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
