import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ROLES } from "~/core/access";
import { clientIp, guard } from "~/services/auth.server";
import { createUser, getUserByUsername, listUsers } from "~/models/user.server";
import { recordAudit } from "~/models/audit.server";
import { parseForm, type FieldErrors } from "~/utils/form";
import { NewUserSchema } from "~/utils/schemas";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

const ROUTE = "routes/admin.users._index";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  return json({ users: await listUsers(viewer.user.office) });
}

type ActionData = { fieldErrors?: FieldErrors; formError?: string; created?: string; username?: string };

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  const parsed = parseForm(NewUserSchema, await request.formData());
  if (!parsed.ok) return json<ActionData>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const input = parsed.data;
  if (await getUserByUsername(input.username)) {
    return json<ActionData>({ formError: "users.exists", username: input.username }, { status: 409 });
  }
  const user = await createUser({ ...input, office: viewer.user.office });
  await recordAudit({
    office: viewer.user.office,
    actorId: viewer.user.id,
    actorRole: viewer.user.role,
    action: "create",
    entity: "user",
    entityId: user.id,
    ip: clientIp(request),
    detail: { username: user.username, role: user.role },
  });
  return json<ActionData>({ created: user.username });
}

export default function Users() {
  const { users } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const { t } = useTranslation();
  const fe = data?.fieldErrors ?? {};
  return (
    <>
      <h1>{t("users.title")}</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("users.username")}</th>
            <th scope="col">{t("users.displayName")}</th>
            <th scope="col">{t("users.role")}</th>
            <th scope="col">
              <span className="muted">{t("users.edit")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>
                {u.displayName} {u.disabled ? <span className="muted">({t("users.disabled")})</span> : null}
              </td>
              <td>{t(`role.${u.role}`)}</td>
              <td>
                <Link to={`/admin/users/${u.id}`}>{t("users.reset")}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("users.add")}</h2>
      {data?.created ? <p className="notice ok" role="status">{t("users.created", { username: data.created })}</p> : null}
      {data?.formError ? (
        <p className="notice error" role="alert">
          {t(data.formError, { username: data.username })}
        </p>
      ) : null}
      {data?.fieldErrors ? <p className="notice error" role="alert">{t("form.invalid")}</p> : null}
      <Form method="post" className="stack">
        <label>
          {t("users.username")}
          <input name="username" required pattern="[A-Za-z0-9._\-]{3,32}" aria-invalid={Boolean(fe.username)} />
          {fe.username ? <span className="field-error">{t(fe.username)}</span> : null}
        </label>
        <label>
          {t("users.displayName")}
          <input name="displayName" required maxLength={80} aria-invalid={Boolean(fe.displayName)} />
          {fe.displayName ? <span className="field-error">{t(fe.displayName)}</span> : null}
        </label>
        <label>
          {t("users.role")}
          <select name="role" aria-invalid={Boolean(fe.role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
          {fe.role ? <span className="field-error">{t(fe.role)}</span> : null}
        </label>
        <label>
          {t("users.password")}
          <input name="password" type="password" autoComplete="new-password" required minLength={12} aria-invalid={Boolean(fe.password)} />
          {fe.password ? <span className="field-error">{t(fe.password)}</span> : null}
        </label>
        <button type="submit">{t("users.submit")}</button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
