import { createCookie, json, redirect } from "@remix-run/node";
import { getEnv, secureCookies } from "~/env.server";
import { routeAllows, type Role, type RouteId } from "~/core/access";
import { createSession, findLiveSession, revokeSession } from "~/models/session.server";
import { getUserById, type PublicUser } from "~/models/user.server";
import { recordAudit } from "~/models/audit.server";
import { DEFAULT_LANGUAGE, isLanguage, languageFromHeader, type Language } from "~/i18n/languages";

let cookie: ReturnType<typeof createCookie> | null = null;

function sessionCookie() {
  if (!cookie) {
    const env = getEnv();
    cookie = createCookie("suji_session", {
      httpOnly: true,
      sameSite: "lax",
      secure: secureCookies(env),
      path: "/",
      secrets: [env.SESSION_SECRET],
      maxAge: env.SESSION_TTL_HOURS * 3600,
    });
  }
  return cookie;
}

export const languageCookie = createCookie("suji_lng", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: 365 * 24 * 3600,
});

/** The Cookie header value that carries a session token (tests and tools). */
export async function sessionCookieHeader(token: string) {
  const setCookie = await sessionCookie().serialize(token);
  return setCookie.split(";")[0];
}

export type Viewer = { user: PublicUser; token: string };
export type SessionState = { viewer: Viewer | null; cookie: "none" | "ok" | "invalid" };

/** Reads the session cookie: a missing, forged, expired or revoked one gives no viewer. */
export async function readSession(request: Request): Promise<SessionState> {
  const header = request.headers.get("Cookie");
  if (!header || !header.includes("suji_session=")) return { viewer: null, cookie: "none" };
  const token = await sessionCookie().parse(header);
  if (typeof token !== "string" || !token) return { viewer: null, cookie: "invalid" };
  const session = await findLiveSession(token);
  if (!session) return { viewer: null, cookie: "invalid" };
  const user = await getUserById(String(session.userId));
  if (!user || user.disabled) return { viewer: null, cookie: "invalid" };
  return { viewer: { user, token }, cookie: "ok" };
}

export async function getViewer(request: Request): Promise<Viewer | null> {
  return (await readSession(request)).viewer;
}

export function clientIp(request: Request): string {
  return request.headers.get("x-suji-client-ip") ?? "";
}

export async function startSession(request: Request, user: PublicUser, redirectTo: string) {
  const token = await createSession(user.id, getEnv().SESSION_TTL_HOURS, {
    ip: clientIp(request),
    userAgent: request.headers.get("User-Agent") ?? "",
  });
  return redirect(safeRedirect(redirectTo), {
    headers: { "Set-Cookie": await sessionCookie().serialize(token) },
  });
}

export async function endSession(request: Request) {
  const { viewer } = await readSession(request);
  if (viewer) {
    await revokeSession(viewer.token);
    await recordAudit({
      office: viewer.user.office,
      actorId: viewer.user.id,
      actorRole: viewer.user.role,
      action: "logout",
      entity: "session",
      ip: clientIp(request),
    });
  }
  return redirect("/login?reason=loggedOut", {
    headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) },
  });
}

/** Only same-site paths, never `//host` or absolute URLs. */
export function safeRedirect(to: unknown, fallback = "/dashboard"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

/**
 * The guard every loader and action calls first with its own route id. It
 * enforces the access matrix in `~/core/access`: anonymous users are sent to
 * the login page, other roles get 403 (logged in the audit trail).
 */
export async function guard(request: Request, routeId: RouteId): Promise<Viewer> {
  const state = await readSession(request);
  const role: Role | null = state.viewer?.user.role ?? null;
  const verdict = routeAllows(routeId, role);
  if (verdict === "login" || (verdict === "deny" && !state.viewer)) {
    const url = new URL(request.url);
    const reason = state.cookie === "invalid" ? "sessionInvalid" : "required";
    throw redirect(`/login?reason=${reason}&redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const viewer = state.viewer!;
  if (verdict === "deny") {
    await recordAudit({
      office: viewer.user.office,
      actorId: viewer.user.id,
      actorRole: viewer.user.role,
      action: "open",
      entity: "route",
      entityId: routeId,
      outcome: "denied",
      ip: clientIp(request),
    });
    throw forbidden();
  }
  return viewer;
}

export function forbidden() {
  return json({ messageKey: "error.forbidden" }, { status: 403 });
}

export function notFound() {
  return json({ messageKey: "error.notFound" }, { status: 404 });
}

/** The display language: the user's setting, then the cookie, then the browser's. */
export async function requestLanguage(request: Request, viewer: Viewer | null): Promise<Language> {
  if (viewer) return viewer.user.language;
  const fromCookie = await languageCookie.parse(request.headers.get("Cookie"));
  if (isLanguage(fromCookie)) return fromCookie;
  return languageFromHeader(request.headers.get("Accept-Language")) ?? DEFAULT_LANGUAGE;
}
