import { useTranslation } from "react-i18next";

const MESSAGE: Record<number, string> = {
  400: "error.badRequest",
  403: "error.forbidden",
  404: "error.notFound",
  413: "error.tooLarge",
};

/** A translated error with a reference id; never a stack trace. */
export function ErrorPage({ status, reference, inShell = false }: { status: number; reference: string; inShell?: boolean }) {
  const { t } = useTranslation();
  const Tag = inShell ? "section" : "main";
  return (
    <Tag id={inShell ? undefined : "main"} className="error-page" role="alert">
      <h1>{t("error.title")}</h1>
      <p data-status={status}>{t(MESSAGE[status] ?? "error.unexpected")}</p>
      {reference ? <p className="muted">{t("error.reference", { ref: reference })}</p> : null}
      <p>
        <a href="/dashboard">{t("error.home")}</a>
      </p>
    </Tag>
  );
}
