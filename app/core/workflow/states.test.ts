import { describe, expect, it } from "vitest";
import { CASE_STATES, TRANSITIONS, TRANSITION_NAMES, checkTransition, transitionsFrom, type CaseState, type TransitionFacts } from "./states";

const facts = (state: CaseState, over: Partial<TransitionFacts> = {}): TransitionFacts => ({
  state,
  assemblerIds: ["officer-1"],
  acceptedEvidence: 1,
  openTasks: 0,
  logIntact: true,
  ...over,
});
const officer = { id: "officer-1", role: "officer" as const };
const supervisor = { id: "supervisor-1", role: "supervisor" as const };

describe("the transition table", () => {
  it("reaches every state from intake", () => {
    const seen = new Set<CaseState>(["intake"]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const name of TRANSITION_NAMES) {
        const rule = TRANSITIONS[name];
        if (rule.from.some((s) => seen.has(s)) && !seen.has(rule.to)) {
          seen.add(rule.to);
          grew = true;
        }
      }
    }
    expect([...seen].sort()).toEqual([...CASE_STATES].sort());
  });

  it("walks the main line with the right roles", () => {
    const steps: Array<[string, { id: string; role: "officer" | "supervisor" }, CaseState, CaseState]> = [
      ["start_search", officer, "intake", "searching"],
      ["begin_review", officer, "searching", "evidence_review"],
      ["submit", officer, "evidence_review", "awaiting_approval"],
      ["approve", supervisor, "awaiting_approval", "approved"],
      ["register", officer, "approved", "registered"],
      ["close", officer, "registered", "closed"],
    ];
    for (const [name, actor, from, to] of steps) {
      expect(checkTransition(name, actor, facts(from), "")).toMatchObject({ ok: true, from, to });
    }
  });

  it("refuses a transition that does not leave the current state, with a catalog key", () => {
    const verdict = checkTransition("approve", supervisor, facts("searching"), "fine");
    expect(verdict).toEqual({
      ok: false,
      refusal: "illegal-from",
      status: 409,
      messageKey: "caseFlow.refused.illegal-from",
      vars: { transition: "approve", from: "searching", to: "approved" },
    });
    expect(checkTransition("close", officer, facts("closed"), "")).toMatchObject({ ok: false, refusal: "illegal-from" });
  });

  it("refuses unknown transitions and wrong roles", () => {
    expect(checkTransition("teleport", officer, facts("intake"), "")).toMatchObject({ ok: false, refusal: "unknown-transition", status: 400 });
    expect(checkTransition("approve", officer, facts("awaiting_approval", { assemblerIds: [] }), "")).toMatchObject({ ok: false, refusal: "role", status: 403 });
    expect(checkTransition("start_search", { id: "c", role: "community_officer" }, facts("intake"), "")).toMatchObject({ ok: false, refusal: "role" });
  });

  it("enforces the two-person rule for approval and rejection", () => {
    const assembled = facts("awaiting_approval", { assemblerIds: ["officer-1", "supervisor-1"] });
    expect(checkTransition("approve", supervisor, assembled, "ok")).toMatchObject({ ok: false, refusal: "two-person", status: 403 });
    expect(checkTransition("reject", supervisor, assembled, "no")).toMatchObject({ ok: false, refusal: "two-person" });
    expect(checkTransition("approve", { id: "supervisor-2", role: "supervisor" }, assembled, "")).toMatchObject({ ok: true });
  });

  it("needs a reason to return or reject, evidence to submit, and finished field checks", () => {
    expect(checkTransition("return", supervisor, facts("awaiting_approval"), "  ")).toMatchObject({ ok: false, refusal: "reason-required", status: 400 });
    expect(checkTransition("return", supervisor, facts("awaiting_approval"), "need birth proof")).toMatchObject({ ok: true, to: "returned" });
    expect(checkTransition("submit", officer, facts("evidence_review", { acceptedEvidence: 0 }), "")).toMatchObject({ ok: false, refusal: "no-evidence" });
    expect(checkTransition("submit", officer, facts("evidence_review", { openTasks: 2 }), "")).toMatchObject({
      ok: false,
      refusal: "open-tasks",
      vars: { count: 2 },
    });
  });

  it("refuses approval while the evidence log does not verify", () => {
    expect(checkTransition("approve", supervisor, facts("awaiting_approval", { logIntact: false }), "")).toMatchObject({ ok: false, refusal: "log-broken", status: 409 });
  });

  it("lists what a role can do from a state", () => {
    expect(transitionsFrom("awaiting_approval", "supervisor")).toEqual(["approve", "return", "reject"]);
    expect(transitionsFrom("awaiting_approval", "officer")).toEqual([]);
    expect(transitionsFrom("evidence_review", "officer")).toEqual(["back_to_search", "submit"]);
    expect(transitionsFrom("closed", "supervisor")).toEqual([]);
  });
});
