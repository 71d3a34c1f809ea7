import { claimNext, completeJob, failJob, releaseJob, renewLease, type JobDoc, type JobType } from "~/models/job.server";

/** Jobs this process is running now, so shutdown can release them. */
export const runningJobs = new Map<string, string>();

export type JobHandler = (job: JobDoc, ctx: { signal: AbortSignal }) => Promise<void>;

export type RunnerOptions = {
  owner: string;
  handlers: Partial<Record<JobType, JobHandler>>;
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  onState?: (state: string) => void;
  log?: (message: string) => void;
};

/**
 * Claims and runs jobs until `signal` aborts: `concurrency` slots, each
 * claiming one job at a time, renewing its lease at a third of its length.
 * On shutdown it stops claiming, lets running jobs finish for a grace period,
 * then releases the rest so another worker takes them at once.
 */
export async function runJobs(signal: AbortSignal, opts: RunnerOptions) {
  const types = Object.keys(opts.handlers) as JobType[];
  const log = opts.log ?? ((m: string) => console.log(m));
  let busy = 0;
  const slot = async (n: number) => {
    while (!signal.aborted) {
      let job: JobDoc | null = null;
      try {
        job = await claimNext(opts.owner, opts.leaseMs, types);
      } catch (error) {
        log(`slot ${n}: claim failed: ${(error as Error).message}`);
      }
      if (!job) {
        await sleep(opts.pollMs, signal);
        continue;
      }
      busy++;
      opts.onState?.(`busy:${busy}`);
      await runOne(job, opts, log);
      busy--;
      opts.onState?.(busy ? `busy:${busy}` : "idle");
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, (_, i) => slot(i)));
}

async function runOne(job: JobDoc, opts: RunnerOptions, log: (m: string) => void) {
  const handler = opts.handlers[job.type]!;
  const controller = new AbortController();
  let lost = false;
  runningJobs.set(job._id, opts.owner);
  const renew = setInterval(async () => {
    try {
      if (!(await renewLease(job._id, opts.owner, opts.leaseMs))) {
        lost = true;
        controller.abort();
      }
    } catch {
      // a missed renewal is retried at the next tick; the lease is long enough for one
    }
  }, Math.max(200, Math.floor(opts.leaseMs / 3)));
  try {
    await handler(job, { signal: controller.signal });
    if (!lost) await completeJob(job._id, opts.owner);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (lost) log(`job ${job._id}: lease lost, another worker has it`);
    else {
      const state = await failJob(job, opts.owner, message);
      log(`job ${job._id} attempt ${job.attempts}/${job.maxAttempts} failed (${state}): ${message}`);
    }
  } finally {
    clearInterval(renew);
    runningJobs.delete(job._id);
  }
}

/** Hands every running job back to the queue (shutdown after the grace period). */
export async function releaseRunning() {
  const held = [...runningJobs.entries()];
  await Promise.all(held.map(([id, owner]) => releaseJob(id, owner)));
  return held.length;
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
