import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CASE_PURPOSES, CASE_TYPES } from "~/core/workflow/requirements";
import { IDENTITY_FIELDS, packFormerNames, unpackFormerNames } from "~/core/workflow/identity";
import { IntakeSchema, parseCaseForm } from "~/core/workflow/forms";
import { LANGUAGES } from "~/i18n/languages";
import { guard } from "~/services/auth.server";
import { currentRequirementSet } from "~/models/requirement-set.server";
import { actorOf, refusalResponse } from "~/services/case-access.server";
import { openCase } from "~/services/case-intake.server";
import { ActionNotice, FieldError, pick, type ActionMessage } from "~/components/case-parts";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

const ROUTE = "routes/cases.new";

export async function loader({ request }: LoaderFunctionArgs) {
  await guard(request, ROUTE);
  const { rules, version } = await currentRequirementSet();
  return json({ version, caseTypes: CASE_TYPES.map((id) => ({ id, label: rules.caseTypes[id].label })) });
}

type ActionData = ActionMessage & { fieldErrors?: Record<string, string>; created?: { caseId: string; number: string; accessCode: string } };

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  const parsed = parseCaseForm(IntakeSchema, await request.formData());
  if (!parsed.ok) return json<ActionData>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const { caseType, purpose, preferredLanguage, formerNames, sex, ...rest } = parsed.data;
  try {
    const created = await openCase(
      {
        caseType,
        purpose,
        preferredLanguage,
        personal: { ...rest, sex: sex || undefined, formerNames: formerNames ? packFormerNames(unpackFormerNames(formerNames)) : undefined },
      },
      actorOf(viewer),
    );
    // Not a redirect: the access code is shown this once and never again.
    return json<ActionData>({ created });
  } catch (error) {
    return refusalResponse(error);
  }
}

const TEXT_FIELDS = IDENTITY_FIELDS.filter((f) => f !== "name" && f !== "sex");

export default function NewCase() {
  const { caseTypes } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();

  if (data?.created) {
    return (
      <>
        <h1>{t("caseFlow.intake.title")}</h1>
        <p className="notice ok" role="status" id="case-created">
          {t("caseFlow.intake.created", { number: data.created.number })}
        </p>
        <section className="access-code" aria-labelledby="access-code-title">
          <h2 id="access-code-title">{t("caseFlow.intake.accessCodeTitle")}</h2>
          <p className="code" id="access-code">
            {data.created.accessCode}
          </p>
          <p>{t("caseFlow.intake.accessCodeNote")}</p>
        </section>
        <p>
          <Link to={`/cases/${data.created.caseId}`} id="open-case" className="button-link">
            {t("caseFlow.intake.openCase")}
          </Link>
        </p>
      </>
    );
  }

  const errors = data?.fieldErrors;
  return (
    <>
      <h1>{t("caseFlow.intake.title")}</h1>
      <p>{t("caseFlow.intake.intro")}</p>
      <ActionNotice data={data} />
      <Form method="post" className="stack wide" id="intake-form">
        <fieldset>
          <legend>{t("caseFlow.intake.caseDetails")}</legend>
          <label>
            {t("caseFlow.caseType")}
            <select name="caseType" required defaultValue="lost_record">
              {caseTypes.map((c) => (
                <option key={c.id} value={c.id}>
                  {pick(c.label, i18n.language)}
                </option>
              ))}
            </select>
            <FieldError errors={errors} name="caseType" />
          </label>
          <label>
            {t("caseFlow.purposeLabel")}
            <select name="purpose" required defaultValue="id_card">
              {CASE_PURPOSES.map((p) => (
                <option key={p} value={p}>
                  {t(`caseFlow.purpose.${p}`)}
                </option>
              ))}
            </select>
            <FieldError errors={errors} name="purpose" />
          </label>
          <label>
            {t("caseFlow.preferredLanguage")}
            <select name="preferredLanguage" defaultValue={i18n.language}>
              {LANGUAGES.map((lng) => (
                <option key={lng} value={lng} lang={lng}>
                  {t(`language.${lng}`)}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <fieldset>
          <legend>{t("caseFlow.intake.identity")}</legend>
          <label>
            {t("caseFlow.field.name")}
            <input name="name" required maxLength={80} autoComplete="off" aria-invalid={Boolean(errors?.name)} />
            <FieldError errors={errors} name="name" />
          </label>
          <label>
            {t("caseFlow.field.sex")}
            <select name="sex" defaultValue="">
              <option value="">{t("caseFlow.sex.unknown")}</option>
              <option value="male">{t("caseFlow.sex.male")}</option>
              <option value="female">{t("caseFlow.sex.female")}</option>
            </select>
          </label>
          {TEXT_FIELDS.map((field) => (
            <label key={field}>
              {t(`caseFlow.field.${field}`)}
              <input name={field} maxLength={200} autoComplete="off" aria-invalid={Boolean(errors?.[field])} aria-describedby={field === "formerNames" ? "former-hint" : undefined} />
              {field === "formerNames" ? (
                <span className="muted" id="former-hint">
                  {t("caseFlow.intake.formerNamesHint")}
                </span>
              ) : null}
              <FieldError errors={errors} name={field} />
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("caseFlow.intake.contact")}</legend>
          <label>
            {t("caseFlow.field.phone")}
            <input name="phone" type="tel" maxLength={30} autoComplete="off" aria-invalid={Boolean(errors?.phone)} />
            <FieldError errors={errors} name="phone" />
          </label>
        </fieldset>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("caseFlow.intake.submit")}
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
