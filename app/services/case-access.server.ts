import { json } from "@remix-run/node";
import { can, type Role } from "~/core/access";
import { getCaseInScope, type CaseDoc, type CaseScope } from "~/models/case.server";
import type { Viewer } from "./auth.server";

/** Who acts on a case: the service layer checks rights itself, whatever the UI showed. */
export type Actor = { id: string; role: Role; office: string };

export function actorOf(viewer: Viewer): Actor {
  return { id: viewer.user.id, role: viewer.user.role, office: viewer.user.office };
}

/** A refused case action, with a catalog key the page translates. */
export class CaseActionError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly messageKey: string,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(`${messageKey} (${status})`);
    this.name = "CaseActionError";
  }
}

/** Turns a refusal into the action's JSON answer; anything else is rethrown. */
export function refusalResponse(error: unknown) {
  if (error instanceof CaseActionError) {
    return json({ formError: { key: error.messageKey, vars: error.vars } }, { status: error.status });
  }
  throw error;
}

export function scopeOf(actor: Actor): CaseScope | null {
  if (actor.role === "officer") return { kind: "officer", userId: actor.id, office: actor.office };
  if (actor.role === "supervisor") return { kind: "office", office: actor.office };
  if (actor.role === "community_officer") return { kind: "assigned", userId: actor.id };
  return null;
}

/**
 * The case, if the actor may `read` it or `work` on it (add evidence, move it
 * on). A case outside the actor's scope is 404, so its existence is not revealed.
 */
export async function caseForActor(actor: Actor, caseId: string, need: "read" | "work"): Promise<CaseDoc> {
  const scope = scopeOf(actor);
  if (!scope || !can(actor.role, need === "read" ? "read:case" : "update:case")) {
    throw new CaseActionError(403, "error.forbidden");
  }
  const doc = await getCaseInScope(scope, caseId);
  if (!doc) throw new CaseActionError(404, "error.notFound");
  return doc;
}
