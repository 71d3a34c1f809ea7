import mongoose from "mongoose";
import {
  ERASURE_RULES,
  PERSONAL_FIELDS,
  acceptsEvidence,
  allowsErasure,
  checklistFor,
  isCaseType,
  stageClock,
  transitionsFrom,
  type CasePurpose,
  type Material,
  type PersonalField,
  type TimeLimit,
  type TransitionName,
} from "~/core/workflow";
import { can } from "~/core/access";
import { listCases, toSummary, type CaseDoc, type CaseScope, type CaseSummary } from "~/models/case.server";
import { listEvidenceItems, type EvidenceKind } from "~/models/evidence-item.server";
import { listCaseTasks, type TaskKind, type TaskOutcome } from "~/models/case-task.server";
import { latestRecordFor } from "~/models/record.server";
import { requirementSetByVersion } from "~/models/requirement-set.server";
import { User } from "~/models/user.server";
import { recordAudit } from "~/models/audit.server";
import { caseForActor, type Actor } from "./case-access.server";
import { readCaseEvents, verifyCaseLog, type CaseLogCheck } from "./evidence-log.server";

export type Clock = { deadline: string | null; overdue: boolean; dueSoon: boolean; limit: TimeLimit | null };

export type CaseRow = CaseSummary & { clock: Clock };

async function clockFor(summary: Pick<CaseSummary, "status" | "stageEnteredAt" | "requirementVersion">, now: Date): Promise<Clock> {
  const { rules } = await requirementSetByVersion(summary.requirementVersion);
  const clock = stageClock(summary.status as CaseDoc["status"], new Date(summary.stageEnteredAt), rules.timeLimits, now, rules.calendar);
  return { deadline: clock.deadline?.toISOString() ?? null, overdue: clock.overdue, dueSoon: clock.dueSoon, limit: clock.limit };
}

/** Cases in the scope with their stage deadline and overdue flag at `now`. */
export async function listCaseRows(scope: CaseScope, now: Date, status?: string): Promise<CaseRow[]> {
  const cases = await listCases(scope, status);
  const rows: CaseRow[] = [];
  for (const c of cases) rows.push({ ...c, clock: await clockFor(c, now) });
  return rows;
}

export type ErasureView = { erasedAt: string; erasedByRole: string; rule: string; seq: number };
export type SealedText = { value: string | null; erased: ErasureView | null };

export type CasePageData = Awaited<ReturnType<typeof loadCasePage>>;

async function userNames(ids: string[]): Promise<Record<string, string>> {
  const valid = [...new Set(ids)].filter((id) => mongoose.isValidObjectId(id));
  if (valid.length === 0) return {};
  const users = await User.find({ _id: { $in: valid } }, { displayName: 1 }).lean<{ _id: mongoose.Types.ObjectId; displayName: string }[]>();
  return Object.fromEntries(users.map((u) => [String(u._id), u.displayName]));
}

/**
 * Everything the case page shows, for an actor allowed to read the case, with
 * the log checked where it is stored. Each call is a staff view of personal
 * data and is written to the audit trail.
 */
