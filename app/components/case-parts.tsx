import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { MAIN_LINE, type CaseState } from "~/core/workflow/states";
import type { Localized } from "~/core/workflow/requirements";
import type { TimeLimit } from "~/core/workflow/time-limits";
import type { Language } from "~/i18n/languages";

/** Offices keep office time (UTC+8 by default, as the working calendar). */
export const OFFICE_TIME_ZONE = "Asia/Shanghai";

export function formatDate(language: string, iso: string | null | undefined, withTime = false): string {
  if (!iso) return "";
  const format = new Intl.DateTimeFormat(language, withTime ? { dateStyle: "long", timeStyle: "short", timeZone: OFFICE_TIME_ZONE } : { dateStyle: "long", timeZone: OFFICE_TIME_ZONE });
  return format.format(new Date(iso));
}

export function pick(text: Localized, language: string): string {
  return text[language as Language] ?? text["zh-Hant"];
}

/** Translates the codes a refusal carries (states, transitions, roles) before they go into its message. */
export function translateVars(t: TFunction, vars: Record<string, string | number> = {}): Record<string, string | number> {
  const out: Record<string, string | number> = { ...vars };
  for (const key of ["from", "to", "state"]) if (typeof vars[key] === "string") out[key] = t(`caseFlow.state.${vars[key]}`);
  if (typeof vars.transition === "string") out.transition = t(`caseFlow.transition.${vars.transition}`);
  if (typeof vars.role === "string") out.role = t(`role.${vars.role}`);
  return out;
}

export type ActionMessage = { formError?: { key: string; vars?: Record<string, string | number> }; done?: { key: string; vars?: Record<string, string | number> }; fieldErrors?: Record<string, string>; intent?: string };

/** The result of the last action: a refusal (alert) or what was done (status). */
export function ActionNotice({ data }: { data: ActionMessage | undefined }) {
  const { t } = useTranslation();
  if (!data) return null;
  if (data.formError) {
    return (
      <p className="notice error" role="alert" id="case-action-error">
        {t(data.formError.key, translateVars(t, data.formError.vars))}
      </p>
    );
  }
  if (data.fieldErrors) {
    return (
      <p className="notice error" role="alert" id="case-action-error">
        {t("form.invalid")}
      </p>
    );
  }
  if (data.done) {
    return (
      <p className="notice ok" role="status" id="case-action-done">
        {t(data.done.key, translateVars(t, data.done.vars))}
      </p>
    );
  }
  return null;
}

export function FieldError({ errors, name }: { errors?: Record<string, string>; name: string }) {
  const { t } = useTranslation();
  const key = errors?.[name];
  return key ? <span className="field-error">{t(key)}</span> : null;
}

export type ClockView = { deadline: string | null; overdue: boolean; dueSoon: boolean; limit: TimeLimit | null };

/** Overdue / due soon, for tables. */
export function ClockBadge({ clock }: { clock: ClockView }) {
  const { t, i18n } = useTranslation();
  if (!clock.deadline) return <span className="muted">{t("caseFlow.list.noLimit")}</span>;
  return (
    <span className={clock.overdue ? "badge overdue" : clock.dueSoon ? "badge due-soon" : "badge"} data-overdue={clock.overdue ? "true" : "false"}>
      {formatDate(i18n.language, clock.deadline, true)}
      {clock.overdue ? ` · ${t("caseFlow.list.overdue")}` : clock.dueSoon ? ` · ${t("caseFlow.list.dueSoon")}` : ""}
    </span>
  );
}

export function limitText(t: TFunction, limit: TimeLimit | null): string {
  if (!limit) return t("requirements.none");
  return "hours" in limit ? t("requirements.hours", { count: limit.hours }) : t("requirements.workingDays", { count: limit.workingDays });
}

/** The published process diagram (流程示意圖): the main line, with returns and rejection beside it. */
export function ProcessDiagram({ status }: { status: CaseState }) {
  const { t } = useTranslation();
  const current = MAIN_LINE.indexOf(status);
  return (
    <ol className="process">
      {MAIN_LINE.map((state, i) => (
        <li key={state} className={state === status ? "current" : current >= 0 && i < current ? "past" : ""} aria-current={state === status ? "step" : undefined}>
          {t(`caseFlow.state.${state}`)}
        </li>
      ))}
      {status === "returned" || status === "rejected" ? (
        <li className="current side" aria-current="step">
          {t(`caseFlow.state.${status}`)}
        </li>
      ) : null}
    </ol>
  );
}
