import mongoose, { Schema } from "mongoose";

/** An archive (fonds): a body of registers held by one institution. */
const ArchiveSchema = new Schema(
  {
    name: { type: String, required: true, unique: true },
    institution: { type: String, required: true },
    place: { type: String, required: true },
    period: { type: String, required: true },
    office: { type: String, required: true },
    languages: { type: [String], default: ["chi_tra"] },
  },
  { timestamps: true },
);

export const Archive = mongoose.models.Archive ?? mongoose.model("Archive", ArchiveSchema);

export type ArchiveSummary = { id: string; name: string; institution: string; place: string; period: string };

export async function listArchives(office: string): Promise<ArchiveSummary[]> {
  const docs = await Archive.find({ office }).sort({ name: 1 }).lean();
  return docs.map((d: any) => ({
    id: String(d._id),
    name: d.name,
    institution: d.institution,
    place: d.place,
    period: d.period,
  }));
}

export async function countArchives(office: string) {
  return Archive.countDocuments({ office });
}
