import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

export type WorkerProcess = { child: ChildProcess; output: () => string; stop: () => Promise<void> };

/** Starts a real worker process (`workers/main.ts`) against the given database. */
export function startWorker(mongoUri: string, env: Record<string, string> = {}): WorkerProcess {
  let out = "";
  // `node --import tsx` keeps the worker in this one process, so a SIGKILL really kills the worker.
  const child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    cwd: root,
    env: { ...process.env, MONGODB_URI: mongoUri, SESSION_SECRET: "worker-test-secret-0123456789abcdef", NODE_ENV: "test", SUJI_JOB_POLL_MS: "200", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (out += d));
  child.stderr!.on("data", (d: Buffer) => (out += d));
  return {
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
      }),
  };
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string, intervalMs = 200): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
