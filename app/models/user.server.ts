import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { hash, verify } from "@node-rs/argon2";
import { ROLES, type Role } from "~/core/access";
import { LANGUAGES, type Language } from "~/i18n/languages";

const UserSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    displayName: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    office: { type: String, required: true, default: "demo-office" },
    language: { type: String, enum: LANGUAGES, default: "zh-Hant" },
    passwordHash: { type: String, required: true },
    disabled: { type: Boolean, default: false },
  },
  { timestamps: true },
);

export type UserDoc = InferSchemaType<typeof UserSchema> & { _id: mongoose.Types.ObjectId };
export const User = mongoose.models.User ?? mongoose.model("User", UserSchema);

/** What routes may see of a user: never the hash. */
export type PublicUser = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  office: string;
  language: Language;
  disabled: boolean;
};

export function toPublicUser(doc: UserDoc): PublicUser {
  return {
    id: String(doc._id),
    username: doc.username,
    displayName: doc.displayName,
    role: doc.role as Role,
    office: doc.office,
    language: doc.language as Language,
    disabled: Boolean(doc.disabled),
  };
}

const ARGON2 = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string) {
  return hash(password, ARGON2);
}

export async function createUser(input: {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  office?: string;
  language?: Language;
}): Promise<PublicUser> {
  const doc = await User.create({
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    office: input.office ?? "demo-office",
    language: input.language ?? "zh-Hant",
    passwordHash: await hashPassword(input.password),
  });
  return toPublicUser(doc.toObject() as UserDoc);
}

export async function getUserById(id: string): Promise<PublicUser | null> {
  if (!mongoose.isValidObjectId(id)) return null;
  const doc = await User.findById(id).lean<UserDoc>();
  return doc ? toPublicUser(doc) : null;
}

export async function getUserByUsername(username: string): Promise<PublicUser | null> {
  const doc = await User.findOne({ username }).lean<UserDoc>();
  return doc ? toPublicUser(doc) : null;
}

export async function listUsers(office: string): Promise<PublicUser[]> {
  const docs = await User.find({ office }).sort({ username: 1 }).lean<UserDoc[]>();
  return docs.map(toPublicUser);
}

/** Returns the user when the password is right and the account is enabled. */
export async function verifyLogin(username: string, password: string): Promise<PublicUser | null> {
  const doc = await User.findOne({ username }).lean<UserDoc>();
  if (!doc || doc.disabled) {
    // Same work whether or not the account exists, so timing does not reveal it.
    dummyHash ??= hashPassword("suji-timing-equaliser");
    await verify(await dummyHash, password).catch(() => false);
    return null;
  }
  const ok = await verify(doc.passwordHash, password).catch(() => false);
  return ok ? toPublicUser(doc) : null;
}

let dummyHash: Promise<string> | undefined;

export async function setPassword(userId: string, password: string) {
  await User.updateOne({ _id: userId }, { $set: { passwordHash: await hashPassword(password) } });
}

export async function setLanguage(userId: string, language: Language) {
  await User.updateOne({ _id: userId }, { $set: { language } });
}

export async function countUsers() {
  return User.countDocuments();
}
