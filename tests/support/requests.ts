import { randomBytes } from "node:crypto";
import type { Role } from "~/core/access";
import { createUser, type PublicUser } from "~/models/user.server";
import { createSession } from "~/models/session.server";
import { sessionCookieHeader } from "~/services/auth.server";

export const BASE = "http://suji.test";

export function get(path: string, cookie?: string, headers: Record<string, string> = {}) {
  return new Request(BASE + path, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } });
}

export function post(path: string, fields: Record<string, string>, cookie?: string, headers: Record<string, string> = {}) {
  const body = new URLSearchParams(fields);
  return new Request(BASE + path, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}), ...headers },
  });
}

export type Staff = { user: PublicUser; cookie: string; password: string };

/** A staff account of the given role with a live session cookie. */
export async function staff(role: Role, office = "demo-office"): Promise<Staff> {
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const user = await createUser({
    username: `${role}-${randomBytes(3).toString("hex")}`,
    displayName: `測試${role}`,
    role,
    password,
    office,
  });
  const token = await createSession(user.id, 1);
  return { user, password, cookie: await sessionCookieHeader(token) };
}

/** Runs a loader or action and returns the Response, whether returned or thrown. */
export async function call(fn: (args: any) => Promise<unknown> | unknown, request: Request, params: Record<string, string> = {}) {
  try {
    const result = await fn({ request, params, context: {} });
    return result as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
