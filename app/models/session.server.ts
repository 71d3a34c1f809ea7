import mongoose, { Schema } from "mongoose";
import { createHash, randomBytes } from "node:crypto";

/**
 * Login sessions. The cookie carries a random token; the database keeps only
 * its SHA-256 as `_id`, so a copy of the database cannot be replayed as
 * cookies, and lookups hit the `_id` index (the fast path on the embedded
 * database). Revocation sets `revokedAt`.
 */
const SessionSchema = new Schema({
  _id: { type: String },
  userId: { type: Schema.Types.ObjectId, ref: "User", required: true, index: true },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  revokedAt: { type: Date, default: null },
  ip: { type: String, default: "" },
  userAgent: { type: String, default: "" },
});

export const Session = mongoose.models.Session ?? mongoose.model("Session", SessionSchema);

export type SessionRecord = {
  _id: string;
  userId: mongoose.Types.ObjectId;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
};

export function tokenId(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(userId: string, ttlHours: number, meta: { ip?: string; userAgent?: string } = {}) {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await Session.create({
    _id: tokenId(token),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlHours * 3600_000),
    ip: meta.ip ?? "",
    userAgent: (meta.userAgent ?? "").slice(0, 300),
  });
  return token;
}

/** The live session for a token, or null when unknown, expired or revoked. */
export async function findLiveSession(token: string, now = new Date()): Promise<SessionRecord | null> {
  if (typeof token !== "string" || token.length < 20 || token.length > 100) return null;
  const doc = await Session.findOne({ _id: tokenId(token) }).lean<SessionRecord>();
  if (!doc || doc.revokedAt || doc.expiresAt <= now) return null;
  return doc;
}

export async function revokeSession(token: string) {
  await Session.updateOne({ _id: tokenId(token) }, { $set: { revokedAt: new Date() } });
}

export async function revokeUserSessions(userId: string) {
  await Session.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: new Date() } });
}

/** Housekeeping run by the worker: the embedded database has no TTL indexes. */
export async function deleteExpiredSessions(now = new Date()) {
  const result = await Session.deleteMany({ expiresAt: { $lt: now } });
  return result.deletedCount ?? 0;
}
