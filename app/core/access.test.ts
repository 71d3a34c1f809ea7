import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NAV, ROLES, ROUTE_ACCESS, can, navFor, routeAllows } from "./access";

describe("route access matrix", () => {
  it("lists every route file, and only existing ones", () => {
    const dir = fileURLToPath(new URL("../routes", import.meta.url));
    const files = readdirSync(dir)
      .filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes(".test."))
      .map((f) => `routes/${f.replace(/\.(ts|tsx)$/, "")}`)
      .sort();
    expect(Object.keys(ROUTE_ACCESS).sort()).toEqual(files);
  });

  it("denies routes that are not listed, for every role and anonymous", () => {
    for (const role of [...ROLES, null]) expect(routeAllows("routes/not-a-route", role)).toBe("deny");
  });

  it("sends anonymous users to login on protected routes", () => {
    expect(routeAllows("routes/dashboard", null)).toBe("login");
    expect(routeAllows("routes/login", null)).toBe("allow");
  });

  it("keeps administration to admins and approvals to supervisors", () => {
    for (const role of ROLES) {
      expect(routeAllows("routes/admin.users._index", role)).toBe(role === "admin" ? "allow" : "deny");
      expect(routeAllows("routes/approvals", role)).toBe(role === "supervisor" ? "allow" : "deny");
    }
  });

  it("shows each role only navigation it may open", () => {
    for (const role of ROLES) {
      for (const item of navFor(role)) expect(routeAllows(item.routeId, role)).toBe("allow");
      const hidden = NAV.filter((n) => !navFor(role).includes(n));
      for (const item of hidden) expect(routeAllows(item.routeId, role)).toBe("deny");
    }
    expect(navFor("community_officer").map((n) => n.to)).toEqual(["/dashboard", "/tasks"]);
    expect(navFor("officer").map((n) => n.to)).toEqual(["/dashboard", "/archives", "/search", "/cases"]);
  });

  it("checks permissions by action and entity", () => {
    expect(can("supervisor", "approve:case:office")).toBe(true);
    expect(can("officer", "approve:case:own")).toBe(false);
    expect(can("admin", "create:user:any")).toBe(true);
    expect(can("community_officer", "read:archive:any")).toBe(false);
  });
});
