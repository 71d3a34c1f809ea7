import { generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, ROUTE_ACCESS, type Role } from "~/core/access";
import { DEFAULT_REQUIREMENTS } from "~/core/workflow";
import { translate } from "~/i18n/i18n";
import { AuditEvent } from "~/models/audit.server";
import { Case, getCaseById, listCases } from "~/models/case.server";
import { EvidenceItem } from "~/models/evidence-item.server";
import { currentRequirementSet } from "~/models/requirement-set.server";
import { openCase, verifyResidentAccess } from "~/services/case-intake.server";
import { acceptCandidate, assignFieldTask, getCaseQuery } from "~/services/case-evidence.server";
import { fireTransition } from "~/services/case-workflow.server";
import { readCaseEvents } from "~/services/evidence-log.server";
import { resetOfficeKeyCache } from "~/services/signing.server";
import type { Actor } from "~/services/case-access.server";
import * as newCase from "~/routes/cases.new";
import * as casePage from "~/routes/cases.$caseId._index";
import * as recordPage from "~/routes/cases.$caseId.record";
import * as casesList from "~/routes/cases._index";
import * as approvals from "~/routes/approvals";
import * as tasks from "~/routes/tasks";
import * as taskPage from "~/routes/tasks_.$taskId";
import * as requirements from "~/routes/admin.requirements";
import * as bundleRoute from "~/routes/cases.$caseId.bundle";
import * as fileRoute from "~/routes/cases.$caseId.files.$sha256";
import { useTestDatabase } from "../setup/test-db";
import { call, get, post, staff, type Staff } from "../support/requests";

useTestDatabase();

let officer: Staff, officer2: Staff, supervisor: Staff, supervisor2: Staff, community: Staff, admin: Staff, archivist: Staff;
const as = (s: Staff): Actor => ({ id: s.user.id, role: s.user.role, office: s.user.office });

beforeAll(async () => {
  const { privateKey } = generateKeyPairSync("ed25519");
  process.env.OFFICE_SIGNING_KEY = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  resetOfficeKeyCache();
  [officer, officer2, supervisor, supervisor2, community, admin, archivist] = await Promise.all([
    staff("officer"),
    staff("officer"),
    staff("supervisor"),
    staff("supervisor"),
    staff("community_officer"),
    staff("admin"),
    staff("archivist"),
  ]);
});

const INTAKE = { caseType: "lost_record", purpose: "pension", preferredLanguage: "zh-Hant", name: "陳林秀英", formerNames: "林秀英，林阿英", sex: "female", birthDate: "1956-03-12", address: "城關鎮東街12號", idNumber: "", phone: "0912 345 678" };

async function intake(fields: Record<string, string> = INTAKE, who = officer) {
  return call(newCase.action, post("/cases/new", fields, who.cookie));
}

async function transition(caseId: string, name: string, who: Staff, reason = "") {
  return call(casePage.action, post(`/cases/${caseId}`, { intent: "transition", transition: name, reason }, who.cookie), { caseId });
}

const candidate = (n: number) => ({
  entryId: `${"cd".repeat(32)}:1#${n}`,
  probability: 0.91,
  explanation: { name: "variant", birthDate: "exact" },
  fields: { name: "陳林秀英", birthDate: "1956-03-12" },
  scanSha256: "cd".repeat(32),
  pageNumber: 1,
});

