import mongoose, { Schema } from "mongoose";
import type { Checkpoint as SignedCheckpoint, EvidenceEvent } from "~/core/evidence";

/*
 * The evidence log, its checkpoints and the evidence files. Events are written
 * and read through the raw collection: mongoose would drop empty objects from
 * a payload and change the bytes that were hashed.
 */

/**
 * One event of a case's evidence log. `_id` is `<caseId>:<seq, 8 digits>` so the
 * head can be found by `_id` (the only filter FerretDB pushes to storage), and
 * the unique index on {caseId, seq} serialises concurrent appends.
 */
const EvidenceEventSchema = new Schema(
  {
    _id: { type: String },
    caseId: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: String, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { minimize: false, versionKey: false },
);
EvidenceEventSchema.index({ caseId: 1, seq: 1 }, { unique: true });
export const EvidenceEventModel = mongoose.models.EvidenceEvent ?? mongoose.model("EvidenceEvent", EvidenceEventSchema);

export function eventId(caseId: string, seq: number): string {
  return `${caseId}:${String(seq).padStart(8, "0")}`;
}

/** The event as hashed: exactly the fields of `EvidenceEvent`, nothing from the database. */
export function toEvent(doc: Record<string, unknown>): EvidenceEvent {
  const { _id: _ignored, ...event } = doc;
  return event as unknown as EvidenceEvent;
}

export async function insertEvent(event: EvidenceEvent): Promise<void> {
  await EvidenceEventModel.collection.insertOne({ _id: eventId(event.caseId, event.seq), ...event } as never);
}

export async function findEventBySeq(caseId: string, seq: number): Promise<EvidenceEvent | null> {
  const doc = await EvidenceEventModel.collection.findOne({ _id: eventId(caseId, seq) } as never);
  return doc ? toEvent(doc) : null;
}

/** Every stored event of a case in seq order, as stored (verification decides whether they are sound). */
export async function findCaseEvents(caseId: string, fromSeq = 1): Promise<EvidenceEvent[]> {
  const filter = fromSeq > 1 ? { caseId, seq: { $gte: fromSeq } } : { caseId };
  const docs = await EvidenceEventModel.collection.find(filter).sort({ seq: 1 }).toArray();
  return docs.map((d) => toEvent(d));
}

/** The stored event with the highest seq, by a scan: for when the head hint is missing or wrong. */
export async function findLastEventByScan(caseId: string): Promise<EvidenceEvent | null> {
  const docs = await EvidenceEventModel.collection.find({ caseId }).sort({ seq: -1 }).limit(1).toArray();
  return docs[0] ? toEvent(docs[0]) : null;
}

export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}

/** A signed checkpoint over every case head at one moment. */
const CheckpointSchema = new Schema(
  {
    office: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    treeSize: { type: Number, required: true },
    keyId: { type: String, required: true },
    checkpoint: { type: Schema.Types.Mixed, required: true },
  },
  { minimize: false, versionKey: false },
);
CheckpointSchema.index({ issuedAt: -1 });
export const CheckpointModel = mongoose.models.Checkpoint ?? mongoose.model("Checkpoint", CheckpointSchema);

export type StoredCheckpoint = { id: string; issuedAt: Date; checkpoint: SignedCheckpoint };

export async function insertCheckpoint(checkpoint: SignedCheckpoint): Promise<StoredCheckpoint> {
  const issuedAt = new Date(checkpoint.body.issuedAt);
  const _id = new mongoose.Types.ObjectId();
  await CheckpointModel.collection.insertOne({
    _id,
    office: checkpoint.body.office,
    issuedAt,
    treeSize: checkpoint.body.treeSize,
    keyId: checkpoint.body.keyId,
    checkpoint,
  } as never);
  return { id: String(_id), issuedAt, checkpoint };
}

/** The newest checkpoints first. */
export async function recentCheckpoints(limit = 1): Promise<StoredCheckpoint[]> {
  const docs = await CheckpointModel.collection.find({}).sort({ issuedAt: -1, _id: -1 }).limit(limit).toArray();
  return docs.map((d) => ({ id: String(d._id), issuedAt: d.issuedAt as Date, checkpoint: d.checkpoint as SignedCheckpoint }));
}

/**
 * An evidence file, named by its SHA-256 (`_id`); the bytes live in the file
 * store (GridFS). The same bytes are stored once, whichever case uses them.
 */
const EvidenceFileSchema = new Schema(
  {
    _id: { type: String },
    fileId: { type: String, required: true },
    byteSize: { type: Number, required: true },
    contentType: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
export const EvidenceFile = mongoose.models.EvidenceFile ?? mongoose.model("EvidenceFile", EvidenceFileSchema);

export type EvidenceFileDoc = { _id: string; fileId: string; byteSize: number; contentType: string; createdAt: Date };
