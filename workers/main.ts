import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { getEnv } from "~/env.server";
import { connectDb, disconnectDb } from "~/services/db.server";
import { beat, HEARTBEAT_MS, removeHeartbeat } from "~/models/worker-heartbeat.server";
import { deleteExpiredSessions } from "~/models/session.server";

/**
 * A background worker process. Any number of them may run on any number of
 * machines; they share nothing but the database.
 */
export async function runWorker({ signal }: { signal: AbortSignal }) {
  const env = getEnv();
  await connectDb(env.MONGODB_URI);
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const info = { host: hostname(), pid: process.pid, startedAt: new Date(), state: "idle" };
  await beat(id, info);
  console.log(`Suji worker ${id} started`);
  let lastHousekeeping = 0;
  while (!signal.aborted) {
    try {
      await beat(id, info);
      if (Date.now() - lastHousekeeping > 60_000) {
        await deleteExpiredSessions();
        lastHousekeeping = Date.now();
      }
    } catch (error) {
      console.error(`worker ${id}: ${error instanceof Error ? error.message : error}`);
    }
    await sleep(HEARTBEAT_MS, signal);
  }
  await removeHeartbeat(id).catch(() => undefined);
  await disconnectDb();
  console.log(`Suji worker ${id} stopped`);
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  process.once("SIGTERM", () => controller.abort());
  runWorker({ signal: controller.signal }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
