/**
 * Roles, permissions and the route access matrix. Permissions are data
 * (`action:entity:scope`); every route is listed here with the roles that may
 * use it, and a route that is not listed is denied to everyone.
 */
export const ROLES = ["archivist", "officer", "supervisor", "community_officer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS: Record<Role, readonly string[]> = {
  archivist: ["read:archive:any", "create:scan:any", "update:page:any", "read:job:any"],
  officer: ["read:archive:any", "search:entry:any", "create:case:own", "read:case:own", "update:case:own", "export:case:own"],
  supervisor: ["read:archive:any", "search:entry:any", "read:case:office", "update:case:office", "approve:case:office", "export:case:office", "erase:case:office", "read:audit:office", "read:dashboard:office"],
  community_officer: ["read:case:assigned", "create:report:assigned"],
  admin: ["create:user:any", "update:user:any", "read:user:any", "read:audit:any", "read:archive:any", "update:requirements:any"],
};

export function can(role: Role, permission: string): boolean {
  const [action, entity] = permission.split(":");
  return PERMISSIONS[role].some((p) => {
    const [a, e] = p.split(":");
    return a === action && e === entity;
  });
}

/** Roles that may open each route; `public` routes need no login. */
export const ROUTE_ACCESS = {
  "routes/_index": "public",
  "routes/login": "public",
  "routes/logout": "public",
  "routes/healthz": "public",
  "routes/settings.language": "public",
  "routes/$": "public",
  "routes/dashboard": ROLES,
  "routes/archives._index": ["archivist", "officer", "supervisor", "admin"],
  "routes/archives.upload": ["archivist"],
  "routes/api.batches": ["archivist"],
  "routes/api.batches.$batchId": ["archivist"],
  "routes/api.batches.$batchId.files": ["archivist"],
  "routes/batches.$batchId": ["archivist"],
  "routes/pages.$pageId": ["archivist", "officer", "supervisor"],
  "routes/pages.$pageId.image": ["archivist", "officer", "supervisor"],
  "routes/entries.$entryId.crop": ["officer", "supervisor"],
  "routes/cases._index": ["officer", "supervisor"],
  "routes/cases.new": ["officer"],
  "routes/cases.$caseId._index": ["officer", "supervisor"],
  "routes/cases.$caseId.record": ["officer", "supervisor"],
  "routes/cases.$caseId.bundle": ["officer", "supervisor"],
  "routes/cases.$caseId.files.$sha256": ["officer", "supervisor"],
  "routes/search": ["officer", "supervisor"],
  "routes/approvals": ["supervisor"],
  "routes/tasks": ["community_officer"],
  "routes/tasks_.$taskId": ["community_officer"],
  "routes/audit": ["supervisor", "admin"],
  "routes/admin.users._index": ["admin"],
  "routes/admin.users.$userId": ["admin"],
  "routes/admin.requirements": ["admin"],
} as const satisfies Record<string, "public" | readonly Role[]>;

export type RouteId = keyof typeof ROUTE_ACCESS;

export function routeAllows(routeId: string, role: Role | null): "allow" | "login" | "deny" {
  const rule = (ROUTE_ACCESS as Record<string, "public" | readonly Role[]>)[routeId];
  if (rule === undefined) return "deny";
  if (rule === "public") return "allow";
  if (role === null) return "login";
  return rule.includes(role) ? "allow" : "deny";
}

/** Navigation per role: the links a role sees, in order. */
export const NAV: { routeId: RouteId; to: string; labelKey: string }[] = [
  { routeId: "routes/dashboard", to: "/dashboard", labelKey: "nav.dashboard" },
  { routeId: "routes/archives._index", to: "/archives", labelKey: "nav.archives" },
  { routeId: "routes/archives.upload", to: "/archives/upload", labelKey: "nav.upload" },
  { routeId: "routes/search", to: "/search", labelKey: "nav.search" },
  { routeId: "routes/cases._index", to: "/cases", labelKey: "nav.cases" },
  { routeId: "routes/approvals", to: "/approvals", labelKey: "nav.approvals" },
  { routeId: "routes/tasks", to: "/tasks", labelKey: "nav.tasks" },
  { routeId: "routes/audit", to: "/audit", labelKey: "nav.audit" },
  { routeId: "routes/admin.users._index", to: "/admin/users", labelKey: "nav.users" },
  { routeId: "routes/admin.requirements", to: "/admin/requirements", labelKey: "requirements.nav" },
];

export function navFor(role: Role) {
  return NAV.filter((item) => routeAllows(item.routeId, role) === "allow");
}
