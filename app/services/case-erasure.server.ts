import { can } from "~/core/access";
import { ERASURE_EVENT_TYPE, commitField, erasurePayload, loggedCommitments, type ErasureRecord } from "~/core/evidence";
import { PERSONAL_FIELDS, allowsErasure, isErasureRule } from "~/core/workflow";
import { Case } from "~/models/case.server";
import { recordAudit } from "~/models/audit.server";
import { CaseActionError, caseForActor, type Actor } from "./case-access.server";
import { appendEvent, readCaseEvents } from "./evidence-log.server";

/**
 * Erases a finished case's personal data: for every committed value an
 * `personal-data.erased` event (field, time, role, rule) is appended first,
 * then the value and its salt are deleted. The commitments stay in the log,
 * so the chain still verifies and shows what was erased, when, by whom and why.
 * Safe to run again after an interruption: erasures already logged are not repeated.
 */
export async function erasePersonalData(caseId: string, input: { rule: string }, by: Actor, now = new Date()): Promise<{ erased: number }> {
  if (!can(by.role, "erase:case")) throw new CaseActionError(403, "error.forbidden");
  if (!isErasureRule(input.rule)) throw new CaseActionError(400, "evidence.refused.erasureRule");
  const doc = await caseForActor(by, caseId, "read");
  if (!allowsErasure(doc.status)) throw new CaseActionError(409, "evidence.refused.eraseState", { state: doc.status });

  const events = await readCaseEvents(caseId);
  const logged = new Map(loggedCommitments(events).map((c) => [c.commitment, c]));
  const alreadyErased = new Map<string, ErasureRecord & { seq: number }>();
  for (const e of events) {
    if (e.type !== ERASURE_EVENT_TYPE) continue;
    const p = e.payload as { commitment?: string; erasure?: ErasureRecord };
    if (p.commitment && p.erasure) alreadyErased.set(p.commitment, { ...p.erasure, seq: e.seq });
  }

  type Target = { field: string; commitment: string; where: { personal: string } | { sealedIndex: number } };
  const targets: Target[] = [];
  for (const field of PERSONAL_FIELDS) {
    const entry = doc.personal?.[field];
    if (entry?.value == null || entry.salt == null) continue;
    targets.push({ field, commitment: commitField(entry.value, entry.salt), where: { personal: field } });
  }
  (doc.sealed ?? []).forEach((s, i) => {
    if (s.value != null) targets.push({ field: s.field, commitment: s.commitment, where: { sealedIndex: i } });
  });

  const erasedAt = now.toISOString();
  const records: { field: string; commitment: string; erasedAt: string; erasedByRole: string; rule: string; seq: number }[] = [];
  for (const target of targets) {
    const known = alreadyErased.get(target.commitment);
    if (known) {
      records.push({ field: target.field, commitment: target.commitment, erasedAt: known.erasedAt, erasedByRole: known.erasedByRole, rule: known.rule, seq: known.seq });
      continue;
    }
    // A value the log never committed (left by an interrupted write) needs no event, only deleting.
    if (!logged.has(target.commitment)) continue;
    const erasure = { field: target.field, erasedAt, erasedByRole: by.role, rule: input.rule };
    const event = await appendEvent(caseId, { type: ERASURE_EVENT_TYPE, actor: { id: by.id, role: by.role }, at: now, payload: erasurePayload(target.commitment, erasure) });
    records.push({ ...erasure, commitment: target.commitment, seq: event.seq });
  }

  const unset: Record<string, unknown> = {};
  for (const t of targets) if ("personal" in t.where) unset[`personal.${t.where.personal}`] = { value: null, salt: null };
  const sealed = (doc.sealed ?? []).map((s) => ({ commitment: s.commitment, field: s.field, value: null, salt: null }));
  await Case.updateOne({ _id: doc._id }, { $set: { ...unset, sealed }, $push: { erasures: { $each: records.filter((r) => !(doc.erasures ?? []).some((e) => e.commitment === r.commitment)) } } });
  await recordAudit({ office: by.office, actorId: by.id, actorRole: by.role, action: "erase-personal-data", entity: "case", entityId: caseId, detail: { rule: input.rule, fields: records.length } });
  return { erased: records.length };
}
