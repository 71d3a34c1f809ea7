import type { CaseScope } from "~/models/case.server";
import type { Viewer } from "./auth.server";

/** Which cases a viewer may see: own (officer), office (supervisor), assigned (community officer). */
export function caseScopeFor(viewer: Viewer): CaseScope | null {
  const { role, id, office } = viewer.user;
  if (role === "officer") return { kind: "officer", userId: id, office };
  if (role === "supervisor") return { kind: "office", office };
  if (role === "community_officer") return { kind: "assigned", userId: id };
  return null;
}