export async function loadCasePage(actor: Actor, caseId: string, now: Date, meta: { ip?: string } = {}) {
  const doc = await caseForActor(actor, caseId, "read");
  await recordAudit({ office: actor.office, actorId: actor.id, actorRole: actor.role, action: "view", entity: "case", entityId: caseId, ip: meta.ip ?? "" });
  const summary = toSummary(doc);
  const requirementSet = await requirementSetByVersion(summary.requirementVersion);
  const clock = await clockFor(summary, now);
  const [items, tasks, events, record, log] = await Promise.all([
    listEvidenceItems(caseId),
    listCaseTasks(caseId),
    readCaseEvents(caseId),
    latestRecordFor(caseId),
    verifyCaseLog(doc),
  ]);

  const erasures = new Map((doc.erasures ?? []).map((e) => [e.commitment, { erasedAt: e.erasedAt, erasedByRole: e.erasedByRole, rule: e.rule, seq: e.seq }]));
  const erasedFields = new Map((doc.erasures ?? []).filter((e) => (PERSONAL_FIELDS as readonly string[]).includes(e.field)).map((e) => [e.field, erasures.get(e.commitment)!]));
  const sealed = new Map((doc.sealed ?? []).map((s) => [s.commitment, s]));
  const text = (commitment: string | null | undefined): SealedText | null => {
    if (!commitment) return null;
    const s = sealed.get(commitment);
    return { value: s?.value ?? null, erased: erasures.get(commitment) ?? null };
  };

  const identity = PERSONAL_FIELDS.map((field: PersonalField) => ({
    field,
    value: doc.personal?.[field]?.value ?? null,
    erased: erasedFields.get(field) ?? null,
  })).filter((f) => f.value !== null || f.erased !== null);

  const brought = new Set(items.filter((i) => i.kind === "resident_document" && i.materialId).map((i) => i.materialId as string));
  const materials: Material[] = isCaseType(doc.caseType) ? checklistFor(requirementSet.rules, doc.caseType, doc.purpose as CasePurpose) : [];
  const names = await userNames([String(doc.officerId), ...items.map((i) => i.addedBy), ...tasks.map((t) => t.assignedTo)]);

  const evidence = items.map((item) => {
    const snapshot = text(item.commitments?.snapshot);
    let parsed: { fields: Record<string, unknown>; explanation: unknown } | null = null;
    if (snapshot?.value) {
      try {
        parsed = JSON.parse(snapshot.value);
      } catch {
        parsed = null;
      }
    }
    return {
      id: String(item._id),
      kind: item.kind as EvidenceKind,
      status: item.status,
      materialId: item.materialId,
      agency: item.agency,
      entryId: item.entryId,
      probability: item.probability,
      scanSha256: item.scanSha256,
      pageNumber: item.pageNumber,
      files: item.files.map((f) => ({ sha256: f.sha256, contentType: f.contentType, role: f.role })),
      confirms: item.confirms ?? [],
      seq: item.seq,
      addedAt: new Date(item.addedAt).toISOString(),
      addedByRole: item.addedByRole,
      addedByName: names[item.addedBy] ?? null,
      reason: text(item.commitments?.reason),
      statement: text(item.commitments?.statement ?? item.commitments?.report ?? item.commitments?.note),
      snapshotErased: snapshot?.erased ?? null,
      entryFields: parsed?.fields ? Object.fromEntries(Object.entries(parsed.fields).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])) : null,
      explanation: parsed?.explanation === undefined || parsed?.explanation === null ? null : typeof parsed.explanation === "string" ? parsed.explanation : JSON.stringify(parsed.explanation, null, 1),
    };
  });

  const taskViews = tasks.map((t) => ({
    id: String(t._id),
    kind: t.kind as TaskKind,
    assignedToName: names[t.assignedTo] ?? t.assignedTo,
    status: t.status,
    dueAt: t.dueAt ? new Date(t.dueAt).toISOString() : null,
    outcome: t.outcome as TaskOutcome | null,
    reportedAt: t.reportedAt ? new Date(t.reportedAt).toISOString() : null,
    instructions: text(t.instructionsCommitment),
    report: text(t.reportCommitment),
  }));

  // Reasons given for transitions, by the seq of their event.
  const reasons: Record<number, SealedText> = {};
  for (const e of events) {
    const c = (e.payload as { commitments?: Record<string, unknown> }).commitments?.reason;
    if (typeof c === "string" && e.type !== "candidate.accepted" && e.type !== "candidate.rejected") reasons[e.seq] = text(c)!;
  }

  const holdsPersonalData = identity.some((f) => f.value !== null) || (doc.sealed ?? []).some((x) => x.value !== null);
  const otherErasures = (doc.erasures ?? []).filter((e) => !(PERSONAL_FIELDS as readonly string[]).includes(e.field));
  const canWork = can(actor.role, "update:case") && acceptsEvidence(doc.status);
  const communityOfficers =
    canWork && actor.role !== "community_officer"
      ? (await User.find({ office: doc.office, role: "community_officer", disabled: false }, { displayName: 1 }).lean<{ _id: mongoose.Types.ObjectId; displayName: string }[]>()).map((u) => ({ id: String(u._id), name: u.displayName }))
      : [];

  return {
    case: {
      ...summary,
      office: doc.office,
      preferredLanguage: doc.preferredLanguage,
      officerName: names[String(doc.officerId)] ?? null,
    },
    clock,
    identity,
    checklist: materials.map((m) => ({ ...m, brought: brought.has(m.id) })),
    evidence,
    tasks: taskViews,
    events: events.map((e) => ({ seq: e.seq, type: e.type, at: e.at, actorRole: e.actor?.role ?? "", hash: e.hash, transition: (e.payload as { transition?: string }).transition ?? null })),
    reasons,
    log: log as CaseLogCheck,
    transitions: transitionsFrom(doc.status, actor.role) as TransitionName[],
    record: record ? { id: String(record._id), issuedAt: new Date(record.issuedAt).toISOString() } : null,
    otherErasures: otherErasures.map((e) => ({ field: e.field, erasedAt: e.erasedAt, erasedByRole: e.erasedByRole, rule: e.rule, seq: e.seq })),
    erasureRuleLabels: Object.fromEntries(ERASURE_RULES.map((r) => [r.id, r.label])),
    erasureRules: allowsErasure(doc.status) && can(actor.role, "erase:case") && holdsPersonalData ? ERASURE_RULES : [],
    canWork,
    canExport: can(actor.role, "export:case"),
    searchLink: `/search?case=${caseId}`,
    communityOfficers,
  };
}
