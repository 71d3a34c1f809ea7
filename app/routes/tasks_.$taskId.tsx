import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { MaxPartSizeExceededError, json, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IDENTITY_FIELDS } from "~/core/workflow/identity";
import { ReportSchema, parseCaseForm } from "~/core/workflow/forms";
import { getEnv } from "~/env.server";
import { clientIp, guard, notFound } from "~/services/auth.server";
import { actorOf, refusalResponse } from "~/services/case-access.server";
import { reportFieldTask } from "~/services/case-evidence.server";
import { getCaseInScope } from "~/models/case.server";
import { getTaskAssignedTo } from "~/models/case-task.server";
import { recordAudit } from "~/models/audit.server";
import { ActionNotice, FieldError, formatDate, type ActionMessage } from "~/components/case-parts";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

const ROUTE = "routes/tasks_.$taskId";

/** What a field check needs, and no more: who, where, and what to find out. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  const task = await getTaskAssignedTo(viewer.user.id, params.taskId ?? "");
  if (!task) throw notFound();
  const doc = await getCaseInScope({ kind: "assigned", userId: viewer.user.id }, task.caseId);
  if (!doc) throw notFound();
  await recordAudit({ office: viewer.user.office, actorId: viewer.user.id, actorRole: viewer.user.role, action: "view", entity: "case", entityId: task.caseId, ip: clientIp(request), detail: { taskId: String(task._id) } });
  const sealed = new Map((doc.sealed ?? []).map((s) => [s.commitment, s.value]));
  const p = doc.personal ?? {};
  return json({
    task: {
      id: String(task._id),
      kind: task.kind,
      status: task.status,
      dueAt: task.dueAt ? new Date(task.dueAt).toISOString() : null,
      reportedAt: task.reportedAt ? new Date(task.reportedAt).toISOString() : null,
      instructions: task.instructionsCommitment ? (sealed.get(task.instructionsCommitment) ?? null) : null,
    },
    caseNumber: doc.number,
    resident: (["name", "formerNames", "sex", "birthDate", "address"] as const).map((field) => ({ field, value: p[field]?.value ?? null })).filter((f) => f.value !== null),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  let form: FormData;
  try {
    form = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")
      ? await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: getEnv().MAX_UPLOAD_BYTES }))
      : await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return json<ActionMessage>({ formError: { key: "form.tooLarge" } }, { status: 413 });
    throw error;
  }
  const parsed = parseCaseForm(ReportSchema, { outcome: form.get("outcome") ?? undefined, report: form.get("report") ?? undefined });
  if (!parsed.ok) return json<ActionMessage>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const upload = form.get("file");
  const file = upload instanceof File && upload.size > 0 ? { bytes: Buffer.from(await upload.arrayBuffer()), contentType: upload.type } : undefined;
  try {
    await reportFieldTask(params.taskId ?? "", { ...parsed.data, confirms: form.getAll("confirms").map(String), file }, actorOf(viewer));
    return json<ActionMessage>({ done: { key: "fieldTask.page.done" } });
  } catch (error) {
    return refusalResponse(error);
  }
}

export default function TaskPage() {
  const { task, caseNumber, resident } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionMessage | undefined;
  const { t, i18n } = useTranslation();
  return (
    <>
      <p>
        <Link to="/tasks">← {t("tasks.title")}</Link>
      </p>
      <h1>{t("fieldTask.page.title", { number: caseNumber })}</h1>
      <p>
        {t(`fieldTask.kind.${task.kind}`)} · {t(`fieldTask.status.${task.status}`)}
        {task.dueAt ? <> · {t("fieldTask.due", { date: formatDate(i18n.language, task.dueAt) })}</> : null}
      </p>
      <ActionNotice data={result} />
      <h2>{t("fieldTask.page.resident")}</h2>
      <dl className="fields">
        {resident.map((f) => (
          <div key={f.field}>
            <dt>{t(`caseFlow.field.${f.field}`)}</dt>
            <dd>{f.field === "sex" ? t(`caseFlow.sex.${f.value}`) : f.value}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("fieldTask.page.instructions")}</h2>
      <p id="task-instructions">{task.instructions}</p>
      {task.status === "reported" ? (
        <p className="notice ok" id="task-reported">
          {t("fieldTask.page.already", { date: formatDate(i18n.language, task.reportedAt, true) })}
        </p>
      ) : (
        <Form method="post" encType="multipart/form-data" className="stack wide" id="report-form">
          <h2>{t("fieldTask.page.report")}</h2>
          <label>
            {t("fieldTask.page.outcome")}
            <select name="outcome" required defaultValue="confirmed">
              <option value="confirmed">{t("fieldTask.outcome.confirmed")}</option>
              <option value="not_confirmed">{t("fieldTask.outcome.not_confirmed")}</option>
              <option value="inconclusive">{t("fieldTask.outcome.inconclusive")}</option>
            </select>
          </label>
          <label>
            {t("fieldTask.page.text")}
            <textarea name="report" rows={4} required maxLength={4000} />
            <FieldError errors={result?.fieldErrors} name="report" />
          </label>
          <fieldset>
            <legend>{t("fieldTask.page.confirms")}</legend>
            <div className="checks">
              {IDENTITY_FIELDS.map((f) => (
                <label key={f} className="check">
                  <input type="checkbox" name="confirms" value={f} /> {t(`caseFlow.field.${f}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <label>
            {t("fieldTask.page.file")}
            <input type="file" name="file" accept="image/png,image/jpeg,image/tiff,application/pdf" />
          </label>
          <button type="submit">{t("fieldTask.page.submit")}</button>
        </Form>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
