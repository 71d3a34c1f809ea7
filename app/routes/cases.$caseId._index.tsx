import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { MaxPartSizeExceededError, json, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AssignTaskSchema, CheckpointSchema, DocumentSchema, EraseSchema, StatementSchema, TransitionSchema, parseCaseForm } from "~/core/workflow/forms";
import { IDENTITY_FIELDS } from "~/core/workflow/identity";
import { TRANSITIONS } from "~/core/workflow/states";
import { eventTypeKey, problemKey } from "~/core/workflow/log";
import { getEnv } from "~/env.server";
import { clientIp, guard } from "~/services/auth.server";
import { CaseActionError, actorOf, caseForActor, refusalResponse } from "~/services/case-access.server";
import { loadCasePage } from "~/services/case-view.server";
import { fireTransition } from "~/services/case-workflow.server";
import { addResidentDocument, addStatement, assignFieldTask } from "~/services/case-evidence.server";
import { erasePersonalData } from "~/services/case-erasure.server";
import { createCheckpoint } from "~/services/evidence-log.server";
import { ActionNotice, FieldError, ProcessDiagram, formatDate, limitText, pick, type ActionMessage } from "~/components/case-parts";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

const ROUTE = "routes/cases.$caseId._index";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  try {
    return json(await loadCasePage(actorOf(viewer), params.caseId ?? "", new Date(), { ip: clientIp(request) }));
  } catch (error) {
    if (error instanceof CaseActionError) throw json({ messageKey: error.messageKey }, { status: error.status });
    throw error;
  }
}

async function readForm(request: Request): Promise<FormData> {
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return request.formData();
  return unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: getEnv().MAX_UPLOAD_BYTES }));
}

async function fileOf(form: FormData) {
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return undefined;
  return { bytes: Buffer.from(await file.arrayBuffer()), contentType: file.type };
}

const done = (key: string, vars: Record<string, string | number> = {}) => json<ActionMessage>({ done: { key, vars } });
const invalid = (intent: string, fieldErrors: Record<string, string>) => json<ActionMessage>({ intent, fieldErrors }, { status: 400 });

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  const actor = actorOf(viewer);
  const caseId = params.caseId ?? "";
  let form: FormData;
  try {
    form = await readForm(request);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return json<ActionMessage>({ formError: { key: "form.tooLarge" } }, { status: 413 });
    throw error;
  }
  const intent = String(form.get("intent") ?? "");
  try {
    switch (intent) {
      case "transition": {
        const parsed = parseCaseForm(TransitionSchema, form);
        if (!parsed.ok) return invalid(intent, parsed.fieldErrors);
        await fireTransition(caseId, parsed.data.transition, actor, parsed.data.reason);
        return done("caseFlow.done", { transition: parsed.data.transition });
      }
      case "upload-document": {
        const parsed = parseCaseForm(DocumentSchema, { intent, materialId: form.get("materialId") ?? undefined, note: form.get("note") ?? undefined });
        if (!parsed.ok) return invalid(intent, parsed.fieldErrors);
        const file = await fileOf(form);
        if (!file) return invalid(intent, { file: "form.required" });
        await addResidentDocument(caseId, { materialId: parsed.data.materialId, note: parsed.data.note, file }, actor);
        return done("evidence.upload.done");
      }
      case "add-statement": {
        const parsed = parseCaseForm(StatementSchema, { intent, kind: form.get("kind") ?? undefined, agency: form.get("agency") ?? undefined, text: form.get("text") ?? undefined });
        if (!parsed.ok) return invalid(intent, parsed.fieldErrors);
        const confirms = form.getAll("confirms").map(String);
        await addStatement(caseId, { ...parsed.data, confirms, file: await fileOf(form) }, actor);
        return done("evidence.statement.done");
      }
      case "assign-task": {
        const parsed = parseCaseForm(AssignTaskSchema, form);
        if (!parsed.ok) return invalid(intent, parsed.fieldErrors);
        const { dueDate, ...task } = parsed.data;
        // A due date is the end of that office-local day.
        await assignFieldTask(caseId, { ...task, dueAt: dueDate ? new Date(`${dueDate}T23:59:59+08:00`) : null }, actor);
        return done("fieldTask.assign.done");
      }
      case "erase": {
        const parsed = parseCaseForm(EraseSchema, form);
        if (!parsed.ok) return invalid(intent, parsed.fieldErrors);
        const result = await erasePersonalData(caseId, { rule: parsed.data.rule }, actor);
        return done("evidence.erase.done", { count: result.erased });
      }
      case "checkpoint": {
        const parsed = parseCaseForm(CheckpointSchema, form);
        if (!parsed.ok) return invalid(intent, parsed.fieldErrors);
        await caseForActor(actor, caseId, "read");
        await createCheckpoint({ force: true });
        return done("evidence.log.checkpointDone");
      }
      default:
        return json<ActionMessage>({ formError: { key: "error.badRequest" } }, { status: 400 });
    }
  } catch (error) {
    return refusalResponse(error);
  }
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} id={id} className="case-section">
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

