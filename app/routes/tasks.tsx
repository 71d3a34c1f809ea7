import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clientIp, guard } from "~/services/auth.server";
import { recordAudit } from "~/models/audit.server";
import { listTasksAssignedTo } from "~/models/case-task.server";
import { caseNumbersInScope } from "~/models/case.server";
import { formatDate } from "~/components/case-parts";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

/** A community officer's field checks: their only way into a case. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await guard(request, "routes/tasks");
  const tasks = await listTasksAssignedTo(viewer.user.id);
  const numbers = await caseNumbersInScope({ kind: "assigned", userId: viewer.user.id }, tasks.map((t) => t.caseId));
  await recordAudit({
    office: viewer.user.office,
    actorId: viewer.user.id,
    actorRole: viewer.user.role,
    action: "list",
    entity: "case",
    ip: clientIp(request),
    detail: { assigned: true, count: tasks.length },
  });
  return json({
    tasks: tasks
      .filter((t) => numbers.has(t.caseId))
      .map((t) => ({
        id: String(t._id),
        caseNumber: numbers.get(t.caseId)!,
        kind: t.kind,
        status: t.status,
        assignedAt: new Date(t.assignedAt).toISOString(),
        dueAt: t.dueAt ? new Date(t.dueAt).toISOString() : null,
      })),
  });
}

export default function Tasks() {
  const { tasks } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <>
      <h1>{t("tasks.title")}</h1>
      {tasks.length === 0 ? (
        <p>{t("tasks.empty")}</p>
      ) : (
        <table className="task-table">
          <thead>
            <tr>
              <th scope="col">{t("fieldTask.list.case")}</th>
              <th scope="col">{t("fieldTask.list.kind")}</th>
              <th scope="col">{t("fieldTask.list.status")}</th>
              <th scope="col">{t("fieldTask.list.assigned")}</th>
              <th scope="col">{t("fieldTask.list.due")}</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.id} data-task={task.id}>
                <td>
                  <Link to={`/tasks/${task.id}`}>{task.caseNumber}</Link>
                </td>
                <td>{t(`fieldTask.kind.${task.kind}`)}</td>
                <td>{t(`fieldTask.status.${task.status}`)}</td>
                <td>{formatDate(i18n.language, task.assignedAt)}</td>
                <td>{formatDate(i18n.language, task.dueAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "溯籍 Suji" }];
export const ErrorBoundary = RouteErrorBoundary;
