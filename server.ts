import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { connectDb, disconnectDb } from "~/services/db.server";
import { translate } from "~/i18n/i18n";
import { DEFAULT_LANGUAGE, isLanguage, languageFromHeader } from "~/i18n/languages";

/** Routes that accept file uploads get the upload limit; every other body the form limit. */
export const UPLOAD_PATHS = ["/api/batches/", "/cases/", "/tasks/"];

function languageOf(req: express.Request) {
  const cookie = /(?:^|;\s*)suji_lng=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
  let fromCookie: unknown = null;
  try {
    fromCookie = cookie ? JSON.parse(Buffer.from(decodeURIComponent(cookie), "base64").toString("utf8")) : null;
  } catch {
    fromCookie = null;
  }
  if (isLanguage(fromCookie)) return fromCookie;
  return languageFromHeader(req.headers["accept-language"] ?? null) ?? DEFAULT_LANGUAGE;
}

export function createApp(build: ServerBuild) {
  const env = getEnv();
  const app = express();
  app.disable("x-powered-by");

  app.use((req, res, next) => {
    const id = randomUUID().slice(0, 8);
    req.headers["x-suji-request-id"] = id;
    // Never trust a client-sent value for the address used by throttling and audit.
    req.headers["x-suji-client-ip"] = req.socket.remoteAddress ?? "";
    res.setHeader("X-Request-Id", id);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    next();
  });

  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const limit = UPLOAD_PATHS.some((p) => req.path.startsWith(p)) ? env.MAX_UPLOAD_BYTES * 2 + 1_000_000 : env.MAX_FORM_BYTES;
    const declared = Number(req.headers["content-length"] ?? NaN);
    const chunked = !Number.isFinite(declared) && req.headers["transfer-encoding"] !== undefined;
    if (chunked || declared > limit) {
      // Drain nothing: answer at once and close so the client stops sending.
      res.setHeader("Connection", "close");
      res.status(chunked ? 411 : 413).type("text/plain; charset=utf-8");
      res.send(translate(languageOf(req), "error.tooLarge"));
      return;
    }
    next();
  });

  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: env.NODE_ENV }));
  return app;
}

async function main() {
  const env = getEnv();
  await connectDb(env.MONGODB_URI);
  const build = (await import(new URL("./build/index.js", import.meta.url).href)) as ServerBuild;
  const app = createApp(build);
  const server = app.listen(env.PORT, env.HOST, () => {
    console.log(`Suji web listening on http://${env.HOST}:${env.PORT}`);
  });
  const stop = () => {
    server.close(async () => {
      await disconnectDb();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
