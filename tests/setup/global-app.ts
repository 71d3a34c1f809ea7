import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { buildEmbeddedMongo, startEmbeddedMongo } from "../../scripts/embedded-mongo.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    appMongoUri: string;
    appDataDir: string;
  }
}

const root = resolve(import.meta.dirname, "../..");
const tsxCli = join(root, "node_modules/tsx/dist/cli.mjs");

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

function runToEnd(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((done, fail) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`${cmd} ${args.join(" ")} failed:\n${err}`))));
  });
}

async function waitForHealth(url: string, children: ChildProcess[], timeoutMs = 60_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    for (const c of children) if (c.exitCode !== null) throw new Error(`a server process exited early (${c.exitCode})`);
    try {
      const res = await fetch(url);
      if (res.ok && (await res.json()).workers.live > 0) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the app did not become healthy at ${url}`);
}

/**
 * Browser tests drive the real built app: a fresh embedded database, a
 * production build, the web server and one worker process.
 */
export default async function setup(project: TestProject) {
  await buildEmbeddedMongo({ log: () => undefined });
  const dataDir = await mkdtemp(join(tmpdir(), "suji-e2e-db-"));
  const db = await startEmbeddedMongo({ dataDir, log: () => undefined });
  const mongoUri = `${db.uri.replace(/\/$/, "")}/suji_e2e`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    MONGODB_URI: mongoUri,
    SESSION_SECRET: "e2e-session-secret-0123456789abcdefgh",
    PORT: String(port),
    HOST: "127.0.0.1",
    SECURE_COOKIES: "false",
    OFFICE_SIGNING_KEY_FILE: join(dataDir, "office-signing-key.pem"),
    SUJI_DATA_DIR: dataDir,
  };
  await runToEnd(process.execPath, [join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], env);
  const logs: string[] = [];
  const children: ChildProcess[] = ["server.ts", "workers/main.ts"].map((entry) => {
    const child = spawn(process.execPath, [tsxCli, entry], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d: Buffer) => logs.push(String(d)));
    child.stderr.on("data", (d: Buffer) => logs.push(String(d)));
    return child;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${baseUrl}/healthz`, children);
  } catch (error) {
    for (const c of children) c.kill("SIGKILL");
    await db.stop();
    throw new Error(`${(error as Error).message}\n${logs.join("")}`);
  }
  project.provide("baseUrl", baseUrl);
  project.provide("appMongoUri", mongoUri);
  project.provide("appDataDir", dataDir);
  return async () => {
    await Promise.all(
      children.map((c) => new Promise<void>((done) => {
        if (c.exitCode !== null) return done();
        c.once("exit", () => done());
        c.kill("SIGTERM");
      })),
    );
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
    if (process.env.SUJI_E2E_LOGS) console.log(logs.join(""));
  };
}
