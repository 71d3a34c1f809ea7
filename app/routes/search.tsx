import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { explain } from "~/core/match";
import { glossaryFor } from "~/core/glossary";
import { clientIp, guard, requestLanguage } from "~/services/auth.server";
import { getMatchIndex } from "~/services/match-index.server";
import { listArchives } from "~/models/archive.server";
import { recordAudit } from "~/models/audit.server";
import { MatchQuerySchema, SEARCH_FIELDS, searchFormToQuery } from "~/utils/schemas";
import { acceptCandidate, getCaseQuery, rejectCandidate } from "~/services/case-evidence.server";
import { actorOf, CaseActionError, refusalResponse } from "~/services/case-access.server";
import { entryBox, findEntryWithPage, renderEntryCrop } from "~/services/entry-crop.server";
import { parseForm } from "~/utils/form";
import { ContributionChart } from "~/components/contribution-chart";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

const ROUTE = "routes/search";
const SHOWN_FIELDS = ["name", "formerNames", "sex", "birthDate", "birthPlace", "nativePlace", "address", "relation", "householdHead", "fatherName", "motherName", "spouseName", "idNumber", "occupation"];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  const url = new URL(request.url);
  const archives = await listArchives(viewer.user.office);
  const caseParam = url.searchParams.get("case");
  if (caseParam && !SEARCH_FIELDS.some((f) => url.searchParams.get(f))) {
    // Opened from a case: search with the resident's claimed identity.
    try {
      const { identity } = await getCaseQuery(caseParam, actorOf(viewer));
      const prefill = new URLSearchParams({ case: caseParam });
      for (const [k, v] of Object.entries(identity)) {
        if (Array.isArray(v) && v.length) prefill.set(k, v.join(", "));
        else if (typeof v === "string" && v) prefill.set(k, v);
      }
      if ([...prefill.keys()].length > 1) throw redirect(`/search?${prefill}`);
    } catch (error) {
      if (error instanceof CaseActionError) throw json({ messageKey: error.messageKey }, { status: error.status });
      throw error;
    }
  }
  const parsed = searchFormToQuery(url.searchParams);
  const form = Object.fromEntries(SEARCH_FIELDS.map((f) => [f, url.searchParams.get(f) ?? ""]));
  const archive = url.searchParams.get("archive") ?? "";
  const caseId = url.searchParams.get("case") ?? "";
  const base = { archives, form, archive, caseId };
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message.startsWith("form.") ? i.message : "form.invalid"]));
    return json({ ...base, searched: false, fieldErrors, candidates: [], touched: 0, ms: 0 }, { status: 400 });
  }
  const { id: _ignored, ...query } = parsed.data;
  const used = Object.keys(query).filter((k) => (query as Record<string, unknown>)[k] !== undefined);
  if (used.length === 0) return json({ ...base, searched: false, fieldErrors: {}, candidates: [], touched: 0, ms: 0 });

  const allowed = new Set(archives.map((a) => a.id));
  const archiveIds = archive && allowed.has(archive) ? [archive] : [...allowed];
  const started = performance.now();
  const index = await getMatchIndex();
  const found = index.search(query, { top: 10, archiveIds });
  const ms = Math.round(performance.now() - started);
  await recordAudit({
    office: viewer.user.office,
    actorId: viewer.user.id,
    actorRole: viewer.user.role,
    action: "search",
    entity: "entry",
    ip: clientIp(request),
    detail: { fields: used, candidates: found.results.length, entryIds: found.results.map((r) => r.entryId), caseId: caseId || null },
  });
  const language = await requestLanguage(request, viewer);
  const candidates = found.results.map((r) => {
    const fields = Object.fromEntries(
      SHOWN_FIELDS.filter((f) => r.entry.fields[f]).map((f) => {
        const v = r.entry.fields[f];
        return [f, { value: v.value ?? null, raw: v.raw ?? "", confidence: v.confidence ?? null, status: v.status ?? "ok" }];
      }),
    );
    return {
      entryId: r.entryId,
      probability: r.probability,
      priorWeight: r.priorWeight,
      matchWeight: r.matchWeight,
      pageId: r.entry.pageId,
      pageNumber: r.entry.pageNumber,
      kind: r.entry.kind,
      hasBox: Boolean(entryBox(r.entry)),
      fields,
      explanation: explain(r),
      glossary: glossaryFor(Object.values(r.entry.fields).map((f: any) => f?.raw ?? f?.value), language),
    };
  });
  return json({ ...base, searched: true, fieldErrors: {}, candidates, touched: found.touched, ms });
}

export const JudgeCandidateSchema = z.object({
  intent: z.enum(["accept", "reject"]),
  caseId: z.string().min(1).max(64),
  entryId: z.string().min(1).max(120),
  reason: z.string({ error: "form.required" }).trim().min(1, "form.required").max(500, "form.tooLong"),
});

