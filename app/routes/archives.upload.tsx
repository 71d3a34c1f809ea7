import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { guard } from "~/services/auth.server";
import { listArchives } from "~/models/archive.server";
import { intakeLimits } from "~/services/ingest.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/archives.upload");
  return json({ archives: await listArchives(viewer.user.office), maxBytes: intakeLimits().maxBytes });
}

type FileRow = { name: string; size: number; progress: number; status: "waiting" | "uploading" | "stored" | "duplicate" | "rejected"; reason?: string };

function postFile(url: string, form: FormData, onProgress: (fraction: number) => void) {
  return new Promise<{ status: number; body: any }>((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: any = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => resolve({ status: 0, body: null });
    xhr.send(form);
  });
}

export default function Upload() {
  const { archives, maxBytes } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [files, setFiles] = useState<File[]>([]);
  const [rows, setRows] = useState<FileRow[]>([]);
  const [batchId, setBatchId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const addFiles = (list: FileList | File[]) => setFiles((prev) => [...prev, ...Array.from(list)]);

  async function collectDropped(items: DataTransferItemList) {
    const out: File[] = [];
    const walk = async (entry: any): Promise<void> => {
      if (entry.isFile) out.push(await new Promise<File>((res, rej) => entry.file(res, rej)));
      else if (entry.isDirectory) {
        const reader = entry.createReader();
        let batch: any[];
        do {
          batch = await new Promise<any[]>((res, rej) => reader.readEntries(res, rej));
          for (const e of batch) await walk(e);
        } while (batch.length > 0);
      }
    };
    await Promise.all(Array.from(items).map((i) => i.webkitGetAsEntry()).filter(Boolean).map(walk));
    return out;
  }

  async function start(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    const form = new FormData(formRef.current!);
    if (files.length === 0) return setError("upload.noFiles");
    setBusy(true);
    const res = await fetch("/api/batches", { method: "POST", body: new URLSearchParams({ archiveId: String(form.get("archiveId")) }) });
    const body = await res.json().catch(() => null);
    if (!res.ok || !body?.batchId) {
      setBusy(false);
      return setError(body?.fieldErrors?.archiveId ?? "error.badRequest");
    }
    setBatchId(body.batchId);
    const initial: FileRow[] = files.map((f) => ({ name: (f as any).webkitRelativePath || f.name, size: f.size, progress: 0, status: "waiting" }));
    setRows(initial);
    for (const [i, file] of files.entries()) {
      const update = (patch: Partial<FileRow>) => setRows((r) => r.map((row, j) => (j === i ? { ...row, ...patch } : row)));
      if (file.size > maxBytes) {
        update({ status: "rejected", reason: "tooLarge", progress: 1 });
        continue;
      }
      update({ status: "uploading" });
      const fd = new FormData();
      fd.set("volume", String(form.get("volume") ?? ""));
      fd.set("file", file, file.name);
      const result = await postFile(`/api/batches/${body.batchId}/files`, fd, (p) => update({ progress: p }));
      const item = result.body?.item;
      if (item) update({ status: item.status, reason: item.reason, progress: 1 });
      else update({ status: "rejected", reason: result.status === 413 ? "tooLarge" : "failed", progress: 1 });
    }
    setBusy(false);
  }

  const count = (s: FileRow["status"]) => rows.filter((r) => r.status === s).length;
  const finished = rows.length > 0 && rows.every((r) => r.status !== "waiting" && r.status !== "uploading");

  return (
    <>
      <h1>{t("upload.title")}</h1>
      <p className="muted">{t("upload.intro", { mb: Math.round(maxBytes / 1024 / 1024) })}</p>
      {error ? <p className="notice error" role="alert">{t(error)}</p> : null}
      <form ref={formRef} onSubmit={start} className="stack">
        <label>
          {t("upload.archive")}
          <select name="archiveId" required>
            {archives.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("upload.volume")}
          <input name="volume" maxLength={100} />
        </label>
        <div
          className={`dropzone${dragging ? " dragging" : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={async (e) => {
            e.preventDefault();
            setDragging(false);
            addFiles(await collectDropped(e.dataTransfer.items));
          }}
        >
          <p>{t("upload.drop")}</p>
          <label>
            {t("upload.chooseFiles")}
            <input type="file" name="files" multiple accept="image/png,image/jpeg,image/tiff,application/pdf" onChange={(e) => e.target.files && addFiles(e.target.files)} />
          </label>
          <label>
            {t("upload.chooseFolder")}
            <input type="file" name="folder" multiple {...({ webkitdirectory: "", directory: "" } as any)} onChange={(e) => e.target.files && addFiles(e.target.files)} />
          </label>
          <p aria-live="polite">{t("upload.selected", { count: files.length })}</p>
        </div>
        <button type="submit" disabled={busy}>
          {t("upload.start")}
        </button>
      </form>
      {rows.length > 0 ? (
        <section aria-labelledby="upload-files">
          <h2 id="upload-files">{t("upload.files")}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("upload.file")}</th>
                <th scope="col">{t("upload.progress")}</th>
                <th scope="col">{t("upload.result")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} data-status={r.status}>
                  <td>{r.name}</td>
                  <td>
                    <progress max={1} value={r.progress} aria-label={r.name} />
                  </td>
                  <td>
                    {t(`upload.status.${r.status}`)}
                    {r.reason ? ` — ${t(`upload.reason.${r.reason}`)}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {finished ? (
            <p className="notice ok" role="status" id="batch-summary">
              {t("upload.summary", { stored: count("stored"), duplicate: count("duplicate"), rejected: count("rejected") })}{" "}
              {batchId ? <Link to={`/batches/${batchId}`}>{t("upload.follow")}</Link> : null}
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
