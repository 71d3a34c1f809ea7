import mongoose, { Schema } from "mongoose";
import type { IdentityField } from "~/core/workflow";

export const EVIDENCE_KINDS = ["archive_match", "resident_document", "witness_statement", "agency_record", "field_report"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** received: a document or statement on file; accepted / rejected: a judged archive candidate. */
export const EVIDENCE_STATUSES = ["received", "accepted", "rejected"] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

const FileRefSchema = new Schema(
  {
    sha256: { type: String, required: true },
    contentType: { type: String, required: true },
    filename: { type: String, default: "" },
    role: { type: String, enum: ["document", "crop", "attachment"], required: true },
  },
  { _id: false },
);

/**
 * One piece of evidence on a case. Personal content (an entry's fields as
 * read, a statement's text) is sealed in the case document; the item keeps
 * the commitments and everything that is not personal.
 */
const EvidenceItemSchema = new Schema(
  {
    caseId: { type: String, required: true },
    kind: { type: String, enum: EVIDENCE_KINDS, required: true },
    status: { type: String, enum: EVIDENCE_STATUSES, required: true },
    materialId: { type: String, default: null },
    agency: { type: String, default: null },
    files: { type: [FileRefSchema], default: [] },
    entryId: { type: String, default: null },
    probability: { type: Number, default: null },
    scanSha256: { type: String, default: null },
    pageNumber: { type: Number, default: null },
    /** Commitments of sealed values, by field (snapshot, statement, reason, …). */
    commitments: { type: Schema.Types.Mixed, default: {} },
    confirms: { type: [String], default: [] },
    taskId: { type: String, default: null },
    addedBy: { type: String, required: true },
    addedByRole: { type: String, required: true },
    addedAt: { type: Date, required: true },
    seq: { type: Number, default: null },
  },
  { minimize: false, versionKey: false },
);
EvidenceItemSchema.index({ caseId: 1 });
export const EvidenceItem = mongoose.models.EvidenceItem ?? mongoose.model("EvidenceItem", EvidenceItemSchema);

export type EvidenceItemDoc = {
  _id: mongoose.Types.ObjectId;
  caseId: string;
  kind: EvidenceKind;
  status: EvidenceStatus;
  materialId: string | null;
  agency: string | null;
  files: { sha256: string; contentType: string; filename: string; role: "document" | "crop" | "attachment" }[];
  entryId: string | null;
  probability: number | null;
  scanSha256: string | null;
  pageNumber: number | null;
  commitments: Record<string, string>;
  confirms: IdentityField[];
  taskId: string | null;
  addedBy: string;
  addedByRole: string;
  addedAt: Date;
  seq: number | null;
};

export async function listEvidenceItems(caseId: string): Promise<EvidenceItemDoc[]> {
  return EvidenceItem.find({ caseId }).sort({ addedAt: 1, _id: 1 }).lean<EvidenceItemDoc[]>();
}
