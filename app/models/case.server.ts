import mongoose, { Schema } from "mongoose";
import { CASE_STATES, CASE_PURPOSES, CASE_TYPES, PERSONAL_FIELDS, type CaseState, type PersonalField } from "~/core/workflow";
import { LANGUAGES } from "~/i18n/languages";

export { CASE_STATES as CASE_STATUSES, CASE_PURPOSES };

/** A personal value and its salt, side by side; both null once erased. */
const PersonalValueSchema = new Schema({ value: { type: String, default: null }, salt: { type: String, default: null } }, { _id: false });

/** Other personal text that entered the log as a commitment (reasons, statements, snapshots, record values). */
const SealedSchema = new Schema(
  {
    commitment: { type: String, required: true },
    field: { type: String, required: true },
    value: { type: String, default: null },
    salt: { type: String, default: null },
  },
  { _id: false },
);

const ErasureSchema = new Schema(
  {
    field: { type: String, required: true },
    commitment: { type: String, required: true },
    erasedAt: { type: String, required: true },
    erasedByRole: { type: String, required: true },
    rule: { type: String, required: true },
    seq: { type: Number, required: true },
  },
  { _id: false },
);

/**
 * A resident's re-registration case. Personal values live here with their
 * salts; the evidence log holds only commitments. Every query function takes
 * the viewer's scope.
 */
const CaseSchema = new Schema(
  {
    number: { type: String, required: true, unique: true },
    office: { type: String, required: true },
    caseType: { type: String, enum: CASE_TYPES, default: "lost_record" },
    purpose: { type: String, enum: CASE_PURPOSES, required: true },
    status: { type: String, enum: CASE_STATES, default: "intake" },
    personal: new Schema(Object.fromEntries(PERSONAL_FIELDS.map((f) => [f, { type: PersonalValueSchema, default: () => ({}) }])), { _id: false }),
    sealed: { type: [SealedSchema], default: [] },
    erasures: { type: [ErasureSchema], default: [] },
    preferredLanguage: { type: String, enum: LANGUAGES, default: "zh-Hant" },
    requirementVersion: { type: Number, default: 1 },
    accessCodeHash: { type: String, default: null },
    officerId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    communityOfficerIds: { type: [Schema.Types.ObjectId], default: [] },
    stageEnteredAt: { type: Date, default: null },
    /** A hint for appends; the evidence log is the truth. */
    head: { type: new Schema({ seq: Number, hash: String }, { _id: false }), default: null },
    openedAt: { type: Date, required: true },
  },
  { timestamps: true },
);
CaseSchema.index({ office: 1, status: 1 });
CaseSchema.index({ officerId: 1 });

export const Case = mongoose.models.Case ?? mongoose.model("Case", CaseSchema);

/** Case numbers per year: one counter document per year, bumped atomically. */
const CaseCounterSchema = new Schema({ _id: { type: String }, seq: { type: Number, default: 0 } });
export const CaseCounter = mongoose.models.CaseCounter ?? mongoose.model("CaseCounter", CaseCounterSchema);

export async function nextCaseSequence(year: number): Promise<number> {
  const doc = await CaseCounter.findOneAndUpdate({ _id: `SJ-${year}` }, { $inc: { seq: 1 } }, { upsert: true, new: true }).lean<{ seq: number }>();
  return doc!.seq;
}

export type PersonalValues = Partial<Record<PersonalField, { value: string | null; salt: string | null }>>;

/** The stored shape, as read with lean(). */
export type CaseDoc = {
  _id: mongoose.Types.ObjectId;
  number: string;
  office: string;
  caseType: string;
  purpose: string;
  status: CaseState;
  personal?: PersonalValues;
  sealed?: { commitment: string; field: string; value: string | null; salt: string | null }[];
  erasures?: { field: string; commitment: string; erasedAt: string; erasedByRole: string; rule: string; seq: number }[];
  preferredLanguage: string;
  requirementVersion: number;
  accessCodeHash: string | null;
  officerId: mongoose.Types.ObjectId;
  communityOfficerIds?: mongoose.Types.ObjectId[];
  stageEnteredAt: Date | null;
  head: { seq: number; hash: string } | null;
  openedAt: Date;
  /** Older demo data only. */
  residentName?: string;
};

