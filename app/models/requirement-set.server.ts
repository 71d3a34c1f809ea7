import mongoose, { Schema } from "mongoose";
import { DEFAULT_REQUIREMENTS, requirementRulesSchema, type RequirementRules } from "~/core/workflow";

/**
 * The office's requirement rules (materials per case type, time limits,
 * working calendar), versioned: an edit adds a version, nothing is changed in
 * place, and each case records the version in force at intake.
 */
const RequirementSetSchema = new Schema(
  {
    version: { type: Number, required: true, unique: true },
    rules: { type: Schema.Types.Mixed, required: true },
    note: { type: String, default: "" },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, default: null },
  },
  { minimize: false, versionKey: false },
);
export const RequirementSet = mongoose.models.RequirementSet ?? mongoose.model("RequirementSet", RequirementSetSchema);

export type RequirementSetView = { version: number; rules: RequirementRules; note: string; createdAt: string; createdBy: string | null };

type Doc = { version: number; rules: unknown; note: string; createdAt: Date; createdBy: string | null };

// Versions never change once written, so they can be kept in memory.
const byVersion = new Map<number, RequirementSetView>();

function view(doc: Doc): RequirementSetView {
  const parsed = requirementRulesSchema.safeParse(doc.rules);
  const rules = parsed.success ? (parsed.data as RequirementRules) : DEFAULT_REQUIREMENTS;
  return { version: doc.version, rules, note: doc.note ?? "", createdAt: new Date(doc.createdAt).toISOString(), createdBy: doc.createdBy ?? null };
}

/** The version in force; writes the default rules as version 1 on first use. */
export async function currentRequirementSet(): Promise<RequirementSetView> {
  const docs = await RequirementSet.find({}).sort({ version: -1 }).limit(1).lean<Doc[]>();
  if (docs[0]) return view(docs[0]);
  try {
    await RequirementSet.create({ version: 1, rules: DEFAULT_REQUIREMENTS, note: "default", createdAt: new Date(), createdBy: null });
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  return requirementSetByVersion(1);
}

export async function requirementSetByVersion(version: number): Promise<RequirementSetView> {
  const cached = byVersion.get(version);
  if (cached) return cached;
  const doc = await RequirementSet.findOne({ version }).lean<Doc>();
  if (!doc) return { version, rules: DEFAULT_REQUIREMENTS, note: "default", createdAt: new Date(0).toISOString(), createdBy: null };
  const v = view(doc);
  byVersion.set(version, v);
  return v;
}

export async function listRequirementVersions(): Promise<{ version: number; note: string; createdAt: string; createdBy: string | null }[]> {
  const docs = await RequirementSet.find({}, { rules: 0 }).sort({ version: -1 }).limit(50).lean<Doc[]>();
  return docs.map((d) => ({ version: d.version, note: d.note ?? "", createdAt: new Date(d.createdAt).toISOString(), createdBy: d.createdBy ?? null }));
}

/** Adds the next version; the unique index settles two admins saving at once. */
export async function saveRequirementSet(rules: RequirementRules, note: string, createdBy: string): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await currentRequirementSet();
    const version = current.version + 1;
    try {
      await RequirementSet.create({ version, rules, note, createdAt: new Date(), createdBy });
      return version;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
  throw new Error("could not save the requirement set: too many concurrent edits");
}
