import mongoose, { Schema } from "mongoose";

/** Each worker process writes a heartbeat; /healthz counts the fresh ones. */
const WorkerHeartbeatSchema = new Schema({
  _id: { type: String },
  host: { type: String, required: true },
  pid: { type: Number, required: true },
  startedAt: { type: Date, required: true },
  beatAt: { type: Date, required: true },
  state: { type: String, default: "idle" },
});

export const WorkerHeartbeat =
  mongoose.models.WorkerHeartbeat ?? mongoose.model("WorkerHeartbeat", WorkerHeartbeatSchema);

export const HEARTBEAT_MS = 5_000;
export const STALE_AFTER_MS = 30_000;

export async function beat(id: string, info: { host: string; pid: number; startedAt: Date; state: string }) {
  await WorkerHeartbeat.updateOne({ _id: id }, { $set: { ...info, beatAt: new Date() } }, { upsert: true });
}

export async function removeHeartbeat(id: string) {
  await WorkerHeartbeat.deleteOne({ _id: id });
}

export async function liveWorkers(now = new Date()) {
  const docs = await WorkerHeartbeat.find({ beatAt: { $gte: new Date(now.getTime() - STALE_AFTER_MS) } }).lean();
  return docs.map((d: any) => ({ id: d._id as string, host: d.host, pid: d.pid, state: d.state, beatAt: d.beatAt }));
}
