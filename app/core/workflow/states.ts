/**
 * The re-registration workflow as a typed transition table: which transitions
 * leave which state, who may fire them and what must hold first. Pure: the
 * caller passes the case's facts in and gets a verdict with a catalog key.
 */
import type { Role } from "~/core/access";

export const CASE_STATES = [
  "intake",
  "searching",
  "evidence_review",
  "awaiting_approval",
  "approved",
  "registered",
  "closed",
  "returned",
  "rejected",
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** The main line, in order, for the process diagram (流程示意圖). */
export const MAIN_LINE: readonly CaseState[] = ["intake", "searching", "evidence_review", "awaiting_approval", "approved", "registered", "closed"];

/** States in which no more work happens on the case. */
export const FINAL_STATES: readonly CaseState[] = ["closed", "rejected"];

export type ReasonRule = "required" | "optional";

export interface TransitionRule {
  from: readonly CaseState[];
  to: CaseState;
  roles: readonly Role[];
  reason: ReasonRule;
  /** Refused while field-check tasks are open. */
  needsTasksDone?: boolean;
  /** Refused until at least one evidence item is accepted. */
  needsAcceptedEvidence?: boolean;
  /** Two-person rule: refused for anyone who assembled the evidence. */
  fourEyes?: boolean;
  /** Refused while the case's evidence log does not verify. */
  needsIntactLog?: boolean;
  /** Event type recorded in the evidence log. */
  eventType: string;
}

export const TRANSITIONS = {
  start_search: { from: ["intake"], to: "searching", roles: ["officer"], reason: "optional", eventType: "case.transitioned" },
  begin_review: { from: ["searching"], to: "evidence_review", roles: ["officer"], reason: "optional", eventType: "case.transitioned" },
  back_to_search: { from: ["evidence_review"], to: "searching", roles: ["officer"], reason: "optional", eventType: "case.transitioned" },
  submit: {
    from: ["evidence_review"],
    to: "awaiting_approval",
    roles: ["officer"],
    reason: "optional",
    needsTasksDone: true,
    needsAcceptedEvidence: true,
    eventType: "case.submitted",
  },
  approve: {
    from: ["awaiting_approval"],
    to: "approved",
    roles: ["supervisor"],
    reason: "optional",
    fourEyes: true,
    needsAcceptedEvidence: true,
    needsIntactLog: true,
    eventType: "approval.granted",
  },
  return: { from: ["awaiting_approval"], to: "returned", roles: ["supervisor"], reason: "required", eventType: "approval.returned" },
  reject: { from: ["awaiting_approval"], to: "rejected", roles: ["supervisor"], reason: "required", fourEyes: true, eventType: "approval.rejected" },
  resume: { from: ["returned"], to: "evidence_review", roles: ["officer"], reason: "optional", eventType: "case.transitioned" },
  register: { from: ["approved"], to: "registered", roles: ["officer"], reason: "optional", eventType: "case.transitioned" },
  close: { from: ["registered", "rejected"], to: "closed", roles: ["officer", "supervisor"], reason: "optional", eventType: "case.transitioned" },
} as const satisfies Record<string, TransitionRule>;

export type TransitionName = keyof typeof TRANSITIONS;
export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as TransitionName[];

export function isTransitionName(value: unknown): value is TransitionName {
  return typeof value === "string" && Object.hasOwn(TRANSITIONS, value);
}

export function isCaseState(value: unknown): value is CaseState {
  return typeof value === "string" && (CASE_STATES as readonly string[]).includes(value);
}

/** Facts about the case a transition may depend on. */
export interface TransitionFacts {
  state: CaseState;
  /** Everyone who assembled the evidence: the case officer and every actor who added, accepted or submitted evidence. */
  assemblerIds: readonly string[];
  acceptedEvidence: number;
  openTasks: number;
  /** Whether the evidence log verifies (chain, checkpoints, files, commitments). */
  logIntact: boolean;
}

export type TransitionRefusal =
  | "unknown-transition"
  | "illegal-from"
  | "role"
  | "two-person"
  | "reason-required"
  | "no-evidence"
  | "open-tasks"
  | "log-broken";

export type TransitionVerdict =
  | { ok: true; from: CaseState; to: CaseState; eventType: string }
  | { ok: false; refusal: TransitionRefusal; messageKey: string; status: 403 | 409 | 400; vars: Record<string, string | number> };

const refuse = (
  refusal: TransitionRefusal,
  status: 403 | 409 | 400,
  vars: Record<string, string | number>,
): TransitionVerdict => ({ ok: false, refusal, status, messageKey: `caseFlow.refused.${refusal}`, vars });

/**
 * Whether `actor` may fire `transition` now. Checks, in order: the transition
 * exists, leaves the current state, the actor's role, the two-person rule,
 * the reason, then the case's facts.
 */
export function checkTransition(
  transition: string,
  actor: { id: string; role: Role },
  facts: TransitionFacts,
  reason: string | undefined | null,
): TransitionVerdict {
  if (!isTransitionName(transition)) return refuse("unknown-transition", 400, { transition: String(transition) });
  const rule: TransitionRule = TRANSITIONS[transition];
  const vars = { transition, from: facts.state, to: rule.to };
  if (!rule.from.includes(facts.state)) return refuse("illegal-from", 409, vars);
  if (!rule.roles.includes(actor.role)) return refuse("role", 403, { ...vars, role: actor.role });
  if (rule.fourEyes && facts.assemblerIds.includes(actor.id)) return refuse("two-person", 403, vars);
  if (rule.reason === "required" && !(reason ?? "").trim()) return refuse("reason-required", 400, vars);
  if (rule.needsAcceptedEvidence && facts.acceptedEvidence < 1) return refuse("no-evidence", 409, vars);
  if (rule.needsTasksDone && facts.openTasks > 0) return refuse("open-tasks", 409, { ...vars, count: facts.openTasks });
  if (rule.needsIntactLog && !facts.logIntact) return refuse("log-broken", 409, vars);
  return { ok: true, from: facts.state, to: rule.to, eventType: rule.eventType };
}

/** Transitions a role could fire from a state (for the UI; the server re-checks everything). */
export function transitionsFrom(state: CaseState, role: Role): TransitionName[] {
  return TRANSITION_NAMES.filter((name) => {
    const rule: TransitionRule = TRANSITIONS[name];
    return rule.from.includes(state) && rule.roles.includes(role);
  });
}

/** Evidence may be added and candidates judged only while the case is being worked on. */
export const EVIDENCE_STATES: readonly CaseState[] = ["intake", "searching", "evidence_review", "returned"];

export function acceptsEvidence(state: CaseState): boolean {
  return EVIDENCE_STATES.includes(state);
}

/** Personal data may be erased only once the case is finished. */
export function allowsErasure(state: CaseState): boolean {
  return FINAL_STATES.includes(state);
}
