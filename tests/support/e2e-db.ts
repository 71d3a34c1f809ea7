import mongoose from "mongoose";
import { afterAll, beforeAll, inject } from "vitest";
import { resetEnvCache } from "~/env.server";
import { connectDb } from "~/services/db.server";

/** Browser tests seed through the model functions, on the app's own database. */
export function useAppDatabase() {
  beforeAll(async () => {
    process.env.MONGODB_URI = inject("appMongoUri");
    process.env.SESSION_SECRET = "e2e-session-secret-0123456789abcdefgh";
    resetEnvCache();
    await connectDb(inject("appMongoUri"), { attempts: 5 });
  });
  afterAll(async () => {
    await mongoose.disconnect();
  });
  return { baseUrl: () => inject("baseUrl") };
}
