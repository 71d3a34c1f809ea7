import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { guard, notFound } from "~/services/auth.server";
import { batchProgress, type BatchProgress } from "~/services/ingest.server";
import { getArchiveInOffice } from "~/models/archive-access.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/batches.$batchId");
  const progress = await batchProgress(String(params.batchId ?? ""));
  const archive = progress ? await getArchiveInOffice(progress.archiveId, viewer.user.office) : null;
  if (!progress || !archive) throw notFound();
  return json({ progress, archiveName: archive.name });
}

const STAGES = ["queued", "reading", "read", "extracted", "failed"] as const;

export default function BatchPage() {
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<BatchProgress>();
  const { t } = useTranslation();
  const progress = (fetcher.data ?? data.progress) as BatchProgress;

  useEffect(() => {
    if (progress.done) return;
    const timer = setInterval(() => {
      if (fetcher.state === "idle") fetcher.load(`/api/batches/${progress.id}`);
    }, 1500);
    return () => clearInterval(timer);
  }, [progress.done, progress.id, fetcher]);

  const total = STAGES.reduce((n, s) => n + progress.pages[s], 0);
  const finished = progress.pages.extracted + progress.pages.failed;
  return (
    <>
      <h1>{t("batch.title")}</h1>
      <p className="muted">{data.archiveName}</p>
      <p id="batch-state" data-done={progress.done ? "yes" : "no"} role="status" aria-live="polite">
        {progress.done ? t("batch.done", { total }) : t("batch.working", { finished, total })}
      </p>
      <div className="stage-bar" aria-hidden="true">
        {STAGES.map((s) =>
          progress.pages[s] > 0 ? (
            <span key={s} className={`stage stage-${s}`} style={{ flexGrow: progress.pages[s] }}>
              {progress.pages[s]}
            </span>
          ) : null,
        )}
      </div>
      <ul className="stage-legend">
        {STAGES.map((s) => (
          <li key={s} data-stage={s}>
            <span className={`swatch stage-${s}`} /> {t(`batch.stage.${s}`)}: <strong>{progress.pages[s]}</strong>
          </li>
        ))}
      </ul>
      {progress.failures.length > 0 ? (
        <section>
          <h2>{t("batch.failures")}</h2>
          <ul>
            {progress.failures.map((f) => (
              <li key={f.pageId}>
                <Link to={`/pages/${encodeURIComponent(f.pageId)}`}>{t("batch.page", { n: f.pageNumber })}</Link>: <code>{f.error}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t("batch.files")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("upload.file")}</th>
            <th scope="col">{t("upload.result")}</th>
            <th scope="col">{t("batch.pages")}</th>
          </tr>
        </thead>
        <tbody>
          {progress.items.map((item, i) => (
            <tr key={i}>
              <td>{item.filename}</td>
              <td>
                {t(`upload.status.${item.status}`)}
                {item.status === "rejected" ? ` — ${t(`upload.reason.${item.reason}`)}` : ""}
              </td>
              <td>
                {"scanSha" in item ? (
                  <Link to={`/pages/${encodeURIComponent(`${item.scanSha}:1`)}`}>{item.pageCount}</Link>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
