import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clientIp, guard } from "~/services/auth.server";
import { CaseActionError, actorOf, caseForActor } from "~/services/case-access.server";
import { latestRecordFor } from "~/models/record.server";
import { listEvidenceItems } from "~/models/evidence-item.server";
import { recordAudit } from "~/models/audit.server";
import { officeName } from "~/services/signing.server";
import { formatDate } from "~/components/case-parts";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

const ROUTE = "routes/cases.$caseId.record";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await guard(request, ROUTE);
  const actor = actorOf(viewer);
  const caseId = params.caseId ?? "";
  const doc = await caseForActor(actor, caseId, "read").catch((error) => {
    if (error instanceof CaseActionError) throw json({ messageKey: error.messageKey }, { status: error.status });
    throw error;
  });
  await recordAudit({ office: actor.office, actorId: actor.id, actorRole: actor.role, action: "view-record", entity: "case", entityId: caseId, ip: clientIp(request) });
  const record = await latestRecordFor(caseId);
  const items = new Map((await listEvidenceItems(caseId)).map((i) => [String(i._id), { kind: i.kind, seq: i.seq }]));
  const sealed = new Map((doc.sealed ?? []).map((s) => [s.commitment, s.value]));
  return json({
    caseId,
    number: doc.number,
    office: officeName(),
    record: record
      ? {
          issuedAt: new Date(record.issuedAt).toISOString(),
          fields: record.fields.map((f) => ({
            field: f.field,
            value: sealed.get(f.commitment) ?? null,
            basis: f.basis,
            supportedBy: f.supportedBy.map((id) => ({ id, kind: items.get(id)?.kind ?? "archive_match", seq: items.get(id)?.seq ?? null })),
          })),
        }
      : null,
  });
}

export default function RecordPage() {
  const { caseId, number, office, record } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <article className="printable-record">
      <p className="no-print">
        <Link to={`/cases/${caseId}`}>← {number}</Link>{" "}
        <button type="button" onClick={() => window.print()}>
          {t("record.print")}
        </button>
      </p>
      <header>
        <p className="muted">{office}</p>
        <h1>{t("record.title")}</h1>
        <p>{t("record.case", { number })}</p>
        {record ? <p>{t("record.issued", { date: formatDate(i18n.language, record.issuedAt) })}</p> : null}
      </header>
      {!record ? (
        <p>{t("record.none")}</p>
      ) : (
        <>
          <p>{t("record.intro")}</p>
          <p>{t("record.historical")}</p>
          <table className="record-table">
            <thead>
              <tr>
                <th scope="col">{t("record.field")}</th>
                <th scope="col">{t("record.value")}</th>
                <th scope="col">{t("record.support")}</th>
              </tr>
            </thead>
            <tbody>
              {record.fields.map((f) => (
                <tr key={f.field} data-field={f.field}>
                  <th scope="row">{t(`caseFlow.field.${f.field}`)}</th>
                  <td>{f.value === null ? <span className="erased">{t("record.erased")}</span> : f.field === "sex" ? t(`caseFlow.sex.${f.value}`, { defaultValue: f.value }) : f.value}</td>
                  <td>
                    {f.basis === "declared" ? (
                      <span className="muted">{t("record.declared")}</span>
                    ) : (
                      <ul className="support">
                        {f.supportedBy.map((s) => (
                          <li key={s.id} data-evidence={s.id}>
                            {t("record.evidenceRef", { kind: t(`evidence.kind.${s.kind}`), seq: s.seq ?? "–" })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="signatures">
            <p>{t("record.officerSign")}：＿＿＿＿＿＿＿＿</p>
            <p>{t("record.approverSign")}：＿＿＿＿＿＿＿＿</p>
          </div>
        </>
      )}
    </article>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
