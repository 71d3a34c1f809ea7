import { useTranslation } from "react-i18next";
import type { CaseSummary } from "~/models/case.server";

export function CaseTable({ cases, empty }: { cases: CaseSummary[]; empty: string }) {
  const { t, i18n } = useTranslation();
  if (cases.length === 0) return <p>{empty}</p>;
  const dates = new Intl.DateTimeFormat(i18n.language, { dateStyle: "long", timeZone: "UTC" });
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("cases.number")}</th>
          <th scope="col">{t("cases.resident")}</th>
          <th scope="col">{t("cases.purpose")}</th>
          <th scope="col">{t("cases.status")}</th>
          <th scope="col">{t("cases.opened")}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id}>
            <td>{c.number}</td>
            <td>{c.residentName}</td>
            <td>{t(`cases.purposeValue.${c.purpose}`)}</td>
            <td>{t(`cases.statusValue.${c.status}`)}</td>
            <td>{dates.format(new Date(c.openedAt))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
