import mongoose, { Schema } from "mongoose";

/**
 * The audit trail of staff actions: every view and search of personal data,
 * every login and every administrative change. Append-only by convention:
 * no code path updates or deletes an AuditEvent.
 */
const AuditEventSchema = new Schema({
  at: { type: Date, required: true },
  office: { type: String, required: true },
  actorId: { type: String, default: null },
  actorRole: { type: String, default: null },
  action: { type: String, required: true },
  entity: { type: String, required: true },
  entityId: { type: String, default: null },
  outcome: { type: String, enum: ["ok", "denied", "failed"], default: "ok" },
  ip: { type: String, default: "" },
  detail: { type: Schema.Types.Mixed, default: {} },
});
AuditEventSchema.index({ office: 1, at: -1 });
AuditEventSchema.index({ entity: 1, entityId: 1, at: -1 });

export const AuditEvent = mongoose.models.AuditEvent ?? mongoose.model("AuditEvent", AuditEventSchema);

export type AuditInput = {
  office: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  outcome?: "ok" | "denied" | "failed";
  ip?: string;
  detail?: Record<string, unknown>;
};

export async function recordAudit(input: AuditInput) {
  await AuditEvent.create({ at: new Date(), ...input });
}

export type AuditRow = {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  outcome: string;
};

export async function listAudit(office: string, limit = 100): Promise<AuditRow[]> {
  const docs = await AuditEvent.find({ office }).sort({ at: -1 }).limit(limit).lean();
  return docs.map((d: any) => ({
    id: String(d._id),
    at: new Date(d.at).toISOString(),
    actorId: d.actorId,
    actorRole: d.actorRole,
    action: d.action,
    entity: d.entity,
    entityId: d.entityId,
    outcome: d.outcome,
  }));
}
