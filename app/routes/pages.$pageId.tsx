import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { can } from "~/core/access";
import { clientIp, forbidden, guard, notFound, type Viewer } from "~/services/auth.server";
import { correctLine, displayedLines, getPage, rerunOcr } from "~/models/page.server";
import { getArchiveInOffice } from "~/models/archive-access.server";
import { recordAudit } from "~/models/audit.server";
import { parseForm, type FieldErrors } from "~/utils/form";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

const ROUTE = "routes/pages.$pageId";
export const LOW_CONFIDENCE = 0.6;

async function requirePage(viewer: Viewer, id: string | undefined) {
  const page = await getPage(String(id ?? ""));
  if (!page || !(await getArchiveInOffice(page.archiveId, viewer.user.office))) throw notFound();
  return page;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  const page = await requirePage(viewer, params.pageId);
  await recordAudit({
    office: viewer.user.office,
    actorId: viewer.user.id,
    actorRole: viewer.user.role,
    action: "view",
    entity: "page",
    entityId: page.id,
    ip: clientIp(request),
  });
  const { imageFileId: _f, imageMime: _m, ...shown } = page;
  return json({ page: shown, lines: displayedLines(page), canEdit: can(viewer.user.role, "update:page:any") });
}

export const CorrectionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("correct"),
    lineIndex: z.coerce.number().int().min(0).max(10_000),
    text: z.string().trim().min(1, "form.required").max(500, "form.tooLong"),
  }),
  z.object({ intent: z.literal("rerun") }),
]);

type ActionData = { fieldErrors?: FieldErrors; lineIndex?: number; message?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  const page = await requirePage(viewer, params.pageId);
  const parsed = parseForm(CorrectionSchema, await request.formData());
  if (!parsed.ok) return json<ActionData>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  if (!can(viewer.user.role, "update:page:any")) throw forbidden();
  const audit = { office: viewer.user.office, actorId: viewer.user.id, actorRole: viewer.user.role, entity: "page", entityId: page.id, ip: clientIp(request) };
  if (parsed.data.intent === "rerun") {
    const queued = await rerunOcr(page.id);
    await recordAudit({ ...audit, action: "rerun-ocr" });
    return json<ActionData>({ message: queued ? "page.rerunQueued" : "page.rerunBusy" });
  }
  const correction = await correctLine(page, parsed.data.lineIndex, parsed.data.text, { id: viewer.user.id, name: viewer.user.displayName });
  if (!correction) return json<ActionData>({ fieldErrors: { lineIndex: "form.invalid" } }, { status: 400 });
  await recordAudit({ ...audit, action: "correct-line", detail: { lineIndex: correction.lineIndex, version: correction.version } });
  return json<ActionData>({ message: "page.corrected", lineIndex: correction.lineIndex });
}

export default function PageViewer() {
  const { page, lines, canEdit } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const { t, i18n } = useTranslation();
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  const ocr = page.ocr;
  const words = ocr ? ocr.readings.flatMap((r) => (r.engine === "tesseract" ? r.lines.flatMap((l) => l.words) : [])) : [];
  const boxes = words.length > 0 ? words : (ocr?.combined ?? []);
  return (
    <>
      <h1>{t("page.title", { n: page.pageNumber })}</h1>
      <p className="muted">
        SHA-256 <code>{page.scanSha.slice(0, 16)}…</code> · {t(`batch.stage.${page.status}`)}
        {ocr ? ` · ${t("page.confidence", { pct: Math.round(ocr.confidence * 100) })}` : ""}
      </p>
      {page.error ? <p className="notice error">{page.error}</p> : null}
      {data?.message ? <p className="notice ok" role="status">{t(data.message)}</p> : null}
      {data?.fieldErrors ? <p className="notice error" role="alert">{t("form.invalid")}</p> : null}
      <div className="page-viewer">
        <figure className="page-image">
          {ocr ? (
            <>
              <img src={`/pages/${encodeURIComponent(page.id)}/image?kind=ocr`} alt={t("page.imageAlt", { n: page.pageNumber })} width={ocr.width} height={ocr.height} />
              <svg viewBox={`0 0 ${ocr.width} ${ocr.height}`} role="img" aria-label={t("page.boxesAlt")}>
                {boxes.map((w, i) => (
                  <rect key={i} className={w.confidence < LOW_CONFIDENCE ? "box low" : "box"} x={w.box.x} y={w.box.y} width={w.box.w} height={w.box.h}>
                    <title>{`${w.text} (${Math.round(w.confidence * 100)}%)`}</title>
                  </rect>
                ))}
              </svg>
            </>
          ) : (
            <img src={`/pages/${encodeURIComponent(page.id)}/image`} alt={t("page.imageAlt", { n: page.pageNumber })} />
          )}
          <figcaption className="muted">{t("page.legend")}</figcaption>
        </figure>
        <section aria-labelledby="lines-title">
          <h2 id="lines-title">{t("page.lines")}</h2>
          {canEdit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="rerun" />
              <button type="submit">{t("page.rerun")}</button>
            </Form>
          ) : null}
          <ol className="ocr-lines">
            {lines.map((text, i) => {
              const line = ocr!.combined[i];
              const history = page.corrections.filter((c) => c.lineIndex === i);
              return (
                <li key={i} className={line.confidence < LOW_CONFIDENCE ? "low" : ""} data-line={i}>
                  <div lang="zh">{text}</div>
                  <div className="muted">
                    {t(`page.engine.${line.engine}`)} · {Math.round(line.confidence * 100)}%
                    {line.alternatives.length ? ` · ${t("page.alternative")}: ${line.alternatives.map((a) => a.text).join(" / ")}` : ""}
                  </div>
                  {history.length > 0 ? (
                    <ul className="history" aria-label={t("page.history")}>
                      <li>
                        {t("page.original")}: {line.text}
                      </li>
                      {history.map((c) => (
                        <li key={c.version}>
                          v{c.version} · {c.byName} · {fmt.format(new Date(c.at))}: {c.text}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {canEdit ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="correct" />
                      <input type="hidden" name="lineIndex" value={i} />
                      <label>
                        <span className="visually-hidden">{t("page.correctLabel", { n: i + 1 })}</span>
                        <input name="text" defaultValue={text} maxLength={500} lang="zh" aria-label={t("page.correctLabel", { n: i + 1 })} />
                      </label>
                      <button type="submit">{t("page.save")}</button>
                    </Form>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </section>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
