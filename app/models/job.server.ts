import mongoose, { Schema } from "mongoose";
import { afterFailure } from "~/core/jobs/backoff";

/**
 * Background jobs are documents. `_id` is deterministic (`ocr:<sha>:<page>`),
 * so enqueueing twice is a no-op. A worker claims a job with one atomic
 * findOneAndUpdate and holds a lease it renews while working; a job whose
 * lease expired (its worker died) is claimed again by another worker.
 */
export const JOB_TYPES = ["ocr", "extract"] as const;
export type JobType = (typeof JOB_TYPES)[number];
export const JOB_STATES = ["queued", "running", "done", "failed"] as const;

const JobSchema = new Schema({
  _id: { type: String },
  type: { type: String, enum: JOB_TYPES, required: true },
  state: { type: String, enum: JOB_STATES, default: "queued" },
  payload: { type: Schema.Types.Mixed, required: true },
  batchId: { type: String, default: null },
  attempts: { type: Number, default: 0 },
  maxAttempts: { type: Number, default: 3 },
  runAt: { type: Date, required: true },
  leaseOwner: { type: String, default: null },
  leaseUntil: { type: Date, default: null },
  lastError: { type: String, default: null },
  createdAt: { type: Date, required: true },
  finishedAt: { type: Date, default: null },
});
JobSchema.index({ state: 1, runAt: 1 });
JobSchema.index({ batchId: 1 });

export const Job = mongoose.models.Job ?? mongoose.model("Job", JobSchema);

export type JobDoc = {
  _id: string;
  type: JobType;
  state: (typeof JOB_STATES)[number];
  payload: Record<string, unknown>;
  batchId: string | null;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastError: string | null;
};

/** Adds a job unless one with the same id exists; returns true when added. */
export async function enqueue(input: {
  id: string;
  type: JobType;
  payload: Record<string, unknown>;
  batchId?: string | null;
  maxAttempts?: number;
  now?: Date;
}): Promise<boolean> {
  const now = input.now ?? new Date();
  const res = await Job.updateOne(
    { _id: input.id },
    {
      $setOnInsert: {
        type: input.type,
        state: "queued",
        payload: input.payload,
        batchId: input.batchId ?? null,
        attempts: 0,
        maxAttempts: input.maxAttempts ?? 3,
        runAt: now,
        createdAt: now,
      },
    },
    { upsert: true },
  );
  return res.upsertedCount === 1;
}

/** Puts a finished or failed job back in the queue (re-run OCR on a page). */
export async function requeue(id: string, now = new Date()) {
  const res = await Job.updateOne(
    { _id: id, state: { $in: ["done", "failed"] } },
    { $set: { state: "queued", runAt: now, attempts: 0, lastError: null, leaseOwner: null, leaseUntil: null, finishedAt: null } },
  );
  return res.modifiedCount === 1;
}

/** Atomically claims the next due job (or one whose lease expired). */
export async function claimNext(owner: string, leaseMs: number, types: readonly JobType[] = JOB_TYPES, now = new Date()) {
  const doc = await Job.findOneAndUpdate(
    {
      type: { $in: types },
      $or: [
        { state: "queued", runAt: { $lte: now } },
        { state: "running", leaseUntil: { $lt: now } },
      ],
    },
    { $set: { state: "running", leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
    { sort: { runAt: 1 }, new: true },
  ).lean<JobDoc>();
  return doc ?? null;
}

/** Extends the lease; false when this worker no longer holds it. */
export async function renewLease(id: string, owner: string, leaseMs: number, now = new Date()) {
  const res = await Job.updateOne(
    { _id: id, state: "running", leaseOwner: owner },
    { $set: { leaseUntil: new Date(now.getTime() + leaseMs) } },
  );
  return res.matchedCount === 1;
}

export async function completeJob(id: string, owner: string, now = new Date()) {
  const res = await Job.updateOne(
    { _id: id, state: "running", leaseOwner: owner },
    { $set: { state: "done", finishedAt: now, leaseOwner: null, leaseUntil: null, lastError: null } },
  );
  return res.matchedCount === 1;
}

export async function failJob(job: JobDoc, owner: string, error: string, now = new Date()) {
  const outcome = afterFailure(job.attempts, job.maxAttempts, error.slice(0, 2000), now, Math.random);
  const set =
    outcome.state === "failed"
      ? { state: "failed", lastError: outcome.lastError, finishedAt: now, leaseOwner: null, leaseUntil: null }
      : { state: "queued", runAt: outcome.runAt, lastError: outcome.lastError, leaseOwner: null, leaseUntil: null };
  await Job.updateOne({ _id: job._id, state: "running", leaseOwner: owner }, { $set: set });
  return outcome.state;
}

/** Releases a job at shutdown so another worker takes it at once. */
export async function releaseJob(id: string, owner: string) {
  await Job.updateOne(
    { _id: id, state: "running", leaseOwner: owner },
    { $set: { state: "queued", runAt: new Date(), leaseOwner: null, leaseUntil: null }, $inc: { attempts: -1 } },
  );
}

export async function getJob(id: string) {
  return Job.findOne({ _id: id }).lean<JobDoc>();
}

export async function failedJobs(batchId?: string) {
  return Job.find(batchId ? { state: "failed", batchId } : { state: "failed" }).lean<JobDoc[]>();
}
