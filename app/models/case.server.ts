import mongoose, { Schema } from "mongoose";

export const CASE_STATUSES = [
  "intake",
  "searching",
  "evidence_review",
  "awaiting_approval",
  "approved",
  "registered",
  "closed",
  "returned",
  "rejected",
] as const;
export const CASE_PURPOSES = ["school", "pension", "id_card", "property"] as const;

/** A resident's re-registration case. Every query function takes the scope. */
const CaseSchema = new Schema(
  {
    number: { type: String, required: true, unique: true },
    office: { type: String, required: true },
    residentName: { type: String, required: true },
    purpose: { type: String, enum: CASE_PURPOSES, required: true },
    status: { type: String, enum: CASE_STATUSES, default: "intake" },
    officerId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    communityOfficerId: { type: Schema.Types.ObjectId, ref: "User", default: null },
    openedAt: { type: Date, required: true },
  },
  { timestamps: true },
);
CaseSchema.index({ office: 1, status: 1 });
CaseSchema.index({ officerId: 1 });

export const Case = mongoose.models.Case ?? mongoose.model("Case", CaseSchema);

export type CaseSummary = {
  id: string;
  number: string;
  residentName: string;
  purpose: string;
  status: string;
  openedAt: string;
};

function toSummary(d: any): CaseSummary {
  return {
    id: String(d._id),
    number: d.number,
    residentName: d.residentName,
    purpose: d.purpose,
    status: d.status,
    openedAt: new Date(d.openedAt).toISOString(),
  };
}

export type CaseScope =
  | { kind: "officer"; userId: string; office: string }
  | { kind: "office"; office: string }
  | { kind: "assigned"; userId: string };

function scopeFilter(scope: CaseScope) {
  if (scope.kind === "officer") return { office: scope.office, officerId: scope.userId };
  if (scope.kind === "office") return { office: scope.office };
  return { communityOfficerId: scope.userId };
}

export async function listCases(scope: CaseScope, status?: string): Promise<CaseSummary[]> {
  const filter: Record<string, unknown> = scopeFilter(scope);
  if (status) filter.status = status;
  const docs = await Case.find(filter).sort({ openedAt: -1 }).limit(200).lean();
  return docs.map(toSummary);
}

export async function countCases(scope: CaseScope) {
  return Case.countDocuments(scopeFilter(scope));
}
