import mongoose from "mongoose";

/** The one database connection of a process (web, worker or CLI). */
export async function connectDb(
  uri: string,
  { attempts = 10, delayMs = 500, log = (m: string) => console.warn(m) } = {},
): Promise<typeof mongoose> {
  if (mongoose.connection.readyState === 1) return mongoose;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await mongoose.connect(uri, { serverSelectionTimeoutMS: 3000 });
      await syncAllIndexes();
      return mongoose;
    } catch (error) {
      lastError = error;
      if (attempt < attempts) {
        log(`database not reachable at ${redact(uri)} (attempt ${attempt}/${attempts}), retrying`);
        await new Promise((r) => setTimeout(r, delayMs * attempt));
      }
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(
    `Cannot connect to the database at ${redact(uri)}: ${reason}\n` +
      "Start the embedded database with `npm start`, or set MONGODB_URI to a running MongoDB 7/8 server.",
  );
}

/** Creates every index declared in the schemas before the process serves. */
export async function syncAllIndexes() {
  for (const model of Object.values(mongoose.models)) {
    await model.createIndexes();
  }
}

export async function disconnectDb() {
  await mongoose.disconnect();
}

export function databaseState(): "connected" | "connecting" | "disconnected" {
  const s = mongoose.connection.readyState;
  return s === 1 ? "connected" : s === 2 ? "connecting" : "disconnected";
}

function redact(uri: string) {
  return uri.replace(/\/\/([^@/]*)@/, "//***@");
}