/** Accepts or rejects a candidate as evidence on the case, with the score and explanation as they stand now. */
export async function action({ request }: ActionFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  const form = await request.formData();
  const parsed = parseForm(JudgeCandidateSchema, form);
  if (!parsed.ok) return json({ fieldErrors: parsed.fieldErrors, entryId: String(form.get("entryId") ?? "") }, { status: 400 });
  const { intent, caseId, entryId, reason } = parsed.data;
  const actor = actorOf(viewer);
  try {
    const { identity } = await getCaseQuery(caseId, actor);
    const query = MatchQuerySchema.parse(Object.fromEntries(Object.entries(identity).filter(([, v]) => v !== null && v !== "" && !(Array.isArray(v) && v.length === 0))));
    const found = await findEntryWithPage(entryId);
    const archives = new Set((await listArchives(viewer.user.office)).map((a) => a.id));
    if (!found || !archives.has(found.page.archiveId)) return json({ formError: { key: "error.notFound", vars: {} }, entryId }, { status: 404 });
    const index = await getMatchIndex();
    const scored = index.search(query, { top: 50, threshold: 0, limit: 2000 }).results.find((r) => r.entryId === entryId);
    const crop = await renderEntryCrop(found.entry, found.page);
    const candidate = {
      entryId,
      probability: scored?.probability ?? 0,
      explanation: scored ? explain(scored) : [],
      fields: found.entry.fields,
      scanSha256: found.page.scanSha,
      pageNumber: found.page.pageNumber,
      ...(crop ? { crop } : {}),
    };
    await (intent === "accept" ? acceptCandidate : rejectCandidate)(caseId, candidate, actor, reason);
  } catch (error) {
    return refusalResponse(error);
  }
  return redirect(`/cases/${encodeURIComponent(caseId)}`);
}

export default function Search() {
  const data = useLoaderData<typeof loader>();
  const judged = useActionData<{ fieldErrors?: Record<string, string>; formError?: { key: string; vars: Record<string, unknown> }; entryId?: string }>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "loading";
  const fe = data.fieldErrors as Record<string, string>;
  return (
    <>
      <h1>{t("search.title")}</h1>
      <p>{t("search.intro")}</p>
      <Form method="get" className="search-form" aria-describedby="search-help">
        {data.caseId ? <input type="hidden" name="case" value={data.caseId} /> : null}
        {SEARCH_FIELDS.map((f) => (
          <label key={f}>
            {t(`match.field.${f}`)}
            <input name={f} defaultValue={data.form[f]} maxLength={f === "address" ? 200 : 100} aria-invalid={Boolean(fe[f])} lang="zh" />
            {fe[f] ? <span className="field-error">{t(fe[f])}</span> : null}
          </label>
        ))}
        <label>
          {t("search.archive")}
          <select name="archive" defaultValue={data.archive}>
            <option value="">{t("search.allArchives")}</option>
            {data.archives.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {t("search.submit")}
        </button>
      </Form>
      <p id="search-help" className="muted">
        {t("search.help")}
      </p>
      {data.searched ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t("search.results", { count: data.candidates.length })}</h2>
          <p className="muted">{t("search.stats", { touched: data.touched, ms: data.ms })}</p>
          {data.candidates.length === 0 ? <p className="notice" role="status" id="no-candidates">{t("search.none")}</p> : null}
          {data.candidates.map((c, i) => (
            <article key={c.entryId} className="candidate" data-entry={c.entryId}>
              <div>
                <h3>
                  {i + 1}. {c.fields.name?.value ?? c.fields.name?.raw ?? "—"}{" "}
                  <span className="probability">{Math.round(c.probability * 1000) / 10}%</span>
                </h3>
                <dl className="fields">
                  {Object.entries(c.fields).map(([f, v]) => (
                    <div key={f} style={{ display: "contents" }}>
                      <dt>{t(`match.field.${f}`)}</dt>
                      <dd lang="zh">
                        {v.raw || v.value || "—"}
                        {v.status !== "ok" ? <span className="muted"> ({t(`search.status.${v.status}`)})</span> : null}
                      </dd>
                    </div>
                  ))}
                </dl>
                {c.glossary.map((g) => (
                  <p key={g.term} className="glossary">
                    {g.text}
                  </p>
                ))}
                <p>
                  <Link to={`/pages/${encodeURIComponent(c.pageId)}`}>{t("search.openPage", { n: c.pageNumber })}</Link>
                </p>
                {data.caseId ? (
                  <Form method="post" className="stack judge-form">
                    <input type="hidden" name="caseId" value={data.caseId} />
                    <input type="hidden" name="entryId" value={c.entryId} />
                    {judged?.entryId === c.entryId && judged.formError ? <p className="notice error" role="alert">{t(judged.formError.key, judged.formError.vars)}</p> : null}
                    <label>
                      {t("search.reason")}
                      <textarea name="reason" rows={2} maxLength={500} required aria-invalid={Boolean(judged?.entryId === c.entryId && judged.fieldErrors?.reason)} />
                      {judged?.entryId === c.entryId && judged.fieldErrors?.reason ? <span className="field-error">{t(judged.fieldErrors.reason)}</span> : null}
                    </label>
                    <div className="inline-form">
                      <button type="submit" name="intent" value="accept">
                        {t("search.accept")}
                      </button>
                      <button type="submit" name="intent" value="reject" className="secondary">
                        {t("search.reject")}
                      </button>
                    </div>
                  </Form>
                ) : null}
              </div>
              <div>
                {c.hasBox ? (
                  <img className="crop" src={`/entries/${encodeURIComponent(c.entryId)}/crop`} alt={t("search.cropAlt", { n: c.pageNumber })} loading="lazy" />
                ) : null}
                <ContributionChart
                  title={t("search.chartTitle")}
                  prior={c.priorWeight}
                  priorLabel={t("search.prior")}
                  totalLabel={t("search.total")}
                  items={c.explanation
                    .filter((e) => e.level !== "missing")
                    .map((e) => ({ label: t(e.fieldKey), bits: e.contribution, detail: t(e.key, { ...e.params }) }))}
                />
                <ul className="muted">
                  {c.explanation
                    .filter((e) => e.level !== "missing")
                    .map((e) => (
                      <li key={e.field}>
                        {t(e.fieldKey)}: {t(e.key, { ...e.params })} ({e.contribution >= 0 ? "+" : ""}
                        {e.contribution.toFixed(1)})
                      </li>
                    ))}
                </ul>
              </div>
            </article>
          ))}
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
