import {
  CASE_EVENT_TYPES,
  IDENTITY_FIELDS,
  checkTransition,
  identityFromEntryFields,
  reconstructRecord,
  type CaseState,
  type IdentityField,
  type SupportingItem,
  type TransitionName,
} from "~/core/workflow";
import type { EvidenceEvent } from "~/core/evidence";
import { Case, type CaseDoc } from "~/models/case.server";
import { listEvidenceItems, type EvidenceItemDoc } from "~/models/evidence-item.server";
import { CaseTask } from "~/models/case-task.server";
import { ReconstructedRecord } from "~/models/record.server";
import { recordAudit } from "~/models/audit.server";
import { CaseActionError, caseForActor, type Actor } from "./case-access.server";
import { appendEvent, readCaseEvents, sealValue, verifyCaseLog } from "./evidence-log.server";

/** Event types whose actor took part in assembling the evidence. */
const ASSEMBLING = new Set<string>([
  CASE_EVENT_TYPES.opened,
  CASE_EVENT_TYPES.evidenceAdded,
  CASE_EVENT_TYPES.candidateAccepted,
  CASE_EVENT_TYPES.candidateRejected,
  CASE_EVENT_TYPES.taskAssigned,
  CASE_EVENT_TYPES.taskReported,
  CASE_EVENT_TYPES.submitted,
]);

/** The case officer and everyone the log shows assembling evidence: none of them may approve. */
export function assemblersOf(doc: CaseDoc, events: readonly EvidenceEvent[]): string[] {
  const ids = new Set<string>([String(doc.officerId)]);
  for (const event of events) if (ASSEMBLING.has(event.type)) ids.add(event.actor.id);
  return [...ids];
}

/** Items that count for the record: accepted candidates and every document, statement or report on file. */
export function supportingItems(items: readonly EvidenceItemDoc[]): EvidenceItemDoc[] {
  return items.filter((item) => item.status !== "rejected");
}

export type TransitionDone = { from: CaseState; to: CaseState; seq: number; recordId?: string };

/**
 * Fires a workflow transition. Everything is checked here, on the server:
 * the table (state, role), the two-person rule against the log's actors,
 * the reason, evidence and open field checks, and for approval that the log
 * verifies. The status changes only if nobody changed it meanwhile.
 */
export async function fireTransition(caseId: string, transition: TransitionName | string, by: Actor, reason: string | null | undefined, now = new Date()): Promise<TransitionDone> {
  const doc = await caseForActor(by, caseId, "work").catch(async (error) => {
    // Community officers and others outside the workflow get the transition refusal, not a bare 404.
    if (error instanceof CaseActionError && error.status === 403) throw new CaseActionError(403, "caseFlow.refused.role", { transition, role: by.role });
    throw error;
  });
  const events = await readCaseEvents(caseId);
  const items = await listEvidenceItems(caseId);
  const openTasks = await CaseTask.countDocuments({ caseId, status: "open" });
  const needsLog = transition === "approve";
  const logIntact = needsLog ? (await verifyCaseLog(doc)).ok : true;
  const verdict = checkTransition(
    transition,
    { id: by.id, role: by.role },
    { state: doc.status, assemblerIds: assemblersOf(doc, events), acceptedEvidence: supportingItems(items).length, openTasks, logIntact },
    reason,
  );
  if (!verdict.ok) {
    await recordAudit({ office: by.office, actorId: by.id, actorRole: by.role, action: `transition:${transition}`, entity: "case", entityId: caseId, outcome: "denied", detail: { refusal: verdict.refusal } });
    throw new CaseActionError(verdict.status, verdict.messageKey, verdict.vars);
  }

  const moved = await Case.updateOne({ _id: doc._id, status: verdict.from }, { $set: { status: verdict.to, stageEnteredAt: now } });
  if (moved.modifiedCount !== 1) throw new CaseActionError(409, "caseFlow.refused.changed");
  const sealed = reason?.trim() ? sealValue("reason", reason.trim()) : null;
  let seq: number;
  try {
    if (sealed) await Case.updateOne({ _id: doc._id }, { $push: { sealed } });
    const event = await appendEvent(caseId, {
      type: verdict.eventType,
      actor: { id: by.id, role: by.role },
      at: now,
      payload: { transition, from: verdict.from, to: verdict.to, ...(sealed ? { commitments: { reason: sealed.commitment } } : {}) },
    });
    seq = event.seq;
  } catch (error) {
    await Case.updateOne({ _id: doc._id, status: verdict.to }, { $set: { status: verdict.from, stageEnteredAt: doc.stageEnteredAt } });
    throw error;
  }
  await recordAudit({ office: by.office, actorId: by.id, actorRole: by.role, action: `transition:${transition}`, entity: "case", entityId: caseId, detail: { from: verdict.from, to: verdict.to } });

  const done: TransitionDone = { from: verdict.from, to: verdict.to, seq };
  if (transition === "approve") done.recordId = await issueRecord({ ...doc, status: verdict.to }, items, by, now);
  return done;
}

/** Identity values the supporting items carry: an archive entry's fields from its sealed snapshot, or what a statement or report confirms. */
export function supportOf(doc: CaseDoc, items: readonly EvidenceItemDoc[]): SupportingItem[] {
  const sealed = new Map((doc.sealed ?? []).map((s) => [s.commitment, s.value]));
  return supportingItems(items).map((item) => {
    const snapshot = item.commitments?.snapshot ? sealed.get(item.commitments.snapshot) : null;
    let fields: Partial<Record<IdentityField, string>> | undefined;
    if (snapshot) {
      try {
        fields = identityFromEntryFields((JSON.parse(snapshot) as { fields?: Record<string, unknown> }).fields ?? {});
      } catch {
        fields = undefined;
      }
    }
    return { itemId: String(item._id), fields, confirms: item.confirms ?? [] };
  });
}

/**
 * Issues the ReconstructedRecord on approval: every field as re-established
 * with the evidence items behind it, values sealed in the case, and a
 * `record.issued` event with their commitments.
 */
export async function issueRecord(doc: CaseDoc, items: readonly EvidenceItemDoc[], by: Actor, now: Date): Promise<string> {
  const claimed = Object.fromEntries(IDENTITY_FIELDS.map((f) => [f, doc.personal?.[f]?.value ?? null]));
  const fields = reconstructRecord(claimed, supportOf(doc, items));
  const sealed = fields.map((f) => sealValue(`record_${f.field}`, f.value));
  const caseId = String(doc._id);
  if (sealed.length) await Case.updateOne({ _id: doc._id }, { $push: { sealed: { $each: sealed } } });
  const record = await ReconstructedRecord.create({
    caseId,
    caseNumber: doc.number,
    office: doc.office,
    fields: fields.map((f, i) => ({ field: f.field, commitment: sealed[i].commitment, supportedBy: f.supportedBy, basis: f.basis })),
    issuedAt: now,
    issuedBy: by.id,
    issuedByRole: by.role,
  });
  const event = await appendEvent(caseId, {
    type: CASE_EVENT_TYPES.recordIssued,
    actor: { id: by.id, role: by.role },
    at: now,
    payload: {
      recordId: String(record._id),
      supportedBy: Object.fromEntries(fields.map((f) => [f.field, f.supportedBy])),
      commitments: Object.fromEntries(sealed.map((s) => [s.field, s.commitment])),
    },
  });
  await ReconstructedRecord.updateOne({ _id: record._id }, { $set: { seq: event.seq } });
  return String(record._id);
}
