import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { commitField } from "~/core/evidence";
import {
  CASE_EVENT_TYPES,
  PERSONAL_FIELDS,
  formatAccessCode,
  formatCaseNumber,
  normaliseAccessCode,
  type CasePurpose,
  type CaseType,
  type PersonalField,
} from "~/core/workflow";
import type { Language } from "~/i18n/languages";
import { Case, getCaseIdByNumber, nextCaseSequence } from "~/models/case.server";
import { currentRequirementSet } from "~/models/requirement-set.server";
import { recordAudit } from "~/models/audit.server";
import { CaseActionError, type Actor } from "./case-access.server";
import { appendEvent, newSalt } from "./evidence-log.server";

export type IntakeInput = {
  caseType: CaseType;
  purpose: CasePurpose;
  preferredLanguage: Language;
  /** Claimed identity and phone; formerNames packed with 、. Empty values are left out. */
  personal: Partial<Record<PersonalField, string>>;
};

export type OpenedCase = { caseId: string; number: string; accessCode: string };

// The same argon2id settings as staff passwords.
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * Opens a case for a resident: a case number, a one-time access code (only
 * its hash is kept), the claimed identity with a salt per field, the
 * requirement-set version in force, and the `case.opened` event carrying
 * only commitments.
 */
export async function openCase(input: IntakeInput, actor: Actor, now = new Date()): Promise<OpenedCase> {
  if (actor.role !== "officer") throw new CaseActionError(403, "error.forbidden");
  if (!input.personal.name?.trim()) throw new CaseActionError(400, "form.required");
  const requirements = await currentRequirementSet();
  const number = formatCaseNumber(now.getUTCFullYear(), await nextCaseSequence(now.getUTCFullYear()));
  const accessCode = formatAccessCode(randomBytes(12));

  const personal: Record<string, { value: string | null; salt: string | null }> = {};
  const commitments: Record<string, string> = {};
  for (const field of PERSONAL_FIELDS) {
    const value = input.personal[field]?.trim();
    if (!value) continue;
    const salt = newSalt();
    personal[field] = { value, salt };
    commitments[field] = commitField(value, salt);
  }

  const doc = await Case.create({
    number,
    office: actor.office,
    caseType: input.caseType,
    purpose: input.purpose,
    status: "intake",
    personal,
    preferredLanguage: input.preferredLanguage,
    requirementVersion: requirements.version,
    accessCodeHash: await hash(normaliseAccessCode(accessCode), ARGON2),
    officerId: actor.id,
    stageEnteredAt: now,
    openedAt: now,
  });
  const caseId = String(doc._id);
  await appendEvent(caseId, {
    type: CASE_EVENT_TYPES.opened,
    actor: { id: actor.id, role: actor.role },
    at: now,
    payload: {
      caseNumber: number,
      caseType: input.caseType,
      purpose: input.purpose,
      preferredLanguage: input.preferredLanguage,
      requirementVersion: requirements.version,
      commitments,
    },
  });
  await recordAudit({ office: actor.office, actorId: actor.id, actorRole: actor.role, action: "create", entity: "case", entityId: caseId, detail: { number } });
  return { caseId, number, accessCode };
}

/** True when `code` is the resident access code of case `number`. */
export async function verifyResidentAccess(number: string, code: string): Promise<string | null> {
  const caseId = await getCaseIdByNumber(number);
  const doc = caseId ? await Case.findById(caseId, { accessCodeHash: 1 }).lean<{ accessCodeHash: string | null }>() : null;
  if (!doc?.accessCodeHash) return null;
  const ok = await verify(doc.accessCodeHash, normaliseAccessCode(code)).catch(() => false);
  return ok ? caseId : null;
}
