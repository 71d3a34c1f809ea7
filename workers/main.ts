import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { getEnv } from "~/env.server";
import { connectDb, disconnectDb } from "~/services/db.server";
import { beat, HEARTBEAT_MS, removeHeartbeat } from "~/models/worker-heartbeat.server";
import { deleteExpiredSessions } from "~/models/session.server";
import { createCheckpoint } from "~/services/evidence-log.server";
import { releaseRunning, runJobs } from "./job-runner";
import { createOcrHandler } from "./jobs/ocr-page";
import { createExtractHandler } from "./jobs/extract-page";

/**
 * A background worker process. Any number of them may run on any number of
 * machines; they share nothing but the database. `--concurrency N` runs N
 * jobs at once with a pool of N OCR engines created once for the process.
 */
export async function runWorker({ signal, concurrency = 1 }: { signal: AbortSignal; concurrency?: number }) {
  const env = getEnv();
  await connectDb(env.MONGODB_URI);
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const info = { host: hostname(), pid: process.pid, startedAt: new Date(), state: "idle" };
  await beat(id, info);
  console.log(`Suji worker ${id} started (concurrency ${concurrency})`);

  const ocr = createOcrHandler({ concurrency, workerId: id });
  const heartbeat = (async () => {
    let lastHousekeeping = 0;
    let lastCheckpoint = 0;
    while (!signal.aborted) {
      try {
        await beat(id, info);
        if (Date.now() - lastHousekeeping > 60_000) {
          await deleteExpiredSessions();
          lastHousekeeping = Date.now();
        }
        // Signs a checkpoint over all case heads when any changed (a no-op otherwise).
        if (Date.now() - lastCheckpoint > env.SUJI_CHECKPOINT_MS) {
          lastCheckpoint = Date.now();
          await createCheckpoint();
        }
      } catch (error) {
        console.warn(`worker ${id}: heartbeat failed: ${error instanceof Error ? error.message : error}`);
      }
      await sleep(HEARTBEAT_MS, signal);
    }
  })();

  await runJobs(signal, {
    owner: id,
    concurrency,
    leaseMs: Number(process.env.SUJI_JOB_LEASE_MS ?? 60_000),
    pollMs: Number(process.env.SUJI_JOB_POLL_MS ?? 1_000),
    handlers: { ocr: ocr.handle, extract: createExtractHandler() },
    onState: (state) => (info.state = state),
  });
  await heartbeat;
  await ocr.close();
  await removeHeartbeat(id).catch(() => undefined);
  await disconnectDb();
  console.log(`Suji worker ${id} stopped`);
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { concurrency: { type: "string", short: "c", default: process.env.SUJI_WORKER_CONCURRENCY ?? "1" } } });
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    console.error("--concurrency must be a whole number from 1 to 64");
    process.exit(2);
  }
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) return;
    console.log("worker: stopping (finishing running jobs)…");
    controller.abort();
    // Running jobs get a grace period; after it they go back to the queue for another worker.
    setTimeout(async () => {
      const released = await releaseRunning().catch(() => 0);
      if (released) console.log(`worker: released ${released} unfinished job(s)`);
      process.exit(0);
    }, Number(process.env.SUJI_SHUTDOWN_GRACE_MS ?? 30_000)).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  runWorker({ signal: controller.signal, concurrency }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