export type CaseSummary = {
  id: string;
  number: string;
  residentName: string | null;
  caseType: string;
  purpose: string;
  status: string;
  openedAt: string;
  stageEnteredAt: string;
  requirementVersion: number;
  officerId: string;
};

export function residentNameOf(d: CaseDoc): string | null {
  return d.personal?.name?.value ?? d.residentName ?? null;
}

export function toSummary(d: CaseDoc): CaseSummary {
  return {
    id: String(d._id),
    number: d.number,
    residentName: residentNameOf(d),
    caseType: d.caseType ?? "lost_record",
    purpose: d.purpose,
    status: d.status,
    openedAt: new Date(d.openedAt).toISOString(),
    stageEnteredAt: new Date(d.stageEnteredAt ?? d.openedAt).toISOString(),
    requirementVersion: d.requirementVersion ?? 1,
    officerId: String(d.officerId),
  };
}

export type CaseScope =
  | { kind: "officer"; userId: string; office: string }
  | { kind: "office"; office: string }
  | { kind: "assigned"; userId: string };

function scopeFilter(scope: CaseScope): Record<string, unknown> {
  if (scope.kind === "officer") return { office: scope.office, officerId: new mongoose.Types.ObjectId(scope.userId) };
  if (scope.kind === "office") return { office: scope.office };
  return { communityOfficerIds: new mongoose.Types.ObjectId(scope.userId) };
}

const LIST_PROJECTION = { sealed: 0, erasures: 0, accessCodeHash: 0 };

export async function listCases(scope: CaseScope, status?: string): Promise<CaseSummary[]> {
  const filter: Record<string, unknown> = scopeFilter(scope);
  if (status) filter.status = status;
  const docs = await Case.find(filter, LIST_PROJECTION).sort({ openedAt: -1 }).limit(200).lean<CaseDoc[]>();
  return docs.map(toSummary);
}

export async function countCases(scope: CaseScope) {
  return Case.countDocuments(scopeFilter(scope));
}

/** The case if it is in the scope, else null: the data layer enforces who sees what. */
export async function getCaseInScope(scope: CaseScope, caseId: string): Promise<CaseDoc | null> {
  if (!mongoose.isValidObjectId(caseId)) return null;
  const doc = await Case.findById(caseId).lean<CaseDoc>();
  if (!doc) return null;
  if (scope.kind === "officer" && !(doc.office === scope.office && String(doc.officerId) === scope.userId)) return null;
  if (scope.kind === "office" && doc.office !== scope.office) return null;
  if (scope.kind === "assigned" && !(doc.communityOfficerIds ?? []).some((id) => String(id) === scope.userId)) return null;
  return doc;
}

/** For services that have already checked the actor's right to the case. */
export async function getCaseById(caseId: string): Promise<CaseDoc | null> {
  if (!mongoose.isValidObjectId(caseId)) return null;
  return Case.findById(caseId).lean<CaseDoc>();
}

export async function getCaseIdByNumber(number: string): Promise<string | null> {
  const doc = await Case.findOne({ number }, { _id: 1 }).lean<{ _id: mongoose.Types.ObjectId }>();
  return doc ? String(doc._id) : null;
}

/** Case numbers of the given cases that are in the scope. */
export async function caseNumbersInScope(scope: CaseScope, caseIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(caseIds)].filter((id) => mongoose.isValidObjectId(id)).map((id) => new mongoose.Types.ObjectId(id));
  if (ids.length === 0) return new Map();
  const docs = await Case.find({ ...scopeFilter(scope), _id: { $in: ids } }, { number: 1 }).lean<{ _id: mongoose.Types.ObjectId; number: string }[]>();
  return new Map(docs.map((d) => [String(d._id), d.number]));
}
