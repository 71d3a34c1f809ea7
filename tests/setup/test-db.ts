import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { afterAll, beforeAll, inject } from "vitest";
import { resetEnvCache } from "~/env.server";
import { connectDb } from "~/services/db.server";

/**
 * Gives the calling test file its own database on the shared test server and
 * drops it afterwards. Returns the URI so tests can start child processes.
 */
export function useTestDatabase() {
  const name = `suji_test_${randomBytes(4).toString("hex")}`;
  const base = inject("mongoUri");
  const uri = withDatabase(base, name);
  beforeAll(async () => {
    process.env.MONGODB_URI = uri;
    process.env.SESSION_SECRET = "integration-test-secret-0123456789abcdef";
    process.env.NODE_ENV = "test";
    resetEnvCache();
    await connectDb(uri, { attempts: 5 });
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
  });
  return { uri, name };
}

export function withDatabase(uri: string, name: string) {
  const url = new URL(uri);
  url.pathname = `/${name}`;
  return url.toString();
}
