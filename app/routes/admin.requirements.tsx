import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CASE_STATES } from "~/core/workflow/states";
import { CASE_TYPES, requirementRulesSchema, type RequirementRules } from "~/core/workflow/requirements";
import { RequirementEditSchema, parseCaseForm } from "~/core/workflow/forms";
import { clientIp, guard } from "~/services/auth.server";
import { currentRequirementSet, listRequirementVersions, saveRequirementSet } from "~/models/requirement-set.server";
import { recordAudit } from "~/models/audit.server";
import { ActionNotice, FieldError, formatDate, limitText, pick, type ActionMessage } from "~/components/case-parts";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

const ROUTE = "routes/admin.requirements";

export async function loader({ request }: LoaderFunctionArgs) {
  await guard(request, ROUTE);
  const current = await currentRequirementSet();
  return json({ current, versions: await listRequirementVersions() });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  const parsed = parseCaseForm(RequirementEditSchema, await request.formData());
  if (!parsed.ok) return json<ActionMessage>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  let raw: unknown;
  try {
    raw = JSON.parse(parsed.data.rules);
  } catch (error) {
    return json<ActionMessage>({ formError: { key: "requirements.invalid", vars: { detail: (error as Error).message } } }, { status: 400 });
  }
  const rules = requirementRulesSchema.safeParse(raw);
  if (!rules.success) {
    const detail = rules.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return json<ActionMessage>({ formError: { key: "requirements.invalid", vars: { detail } } }, { status: 400 });
  }
  const version = await saveRequirementSet(rules.data as RequirementRules, parsed.data.note, viewer.user.id);
  await recordAudit({ office: viewer.user.office, actorId: viewer.user.id, actorRole: viewer.user.role, action: "update", entity: "requirements", entityId: String(version), ip: clientIp(request) });
  return json<ActionMessage>({ done: { key: "requirements.saved", vars: { version } } });
}

export default function Requirements() {
  const { current, versions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionMessage | undefined;
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const rules = current.rules as RequirementRules;
  return (
    <>
      <h1>{t("requirements.title")}</h1>
      <p id="requirements-current">{t("requirements.current", { version: current.version, date: formatDate(lng, current.createdAt) })}</p>
      <ActionNotice data={result} />
      <h2>{t("requirements.limits")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("requirements.state")}</th>
            <th scope="col">{t("requirements.limit")}</th>
          </tr>
        </thead>
        <tbody>
          {CASE_STATES.map((s) => (
            <tr key={s}>
              <td>{t(`caseFlow.state.${s}`)}</td>
              <td>{limitText(t, rules.timeLimits[s] ?? null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("requirements.caseTypes")}</h2>
      {CASE_TYPES.map((type) => (
        <section key={type} aria-labelledby={`type-${type}`}>
          <h3 id={`type-${type}`}>{pick(rules.caseTypes[type].label, lng)}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("requirements.material")}</th>
                <th scope="col">{t("requirements.where")}</th>
              </tr>
            </thead>
            <tbody>
              {rules.caseTypes[type].materials.map((m) => (
                <tr key={m.id}>
                  <td>
                    {pick(m.label, lng)} <span className="muted">({m.required ? t("requirements.required") : t("requirements.optional")})</span>
                    {m.purposes ? <span className="muted"> · {m.purposes.map((p) => t(`caseFlow.purpose.${p}`)).join("、")}</span> : null}
                  </td>
                  <td>{pick(m.where, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <Form method="post" className="stack wide" id="requirements-form">
        <label>
          {t("requirements.rules")}
          <textarea name="rules" rows={20} className="mono" defaultValue={JSON.stringify(rules, null, 2)} spellCheck={false} />
          <FieldError errors={result?.fieldErrors} name="rules" />
        </label>
        <label>
          {t("requirements.note")}
          <input name="note" required maxLength={200} />
          <FieldError errors={result?.fieldErrors} name="note" />
        </label>
        <button type="submit">{t("requirements.save")}</button>
      </Form>
      <h2>{t("requirements.versions")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("requirements.version")}</th>
            <th scope="col">{t("requirements.createdAt")}</th>
            <th scope="col">{t("requirements.note")}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td>{v.version}</td>
              <td>{formatDate(lng, v.createdAt, true)}</td>
              <td>{v.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
