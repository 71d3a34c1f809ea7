import { json } from "@remix-run/node";
import { databaseState } from "~/services/db.server";
import { liveWorkers } from "~/models/worker-heartbeat.server";

/** Liveness of the web process, the database and the background workers. */
export async function loader() {
  const database = databaseState();
  let workers: Awaited<ReturnType<typeof liveWorkers>> = [];
  let dbOk = database === "connected";
  if (dbOk) {
    try {
      workers = await liveWorkers();
    } catch {
      dbOk = false;
    }
  }
  const ok = dbOk && workers.length > 0;
  return json(
    {
      status: ok ? "ok" : "degraded",
      database: dbOk ? "ok" : database,
      workers: { live: workers.length, list: workers },
      time: new Date().toISOString(),
    },
    { status: dbOk ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