describe("intake", () => {
  it("answers 400 with field errors, and 403 for a role that may not open cases", async () => {
    const missing = await intake({ ...INTAKE, name: "" });
    expect(missing.status).toBe(400);
    expect((await missing.json()).fieldErrors).toMatchObject({ name: "form.required" });
    const badId = await intake({ ...INTAKE, idNumber: "11010519560312002A" });
    expect((await badId.json()).fieldErrors).toMatchObject({ idNumber: "caseFlow.form.idNumber" });
    expect((await intake(INTAKE, supervisor)).status).toBe(403);
  });

  it("opens a case with a case number, a one-time access code stored hashed, and only commitments in the log", async () => {
    const res = await intake();
    expect(res.status).toBe(200);
    const { created } = await res.json();
    expect(created.number).toMatch(/^SJ-\d{4}-\d{6}$/);
    expect(created.accessCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const doc = (await getCaseById(created.caseId))!;
    expect(doc.accessCodeHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(doc)).not.toContain(created.accessCode);
    expect(await verifyResidentAccess(created.number, created.accessCode.toLowerCase())).toBe(created.caseId);
    expect(await verifyResidentAccess(created.number, "AAAA-BBBB-CCCC")).toBeNull();
    expect(doc.requirementVersion).toBe((await currentRequirementSet()).version);
    expect(doc.personal?.formerNames?.value).toBe("林秀英、林阿英");
    expect(doc.personal?.name?.salt).toMatch(/^[0-9a-f]{32}$/);

    const events = await readCaseEvents(created.caseId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: 1, type: "case.opened", payload: { caseNumber: created.number, caseType: "lost_record", purpose: "pension" } });
    expect(Object.keys(events[0].payload.commitments as object).sort()).toEqual(["address", "birthDate", "formerNames", "name", "phone", "sex"]);
    const logged = JSON.stringify(events);
    for (const value of ["陳林秀英", "1956-03-12", "東街", "0912"]) expect(logged).not.toContain(value);

    const again = await (await intake()).json();
    const seq = (n: string) => Number(n.split("-")[2]);
    expect(seq(again.created.number)).toBe(seq(created.number) + 1);
    await expect(Case.create({ ...doc, _id: undefined, number: created.number })).rejects.toMatchObject({ code: 11000 });
  });

  it("gives the search page the claimed identity as a query, logged as a view", async () => {
    const { created } = await (await intake()).json();
    const query = await getCaseQuery(created.caseId, as(officer));
    expect(query.identity).toMatchObject({ name: "陳林秀英", formerNames: ["林秀英", "林阿英"], sex: "female", birthDate: "1956-03-12", idNumber: null });
    await expect(getCaseQuery(created.caseId, as(officer2))).rejects.toMatchObject({ status: 404 });
    expect(await AuditEvent.countDocuments({ entityId: created.caseId, action: "search-query" })).toBe(1);
  });
});

describe("the workflow on the server", () => {
  async function caseAwaitingApproval(assembler: Staff = officer) {
    const { caseId } = await openCase({ caseType: "lost_record", purpose: "school", preferredLanguage: "zh-Hant", personal: { name: "黃建華", address: "西門路5號" } }, as(officer));
    await fireTransition(caseId, "start_search", as(officer), null);
    await acceptCandidate(caseId, candidate(Math.floor(Math.random() * 1e9)), as(assembler), "相符");
    await fireTransition(caseId, "begin_review", as(officer), null);
    await fireTransition(caseId, "submit", as(officer), null);
    return caseId;
  }

  it("refuses an illegal transition with a translated message and changes nothing", async () => {
    const { caseId } = await openCase({ caseType: "lost_record", purpose: "school", preferredLanguage: "zh-Hant", personal: { name: "王小明" } }, as(officer));
    const res = await transition(caseId, "submit", officer);
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.formError).toEqual({ key: "caseFlow.refused.illegal-from", vars: { transition: "submit", from: "intake", to: "awaiting_approval" } });
    const vars = { from: translate("zh-Hant", "caseFlow.state.intake"), transition: translate("zh-Hant", "caseFlow.transition.submit") };
    expect(translate("zh-Hant", body.formError.key, vars)).toBe("案件目前在「受理」階段，不能執行「送交審批」。");
    expect(translate("en", body.formError.key, { from: "Intake", transition: "Submit for approval" })).toBe("The case is at “Intake”, so “Submit for approval” is not possible.");
    expect((await getCaseById(caseId))!.status).toBe("intake");
    expect(await readCaseEvents(caseId)).toHaveLength(1);
    expect((await transition(caseId, "teleport", officer)).status).toBe(400);
  });

  it("refuses approval by an officer, and by a supervisor who assembled the evidence (two-person rule)", async () => {
    const caseId = await caseAwaitingApproval(supervisor);
    const byOfficer = await transition(caseId, "approve", officer, "ok");
    expect(byOfficer.status).toBe(403);
    expect((await byOfficer.json()).formError.key).toBe("caseFlow.refused.role");

    const bySameSupervisor = await transition(caseId, "approve", supervisor, "ok");
    expect(bySameSupervisor.status).toBe(403);
    expect((await bySameSupervisor.json()).formError.key).toBe("caseFlow.refused.two-person");
    // The service refuses too, whatever the route does.
    await expect(fireTransition(caseId, "approve", as(supervisor), "ok")).rejects.toMatchObject({ status: 403, messageKey: "caseFlow.refused.two-person" });
    await expect(fireTransition(caseId, "reject", as(supervisor), "no")).rejects.toMatchObject({ messageKey: "caseFlow.refused.two-person" });
    expect((await getCaseById(caseId))!.status).toBe("awaiting_approval");
    expect(await AuditEvent.countDocuments({ entityId: caseId, action: "transition:approve", outcome: "denied" })).toBeGreaterThanOrEqual(2);

    const byOther = await transition(caseId, "approve", supervisor2, "同意");
    expect(byOther.status).toBe(200);
    expect((await getCaseById(caseId))!.status).toBe("approved");
    const types = (await readCaseEvents(caseId)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(["approval.granted", "record.issued"]);
  });

  it("issues a record whose fields link to the evidence behind them, on a printable page", async () => {
    const caseId = await caseAwaitingApproval();
    await fireTransition(caseId, "approve", as(supervisor), null);
    const res = await call(recordPage.loader, get(`/cases/${caseId}/record`, officer.cookie), { caseId });
    const { record } = await res.json();
    const [match] = await EvidenceItem.find({ caseId, kind: "archive_match" }).lean<{ _id: unknown }[]>();
    expect(record.fields.find((f: { field: string }) => f.field === "name")).toMatchObject({ value: "黃建華", basis: "declared", supportedBy: [] });
    expect(record.fields.find((f: { field: string }) => f.field === "birthDate")).toMatchObject({ value: "1956-03-12", basis: "evidence", supportedBy: [{ id: String(match._id), kind: "archive_match" }] });
  });

  it("needs a reason to return, and no open field checks to submit", async () => {
    const caseId = await caseAwaitingApproval();
    const noReason = await transition(caseId, "return", supervisor, " ");
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).formError.key).toBe("caseFlow.refused.reason-required");
    expect((await transition(caseId, "return", supervisor, "請補出生證明")).status).toBe(200);
    expect((await transition(caseId, "resume", officer)).status).toBe(200);
    await assignFieldTask(caseId, { kind: "visit", assignedTo: community.user.id, instructions: "走訪" }, as(officer));
    const blocked = await transition(caseId, "submit", officer);
    expect(blocked.status).toBe(409);
    expect(await blocked.json()).toMatchObject({ formError: { key: "caseFlow.refused.open-tasks", vars: { count: 1 } } });
  });

  it("refuses transitions to roles outside the workflow, before and inside the service", async () => {
    const caseId = await caseAwaitingApproval();
    expect((await transition(caseId, "approve", community)).status).toBe(403);
    await expect(fireTransition(caseId, "approve", as(community), null)).rejects.toMatchObject({ status: 403, messageKey: "caseFlow.refused.role" });
    await expect(fireTransition(caseId, "start_search", as(officer2), null)).rejects.toMatchObject({ status: 404 });
  });
});

