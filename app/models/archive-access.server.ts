import mongoose from "mongoose";
import { Archive } from "./archive.server";

export type ArchiveRef = { id: string; name: string; languages: string[]; office: string };

/** An archive of the viewer's office, or null: ids from other offices or forged ids find nothing. */
export async function getArchiveInOffice(id: string | null | undefined, office: string): Promise<ArchiveRef | null> {
  if (!id || !mongoose.isValidObjectId(id)) return null;
  const doc = await Archive.findOne({ _id: id, office }).lean<any>();
  return doc ? { id: String(doc._id), name: doc.name, languages: doc.languages ?? ["chi_tra"], office: doc.office } : null;
}

export async function getArchiveByName(name: string, office?: string): Promise<ArchiveRef | null> {
  const doc = await Archive.findOne(office ? { name, office } : { name }).lean<any>();
  return doc ? { id: String(doc._id), name: doc.name, languages: doc.languages ?? ["chi_tra"], office: doc.office } : null;
}
