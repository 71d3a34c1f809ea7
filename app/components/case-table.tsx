import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CaseSummary } from "~/models/case.server";
import { ClockBadge, formatDate, type ClockView } from "./case-parts";

export type CaseTableRow = CaseSummary & { clock?: ClockView };

/** Cases with their stage deadline; overdue rows are marked for officers and supervisors alike. */
export function CaseTable({ cases, empty, link = true }: { cases: CaseTableRow[]; empty: string; link?: boolean }) {
  const { t, i18n } = useTranslation();
  if (cases.length === 0) return <p>{empty}</p>;
  return (
    <table className="case-table">
      <thead>
        <tr>
          <th scope="col">{t("cases.number")}</th>
          <th scope="col">{t("cases.resident")}</th>
          <th scope="col">{t("cases.purpose")}</th>
          <th scope="col">{t("cases.status")}</th>
          <th scope="col">{t("caseFlow.list.deadline")}</th>
          <th scope="col">{t("cases.opened")}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id} data-case={c.number} className={c.clock?.overdue ? "overdue" : undefined}>
            <td>{link ? <Link to={`/cases/${c.id}`}>{c.number}</Link> : c.number}</td>
            <td>{c.residentName ?? <span className="muted">{t("record.erased")}</span>}</td>
            <td>{t(`caseFlow.purpose.${c.purpose}`)}</td>
            <td>{t(`caseFlow.state.${c.status}`)}</td>
            <td>{c.clock ? <ClockBadge clock={c.clock} /> : null}</td>
            <td>{formatDate(i18n.language, c.openedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