describe("field checks and the community officer's scope", () => {
  it("shows a community officer only the cases and tasks assigned to them, and turns the report into evidence", async () => {
    const community = await staff("community_officer");
    const community2 = await staff("community_officer");
    const { caseId } = await openCase({ caseType: "lost_record", purpose: "id_card", preferredLanguage: "zh-Hant", personal: { name: "劉德明", address: "北街3號" } }, as(officer));
    const other = await openCase({ caseType: "lost_record", purpose: "id_card", preferredLanguage: "zh-Hant", personal: { name: "別人" } }, as(officer));
    const bad = await call(casePage.action, post(`/cases/${caseId}`, { intent: "assign-task", assignedTo: officer2.user.id, kind: "visit", instructions: "x" }, officer.cookie), { caseId });
    expect(bad.status).toBe(400);
    expect((await bad.json()).formError.key).toBe("evidence.refused.assignee");
    const assigned = await call(casePage.action, post(`/cases/${caseId}`, { intent: "assign-task", assignedTo: community.user.id, kind: "neighbour_statement", instructions: "請鄰居說明居住情形", dueDate: "2026-06-30" }, officer.cookie), { caseId });
    expect(assigned.status).toBe(200);
    await assignFieldTask(other.caseId, { kind: "visit", assignedTo: community2.user.id, instructions: "別的任務" }, as(officer));

    const mine = await listCases({ kind: "assigned", userId: community.user.id });
    expect(mine.map((c) => c.id)).toEqual([caseId]);
    const list = await (await call(tasks.loader, get("/tasks", community.cookie))).json();
    expect(list.tasks).toHaveLength(1);
    const taskId = list.tasks[0].id;
    const othersTask = (await (await call(tasks.loader, get("/tasks", community2.cookie))).json()).tasks[0].id;

    const page = await call(taskPage.loader, get(`/tasks/${taskId}`, community.cookie), { taskId });
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ caseNumber: expect.stringMatching(/^SJ-/), task: { instructions: "請鄰居說明居住情形" } });
    expect((await call(taskPage.loader, get(`/tasks/${othersTask}`, community.cookie), { taskId: othersTask })).status).toBe(404);
    expect((await call(casePage.loader, get(`/cases/${caseId}`, community.cookie), { caseId })).status).toBe(403);

    const report = await call(taskPage.action, post(`/tasks/${taskId}`, { outcome: "confirmed", report: "鄰居證實", confirms: "address" }, community.cookie), { taskId });
    expect(report.status).toBe(200);
    const again = await call(taskPage.action, post(`/tasks/${taskId}`, { outcome: "confirmed", report: "再一次" }, community.cookie), { taskId });
    expect(again.status).toBe(409);
    const stolen = await call(taskPage.action, post(`/tasks/${othersTask}`, { outcome: "confirmed", report: "不是我的" }, community.cookie), { taskId: othersTask });
    expect(stolen.status).toBe(404);
    const item = await EvidenceItem.findOne({ caseId, kind: "field_report" }).lean<{ confirms: string[]; addedByRole: string }>();
    expect(item).toMatchObject({ confirms: ["address"], addedByRole: "community_officer" });
    expect((await readCaseEvents(caseId)).map((e) => e.type)).toEqual(["case.opened", "task.assigned", "task.reported"]);
  });
});

