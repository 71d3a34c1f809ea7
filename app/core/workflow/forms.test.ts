import { describe, expect, it } from "vitest";
import { ERASURE_EVENT_TYPE } from "~/core/evidence";
import { AssignTaskSchema, IntakeSchema, parseCaseForm } from "./forms";
import { CASE_EVENT_TYPES, eventTypeKey, problemKey } from "./log";

describe("case forms", () => {
  it("keeps the case sections' own message keys and maps anything else to form.invalid", () => {
    const result = parseCaseForm(IntakeSchema, { caseType: "lost_record", purpose: "pension", preferredLanguage: "zh-Hant", name: "", idNumber: "12A" });
    expect(result).toEqual({ ok: false, fieldErrors: { name: "form.required", idNumber: "caseFlow.form.idNumber" } });
    const assign = parseCaseForm(AssignTaskSchema, { intent: "assign-task", assignedTo: "nope", kind: "visit", instructions: "x" });
    expect(assign).toEqual({ ok: false, fieldErrors: { assignedTo: "fieldTask.assign.pick" } });
  });

  it("accepts a complete intake and reads form data", () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ caseType: "never_registered", purpose: "school", preferredLanguage: "en", name: " 王小明 ", sex: "" })) form.set(k, v);
    expect(parseCaseForm(IntakeSchema, form)).toMatchObject({ ok: true, data: { name: "王小明", sex: "" } });
  });
});

describe("log vocabulary", () => {
  it("spells the erasure event type as the evidence core does", () => {
    expect(CASE_EVENT_TYPES.erased).toBe(ERASURE_EVENT_TYPE);
  });

  it("maps event types and problems to catalog keys", () => {
    expect(eventTypeKey("personal-data.erased")).toBe("evidence.eventType.personal_data_erased");
    expect(problemKey("seq-out-of-order")).toBe("evidence.problem.seq_out_of_order");
  });
});
