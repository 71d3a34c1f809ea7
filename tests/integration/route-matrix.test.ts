import { describe, expect, it, beforeAll } from "vitest";
import { ROLES, ROUTE_ACCESS, type Role } from "~/core/access";
import { useTestDatabase } from "../setup/test-db";
import { call, get, post, staff, type Staff } from "../support/requests";
import { seedDemo } from "~/services/seed.server";

useTestDatabase();

const modules = import.meta.glob("../../app/routes/*.{ts,tsx}");
function load(routeId: string) {
  const key = Object.keys(modules).find((k) => k.replace(/^.*\/routes\//, "routes/").replace(/\.tsx?$/, "") === routeId);
  if (!key) throw new Error(`no module for ${routeId}`);
  return modules[key]() as Promise<{ loader?: (a: any) => any; action?: (a: any) => any }>;
}

const PATHS: Record<string, { path: string; params?: Record<string, string> }> = {
  "routes/dashboard": { path: "/dashboard" },
  "routes/archives._index": { path: "/archives" },
  "routes/cases._index": { path: "/cases" },
  "routes/search": { path: "/search" },
  "routes/approvals": { path: "/approvals" },
  "routes/tasks": { path: "/tasks" },
  "routes/audit": { path: "/audit" },
  "routes/admin.users._index": { path: "/admin/users" },
  "routes/admin.users.$userId": { path: "/admin/users/:id" },
  "routes/archives.upload": { path: "/archives/upload" },
  "routes/api.batches": { path: "/api/batches" },
  "routes/api.batches.$batchId": { path: "/api/batches/:id" },
  "routes/api.batches.$batchId.files": { path: "/api/batches/:id/files" },
  "routes/batches.$batchId": { path: "/batches/:id" },
  "routes/pages.$pageId": { path: "/pages/:id" },
  "routes/pages.$pageId.image": { path: "/pages/:id/image" },
  "routes/entries.$entryId.crop": { path: "/entries/:id/crop" },
  "routes/cases.new": { path: "/cases/new" },
  "routes/cases.$caseId._index": { path: "/cases/:id" },
  "routes/cases.$caseId.record": { path: "/cases/:id/record" },
  "routes/cases.$caseId.bundle": { path: "/cases/:id/bundle" },
  "routes/cases.$caseId.files.$sha256": { path: "/cases/:id/files/x" },
  "routes/tasks_.$taskId": { path: "/tasks/:id" },
  "routes/admin.requirements": { path: "/admin/requirements" },
};

const protectedRoutes = Object.entries(ROUTE_ACCESS).filter(([, rule]) => rule !== "public");
const accounts = {} as Record<Role, Staff>;

beforeAll(async () => {
  await seedDemo();
  for (const role of ROLES) accounts[role] = await staff(role);
});

describe("route-by-role matrix", () => {
  it("has a request path for every protected route", () => {
    expect(protectedRoutes.map(([id]) => id).sort()).toEqual(Object.keys(PATHS).sort());
  });

  for (const [routeId, rule] of protectedRoutes) {
    const allowed = rule as readonly Role[];
    describe(routeId, () => {
      it("sends anonymous visitors to login", async () => {
        const mod = await load(routeId);
        const res = await call(mod.loader!, get(PATHS[routeId].path.replace(":id", "x")), { userId: "x", batchId: "x", pageId: "x", entryId: "x", caseId: "x", taskId: "x", sha256: "x" });
        expect(res.status).toBe(302);
        expect(res.headers.get("Location")).toMatch(/^\/login\?reason=required/);
      });

      for (const role of ROLES) {
        const expected = allowed.includes(role) ? "allowed" : 403;
        it(`${role}: ${expected}`, async () => {
          const mod = await load(routeId);
          const id = accounts.officer.user.id;
          const path = PATHS[routeId].path.replace(":id", id);
          const ids = { userId: id, batchId: id, pageId: id, entryId: id, caseId: id, taskId: id, sha256: "x" };
          const res = await call(mod.loader!, get(path, accounts[role].cookie), ids);
          // Allowed roles pass the guard: the page, or a 404 for this made-up record id.
          if (expected === "allowed") expect([200, 404]).toContain(res.status);
          else expect(res.status).toBe(403);
          if (mod.action && expected === 403) {
            const denied = await call(mod.action, post(path, { password: "xxxxxxxxxxxxxxxx" }, accounts[role].cookie), ids);
            expect(denied.status).toBe(403);
          }
        });
      }
    });
  }
});