export default function CasePage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionMessage | undefined;
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const c = data.case;
  const erasureText = (e: { erasedAt: string; erasedByRole: string; rule: string }) =>
    t("caseFlow.page.erased", { date: formatDate(lng, e.erasedAt), role: t(`role.${e.erasedByRole}`), rule: pick(data.erasureRuleLabels[e.rule] ?? { "zh-Hant": e.rule, "zh-Hans": e.rule, en: e.rule }, lng) });
  const sealedText = (s: { value: string | null; erased: { erasedAt: string; rule: string } | null } | null) =>
    !s ? null : s.erased ? (
      <span className="erased">{t("evidence.erasedText", { date: formatDate(lng, s.erased.erasedAt), rule: pick(data.erasureRuleLabels[s.erased.rule] ?? { "zh-Hant": s.erased.rule, "zh-Hans": s.erased.rule, en: s.erased.rule }, lng) })}</span>
    ) : (
      s.value
    );
  const errors = result?.fieldErrors;
  const materials = new Map(data.checklist.map((m) => [m.id, m]));
  const log = data.log;
  // Exposed so browser tests (and styles) can tell when the page has caught up with an action.
  const state = useNavigation().state;

  return (
    <div className="case-page" data-state={state}>
      <h1>
        {c.number} · {c.residentName ?? t("record.erased")}
      </h1>
      <p className="case-meta">
        <span className="badge state" data-status={c.status} id="case-status">
          {t(`caseFlow.state.${c.status}`)}
        </span>{" "}
        {t(`caseFlow.purpose.${c.purpose}`)} · {c.officerName ? t("caseFlow.page.officer", { name: c.officerName }) : null} · {t("caseFlow.page.opened", { date: formatDate(lng, c.openedAt) })} ·{" "}
        {t("caseFlow.page.requirementVersion", { version: c.requirementVersion })}
      </p>
      {data.clock.deadline ? (
        <p className={data.clock.overdue ? "notice error" : "notice"} id="case-clock" data-overdue={data.clock.overdue ? "true" : "false"}>
          {data.clock.overdue ? t("caseFlow.page.overdue", { date: formatDate(lng, data.clock.deadline, true) }) : t("caseFlow.page.deadline", { date: formatDate(lng, data.clock.deadline, true) })} ({limitText(t, data.clock.limit)})
        </p>
      ) : null}
      <ActionNotice data={result} />

      <Section id="process" title={t("caseFlow.page.process")}>
        <ProcessDiagram status={c.status as never} />
      </Section>

      <Section id="log" title={t("evidence.log.title")}>
        {log.ok ? (
          <div className="notice ok" id="log-status" data-ok="true">
            <p>{t("evidence.log.verified", { count: log.eventCount, files: log.filesChecked })}</p>
            <p>
              {log.checkpoint ? t("evidence.log.checkpoint", { date: formatDate(lng, log.checkpoint.issuedAt, true), seq: log.checkpoint.seq }) : t("evidence.log.noCheckpoint")}{" "}
              {log.checkpoint && log.pendingEvents > 0 ? t("evidence.log.pending", { count: log.pendingEvents }) : null}
            </p>
          </div>
        ) : (
          <div className="notice error" id="log-status" data-ok="false" data-seq={log.problem?.seq ?? ""} data-code={log.problem?.code ?? ""} role="alert">
            <p>
              <strong>{log.problem?.seq ? t("evidence.log.broken", { seq: log.problem.seq }) : t("evidence.log.brokenNoSeq")}</strong>
            </p>
            {log.problem ? <p>{t(problemKey(log.problem.code))}</p> : null}
            {log.problem?.afterSeq ? <p>{t("evidence.log.rewrittenAfter", { after: log.problem.afterSeq })}</p> : null}
            {log.problem?.sha256 ? <p className="mono">{t("evidence.log.file", { sha: log.problem.sha256 })}</p> : null}
            {log.problem?.field ? <p>{t(`caseFlow.field.${log.problem.field}`, { defaultValue: log.problem.field })}</p> : null}
          </div>
        )}
        <p className="muted">{t("evidence.log.took", { ms: log.tookMs })}</p>
        <div className="actions-row">
          {data.canExport && log.ok ? (
            <a href={`/cases/${c.id}/bundle`} download id="export-bundle" className="button-link">
              {t("caseFlow.page.export")}
            </a>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="checkpoint" />
            <button type="submit" className="secondary">
              {t("evidence.log.checkpointNow")}
            </button>
          </Form>
        </div>
        {data.canExport ? <p className="muted mono">{t("caseFlow.page.exportHint")}</p> : null}
        <details>
          <summary>
            {t("evidence.log.title")} ({data.events.length})
          </summary>
          <table className="event-table">
            <thead>
              <tr>
                <th scope="col">{t("evidence.log.seq")}</th>
                <th scope="col">{t("evidence.log.type")}</th>
                <th scope="col">{t("evidence.log.at")}</th>
                <th scope="col">{t("evidence.log.actor")}</th>
                <th scope="col">{t("evidence.reason")}</th>
                <th scope="col">{t("evidence.log.hash")}</th>
              </tr>
            </thead>
            <tbody>
              {data.events.map((e) => (
                <tr key={e.seq} data-seq={e.seq} className={log.problem?.seq === e.seq ? "broken" : undefined}>
                  <td>{e.seq}</td>
                  <td>
                    {t(eventTypeKey(e.type), { defaultValue: e.type })}
                    {e.transition ? ` (${t(`caseFlow.transition.${e.transition}`)})` : null}
                  </td>
                  <td>{formatDate(lng, e.at, true)}</td>
                  <td>{t(`role.${e.actorRole}`, { defaultValue: e.actorRole })}</td>
                  <td>{sealedText(data.reasons[e.seq] ?? null)}</td>
                  <td className="mono">{e.hash.slice(0, 12)}…</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </Section>

      <Section id="identity" title={t("caseFlow.page.identity")}>
        <dl className="fields">
          {data.identity.map((f) => (
            <div key={f.field} data-field={f.field}>
              <dt>{t(`caseFlow.field.${f.field}`)}</dt>
              <dd>{f.erased ? <span className="erased">{erasureText(f.erased)}</span> : f.field === "sex" && f.value ? t(`caseFlow.sex.${f.value}`) : f.value}</dd>
            </div>
          ))}
        </dl>
        {data.otherErasures.length > 0 ? (
          <details>
            <summary>{t("evidence.erase.other")}</summary>
            <ul>
              {data.otherErasures.map((e) => (
                <li key={`${e.field}-${e.seq}`}>
                  {t("evidence.erase.row", {
                    field: e.field.startsWith("record_") ? t("evidence.sealed.record", { field: t(`caseFlow.field.${e.field.slice(7)}`) }) : t(`evidence.sealed.${e.field}`, { defaultValue: e.field }),
                    seq: e.seq,
                    date: formatDate(lng, e.erasedAt),
                    role: t(`role.${e.erasedByRole}`),
                    rule: pick(data.erasureRuleLabels[e.rule] ?? { "zh-Hant": e.rule, "zh-Hans": e.rule, en: e.rule }, lng),
                  })}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </Section>

      <Section id="checklist" title={t("requirements.checklist")}>
        <p>{t("requirements.checklistIntro")}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("requirements.material")}</th>
              <th scope="col">{t("requirements.where")}</th>
              <th scope="col">{t("cases.status")}</th>
            </tr>
          </thead>
          <tbody>
            {data.checklist.map((m) => (
              <tr key={m.id} data-material={m.id}>
                <td>
                  {pick(m.label, lng)} <span className="muted">({m.required ? t("requirements.required") : t("requirements.optional")})</span>
                </td>
                <td>{pick(m.where, lng)}</td>
                <td>{m.brought ? t("requirements.brought") : t("requirements.missing")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section id="next" title={t("caseFlow.page.next")}>
        {data.canWork && ["intake", "searching", "evidence_review", "returned"].includes(c.status) ? (
          <p>
            <Link to={data.searchLink} id="search-link" className="button-link">
              {t("caseFlow.page.search")}
            </Link>{" "}
            <span className="muted">{t("caseFlow.page.searchHint")}</span>
          </p>
        ) : null}
        {data.transitions.length === 0 && !data.canWork && data.erasureRules.length === 0 ? <p>{t("caseFlow.page.noActions")}</p> : null}
        <div className="transition-forms">
          {data.transitions.map((name) => {
            const required = TRANSITIONS[name].reason === "required";
            return (
              <Form method="post" key={name} className="stack transition" data-transition={name}>
                <input type="hidden" name="intent" value="transition" />
                <input type="hidden" name="transition" value={name} />
                <label>
                  {required ? t("caseFlow.reasonRequired") : t("caseFlow.reason")}
                  <textarea name="reason" rows={2} maxLength={2000} required={required} />
                </label>
                <button type="submit" className={name === "reject" ? "danger" : name === "return" || name === "back_to_search" ? "secondary" : undefined}>
                  {t(`caseFlow.transition.${name}`)}
                </button>
              </Form>
            );
          })}
        </div>

        {data.canWork ? (
          <div className="work-forms">
            <Form method="post" encType="multipart/form-data" className="stack" id="upload-document">
              <h3>{t("evidence.upload.title")}</h3>
              <input type="hidden" name="intent" value="upload-document" />
              <label>
                {t("evidence.upload.material")}
                <select name="materialId" required>
                  {data.checklist.map((m) => (
                    <option key={m.id} value={m.id}>
                      {pick(m.label, lng)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t("evidence.upload.file")}
                <input type="file" name="file" required accept="image/png,image/jpeg,image/tiff,application/pdf" />
                {result?.intent === "upload-document" ? <FieldError errors={errors} name="file" /> : null}
              </label>
              <label>
                {t("evidence.upload.note")}
                <input name="note" maxLength={500} />
              </label>
              <button type="submit">{t("evidence.upload.submit")}</button>
            </Form>

            <Form method="post" encType="multipart/form-data" className="stack" id="add-statement">
              <h3>{t("evidence.statement.title")}</h3>
              <input type="hidden" name="intent" value="add-statement" />
              <label>
                {t("evidence.statement.kind")}
                <select name="kind">
                  <option value="witness_statement">{t("evidence.kind.witness_statement")}</option>
                  <option value="agency_record">{t("evidence.kind.agency_record")}</option>
                </select>
              </label>
              <label>
                {t("evidence.statement.agency")}
                <input name="agency" maxLength={120} />
              </label>
              <label>
                {t("evidence.statement.text")}
                <textarea name="text" rows={3} required maxLength={4000} />
                {result?.intent === "add-statement" ? <FieldError errors={errors} name="text" /> : null}
              </label>
              <fieldset>
                <legend>{t("evidence.statement.confirms")}</legend>
                <div className="checks">
                  {IDENTITY_FIELDS.map((f) => (
                    <label key={f} className="check">
                      <input type="checkbox" name="confirms" value={f} /> {t(`caseFlow.field.${f}`)}
                    </label>
                  ))}
                </div>
              </fieldset>
              <label>
                {t("evidence.statement.file")}
                <input type="file" name="file" accept="image/png,image/jpeg,image/tiff,application/pdf" />
              </label>
              <button type="submit">{t("evidence.statement.submit")}</button>
            </Form>

            <Form method="post" className="stack" id="assign-task">
              <h3>{t("fieldTask.assign.title")}</h3>
              <input type="hidden" name="intent" value="assign-task" />
              {data.communityOfficers.length === 0 ? (
                <p className="muted">{t("fieldTask.assign.noOfficers")}</p>
              ) : (
                <>
                  <label>
                    {t("fieldTask.assign.assignee")}
                    <select name="assignedTo" required>
                      {data.communityOfficers.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    {t("fieldTask.assign.kind")}
                    <select name="kind">
                      <option value="visit">{t("fieldTask.kind.visit")}</option>
                      <option value="neighbour_statement">{t("fieldTask.kind.neighbour_statement")}</option>
                    </select>
                  </label>
                  <label>
                    {t("fieldTask.assign.instructions")}
                    <textarea name="instructions" rows={2} required maxLength={2000} />
                    {result?.intent === "assign-task" ? <FieldError errors={errors} name="instructions" /> : null}
                  </label>
                  <label>
                    {t("fieldTask.assign.due")}
                    <input type="date" name="dueDate" />
                  </label>
                  <button type="submit">{t("fieldTask.assign.submit")}</button>
                </>
              )}
            </Form>
          </div>
        ) : null}

        {data.erasureRules.length > 0 ? (
          <Form method="post" className="stack danger-zone" id="erase-form">
            <h3>{t("evidence.erase.title")}</h3>
            <p>{t("evidence.erase.intro")}</p>
            <input type="hidden" name="intent" value="erase" />
            <label>
              {t("evidence.erase.rule")}
              <select name="rule" required>
                {data.erasureRules.map((r) => (
                  <option key={r.id} value={r.id}>
                    {pick(r.label, lng)}
                  </option>
                ))}
              </select>
            </label>
            <label className="check">
              <input type="checkbox" name="confirm" value="yes" required /> {t("evidence.erase.confirm")}
            </label>
            {result?.intent === "erase" ? <FieldError errors={errors} name="confirm" /> : null}
            <button type="submit" className="danger">
              {t("evidence.erase.submit")}
            </button>
          </Form>
        ) : null}
        {data.record ? (
          <p>
            <Link to={`/cases/${c.id}/record`} id="record-link" className="button-link">
              {t("caseFlow.page.record")}
            </Link>
          </p>
        ) : null}
      </Section>

      <Section id="evidence" title={t("evidence.title")}>
        {data.evidence.length === 0 ? <p>{t("evidence.none")}</p> : null}
        <ol className="evidence-list">
          {data.evidence.map((item) => (
            <li key={item.id} data-item={item.id} data-kind={item.kind} data-status={item.status}>
              <h3>
                {t(`evidence.kind.${item.kind}`)} · <span className={`badge ${item.status}`}>{t(`evidence.status.${item.status}`)}</span>
                {item.probability !== null ? <> · {t("evidence.probability", { pct: Math.round(item.probability * 1000) / 10 })}</> : null}
              </h3>
              <p className="muted">
                {t("evidence.added", { name: item.addedByName ?? "", role: t(`role.${item.addedByRole}`), date: formatDate(lng, item.addedAt, true), seq: item.seq ?? "–" })}
              </p>
              {item.materialId ? <p>{t("evidence.material", { material: materials.get(item.materialId) ? pick(materials.get(item.materialId)!.label, lng) : item.materialId })}</p> : null}
              {item.agency ? <p>{t("evidence.agency", { agency: item.agency })}</p> : null}
              {item.entryId ? (
                <p>
                  {t("evidence.entry", { id: item.entryId })} · {t("evidence.page", { sha: (item.scanSha256 ?? "").slice(0, 12), page: item.pageNumber ?? "" })}
                </p>
              ) : null}
              {item.snapshotErased ? <p className="erased">{sealedText({ value: null, erased: item.snapshotErased })}</p> : null}
              {item.entryFields ? (
                <details>
                  <summary>{t("evidence.entryFields")}</summary>
                  <dl className="fields">
                    {Object.entries(item.entryFields).map(([k, v]) => (
                      <div key={k}>
                        <dt>{t(`caseFlow.field.${k}`, { defaultValue: k })}</dt>
                        <dd>{v}</dd>
                      </div>
                    ))}
                  </dl>
                  {item.explanation ? (
                    <>
                      <h4>{t("evidence.explanation")}</h4>
                      <pre className="explanation">{item.explanation}</pre>
                    </>
                  ) : null}
                </details>
              ) : null}
              {item.statement ? (
                <p>
                  {t("evidence.content")}: {sealedText(item.statement)}
                </p>
              ) : null}
              {item.reason ? (
                <p>
                  {t("evidence.reason")}: {sealedText(item.reason)}
                </p>
              ) : null}
              {item.confirms.length > 0 ? (
                <p>
                  {t("evidence.confirms")}: {item.confirms.map((f) => t(`caseFlow.field.${f}`)).join("、")}
                </p>
              ) : null}
              {item.files.length > 0 ? (
                <ul className="files">
                  {item.files.map((f) => (
                    <li key={f.sha256}>
                      <a href={`/cases/${c.id}/files/${f.sha256}`} className="mono">
                        {f.role === "crop" ? `${t("evidence.crop")} · ` : null}
                        {t("evidence.file", { sha: f.sha256.slice(0, 16) })}
                      </a>{" "}
                      <span className="muted">{f.contentType}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      </Section>

      <Section id="tasks" title={t("fieldTask.title")}>
        {data.tasks.length === 0 ? (
          <p>{t("fieldTask.none")}</p>
        ) : (
          <ul className="task-list">
            {data.tasks.map((task) => (
              <li key={task.id} data-task={task.id} data-status={task.status}>
                <strong>{t(`fieldTask.kind.${task.kind}`)}</strong> · {t("fieldTask.assignedTo", { name: task.assignedToName })} · {t(`fieldTask.status.${task.status}`)}
                {task.outcome ? <> · {t(`fieldTask.outcome.${task.outcome}`)}</> : null}
                {task.dueAt ? <> · {t("fieldTask.due", { date: formatDate(lng, task.dueAt) })}</> : null}
                {task.instructions ? (
                  <p>
                    {t("fieldTask.page.instructions")}: {sealedText(task.instructions)}
                  </p>
                ) : null}
                {task.report ? (
                  <p>
                    {t("evidence.sealed.report")}: {sealedText(task.report)}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
