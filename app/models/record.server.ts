import mongoose, { Schema } from "mongoose";
import type { IdentityField } from "~/core/workflow";

const RecordFieldSchema = new Schema(
  {
    field: { type: String, required: true },
    commitment: { type: String, required: true },
    supportedBy: { type: [String], default: [] },
    basis: { type: String, enum: ["evidence", "declared"], required: true },
  },
  { _id: false },
);

/**
 * The registration record as re-established on approval: each field links to
 * the evidence items that support it. Values are sealed in the case document
 * (field `record_<name>`), so erasing the case's personal data erases them too.
 */
const ReconstructedRecordSchema = new Schema(
  {
    caseId: { type: String, required: true },
    caseNumber: { type: String, required: true },
    office: { type: String, required: true },
    fields: { type: [RecordFieldSchema], default: [] },
    issuedAt: { type: Date, required: true },
    issuedBy: { type: String, required: true },
    issuedByRole: { type: String, required: true },
    seq: { type: Number, default: null },
  },
  { versionKey: false },
);
ReconstructedRecordSchema.index({ caseId: 1 });
export const ReconstructedRecord = mongoose.models.ReconstructedRecord ?? mongoose.model("ReconstructedRecord", ReconstructedRecordSchema);

export type ReconstructedRecordDoc = {
  _id: mongoose.Types.ObjectId;
  caseId: string;
  caseNumber: string;
  office: string;
  fields: { field: IdentityField; commitment: string; supportedBy: string[]; basis: "evidence" | "declared" }[];
  issuedAt: Date;
  issuedBy: string;
  issuedByRole: string;
  seq: number | null;
};

export async function latestRecordFor(caseId: string): Promise<ReconstructedRecordDoc | null> {
  const docs = await ReconstructedRecord.find({ caseId }).sort({ issuedAt: -1 }).limit(1).lean<ReconstructedRecordDoc[]>();
  return docs[0] ?? null;
}
