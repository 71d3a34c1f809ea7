import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildEmbeddedMongo, startEmbeddedMongo } from "../../scripts/embedded-mongo.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

/**
 * Starts one real database server for the integration run: the embedded
 * FerretDB in a fresh temporary folder, or the server at TEST_MONGODB_URI.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_MONGODB_URI) {
    project.provide("mongoUri", process.env.TEST_MONGODB_URI);
    return;
  }
  await buildEmbeddedMongo({ log: () => undefined });
  const dataDir = await mkdtemp(join(tmpdir(), "suji-test-db-"));
  const db = await startEmbeddedMongo({ dataDir, log: () => undefined });
  project.provide("mongoUri", db.uri);
  return async () => {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