describe("time limits", () => {
  it("shows a case past its stage limit as overdue to the officer and to the supervisor", async () => {
    const { caseId, number } = await openCase({ caseType: "lost_record", purpose: "pension", preferredLanguage: "zh-Hant", personal: { name: "逾期案" } }, as(officer));
    await fireTransition(caseId, "start_search", as(officer), null);
    await Case.updateOne({ _id: caseId }, { $set: { stageEnteredAt: new Date(Date.now() - 30 * 86400_000) } });
    const fresh = await openCase({ caseType: "lost_record", purpose: "pension", preferredLanguage: "zh-Hant", personal: { name: "新案" } }, as(officer));

    const officerList = await (await call(casesList.loader, get("/cases", officer.cookie))).json();
    const row = (list: { cases: { id: string; clock: { overdue: boolean } }[] }, id: string) => list.cases.find((c) => c.id === id)!;
    expect(row(officerList, caseId).clock.overdue).toBe(true);
    expect(row(officerList, fresh.caseId).clock.overdue).toBe(false);
    expect(officerList.overdue).toBeGreaterThanOrEqual(1);

    const supervisorList = await (await call(casesList.loader, get("/cases", supervisor.cookie))).json();
    expect(row(supervisorList, caseId).clock.overdue).toBe(true);
    const review = await (await call(approvals.loader, get("/approvals", supervisor.cookie))).json();
    expect(review.overdue.map((c: { number: string }) => c.number)).toContain(number);

    const page = await (await call(casePage.loader, get(`/cases/${caseId}`, supervisor.cookie), { caseId })).json();
    expect(page.clock).toMatchObject({ overdue: true, limit: { workingDays: 10 } });
  });
});

describe("privacy and audit", () => {
  it("writes every staff view of a case to the audit trail, and hides other officers' cases", async () => {
    const { caseId } = await openCase({ caseType: "lost_record", purpose: "pension", preferredLanguage: "zh-Hant", personal: { name: "稽核案" } }, as(officer));
    expect((await call(casePage.loader, get(`/cases/${caseId}`, officer.cookie), { caseId })).status).toBe(200);
    expect((await call(casePage.loader, get(`/cases/${caseId}`, supervisor.cookie), { caseId })).status).toBe(200);
    expect((await call(casePage.loader, get(`/cases/${caseId}`, officer2.cookie), { caseId })).status).toBe(404);
    const views = await AuditEvent.find({ entity: "case", entityId: caseId, action: "view" }).lean<{ actorId: string }[]>();
    expect(views.map((v) => v.actorId).sort()).toEqual([officer.user.id, supervisor.user.id].sort());
  });

  it("serves evidence files and bundles only to staff who may see the case", async () => {
    const { caseId } = await openCase({ caseType: "lost_record", purpose: "pension", preferredLanguage: "zh-Hant", personal: { name: "檔案案" } }, as(officer));
    const bundle = await call(bundleRoute.loader, get(`/cases/${caseId}/bundle`, officer.cookie), { caseId });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("Content-Disposition")).toMatch(/suji-evidence-SJ-\d{4}-\d{6}\.zip/);
    expect((await call(bundleRoute.loader, get(`/cases/${caseId}/bundle`, officer2.cookie), { caseId })).status).toBe(404);
    const sha256 = "ef".repeat(32);
    expect((await call(fileRoute.loader, get(`/cases/${caseId}/files/${sha256}`, officer.cookie), { caseId, sha256 })).status).toBe(404);
  });
});

