import { getEnv } from "~/env.server";
import { connectDb, disconnectDb } from "~/services/db.server";
import { getArchiveByName } from "~/models/archive-access.server";

/** Runs `fn` with the database connected (MONGODB_URI), then disconnects. */
export async function withDb<T>(fn: () => Promise<T>): Promise<T> {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    throw new Error(
      "MONGODB_URI is not set. Start the app with `npm start` (it prints the embedded database's URI) " +
        "and run `MONGODB_URI=<that uri> npx suji ...`, or point MONGODB_URI at a MongoDB 7/8 server.",
    );
  }
  process.env.SESSION_SECRET ??= "cli-does-not-issue-sessions-0000000000";
  await connectDb(getEnv().MONGODB_URI, { attempts: 3 });
  try {
    return await fn();
  } finally {
    await disconnectDb();
  }
}

/** `{archiveId}` for `--archive <name>`, or no filter; an unknown name is an error. */
export async function archiveFilter(name: string | undefined): Promise<Record<string, unknown>> {
  if (!name) return {};
  const archive = await getArchiveByName(name);
  if (!archive) throw new Error(`no archive named "${name}"`);
  return { archiveId: archive.id };
}