describe("requirements as versioned data", () => {
  it("lets an admin save a new version; new cases use it, open cases keep theirs", async () => {
    const { caseId: before } = await openCase({ caseType: "lost_record", purpose: "pension", preferredLanguage: "zh-Hant", personal: { name: "舊版案" } }, as(officer));
    const oldVersion = (await getCaseById(before))!.requirementVersion;
    const invalid = await call(requirements.action, post("/admin/requirements", { rules: "{not json", note: "x" }, admin.cookie));
    expect(invalid.status).toBe(400);
    const rules = structuredClone(DEFAULT_REQUIREMENTS);
    rules.timeLimits.searching = { workingDays: 7 };
    const saved = await call(requirements.action, post("/admin/requirements", { rules: JSON.stringify(rules), note: "查詢時限改為 7 個工作日" }, admin.cookie));
    expect(saved.status).toBe(200);
    expect((await saved.json()).done).toEqual({ key: "requirements.saved", vars: { version: oldVersion + 1 } });
    const { caseId: after } = await openCase({ caseType: "lost_record", purpose: "pension", preferredLanguage: "zh-Hant", personal: { name: "新版案" } }, as(officer));
    expect((await getCaseById(after))!.requirementVersion).toBe(oldVersion + 1);
    expect((await getCaseById(before))!.requirementVersion).toBe(oldVersion);
    await fireTransition(after, "start_search", as(officer), null);
    const page = await (await call(casePage.loader, get(`/cases/${after}`, officer.cookie), { caseId: after })).json();
    expect(page.clock.limit).toEqual({ workingDays: 7 });
    expect(page.checklist.map((m: { id: string }) => m.id)).toContain("pension_record");
  });
});

describe("route access for case routes", () => {
  const MINE: Record<string, { path: string; params: Record<string, string> }> = {
    "routes/cases.new": { path: "/cases/new", params: {} },
    "routes/cases.$caseId._index": { path: "/cases/:caseId", params: { caseId: "" } },
    "routes/cases.$caseId.record": { path: "/cases/:caseId/record", params: { caseId: "" } },
    "routes/cases.$caseId.bundle": { path: "/cases/:caseId/bundle", params: { caseId: "" } },
    "routes/cases.$caseId.files.$sha256": { path: "/cases/:caseId/files/x", params: { caseId: "", sha256: "x" } },
    "routes/tasks_.$taskId": { path: "/tasks/x", params: { taskId: "x" } },
    "routes/admin.requirements": { path: "/admin/requirements", params: {} },
  };
  const modules: Record<string, { loader: (args: any) => unknown }> = {
    "routes/cases.new": newCase,
    "routes/cases.$caseId._index": casePage,
    "routes/cases.$caseId.record": recordPage,
    "routes/cases.$caseId.bundle": bundleRoute,
    "routes/cases.$caseId.files.$sha256": fileRoute,
    "routes/tasks_.$taskId": taskPage,
    "routes/admin.requirements": requirements,
  } as never;

  it("allows exactly the roles in the matrix", async () => {
    const { caseId } = await openCase({ caseType: "lost_record", purpose: "pension", preferredLanguage: "zh-Hant", personal: { name: "權限案" } }, as(officer));
    const who: Record<Role, Staff> = { officer, supervisor, community_officer: community, admin, archivist };
    for (const [routeId, { path, params }] of Object.entries(MINE)) {
      const allowed = ROUTE_ACCESS[routeId as keyof typeof ROUTE_ACCESS] as readonly Role[];
      const anonymous = await call(modules[routeId].loader, get(path.replace(":caseId", caseId)), { ...params, caseId });
      expect(anonymous.status, `${routeId} anonymous`).toBe(302);
      for (const role of ROLES) {
        const res = await call(modules[routeId].loader, get(path.replace(":caseId", caseId), who[role].cookie), { ...params, caseId });
        if (allowed.includes(role)) expect(res.status, `${routeId} ${role}`).not.toBe(403);
        else expect(res.status, `${routeId} ${role}`).toBe(403);
      }
    }
  });
});
