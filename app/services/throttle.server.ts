import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

// Per-process counters: the web tier runs as one process per office. With
// several web processes behind a balancer, swap in RateLimiterMongo.
const perAccount = new RateLimiterMemory({ keyPrefix: "login-account", points: 5, duration: 15 * 60 });
const perIp = new RateLimiterMemory({ keyPrefix: "login-ip", points: 30, duration: 60 * 60 });

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryMinutes: number };

function minutes(res: RateLimiterRes) {
  return Math.max(1, Math.ceil(res.msBeforeNext / 60_000));
}

/** Checks, without spending, whether a login attempt may proceed. */
export async function checkLogin(username: string, ip: string): Promise<ThrottleVerdict> {
  const [a, b] = await Promise.all([perAccount.get(`${username}|${ip}`), perIp.get(ip)]);
  if (a && a.consumedPoints >= 5) return { allowed: false, retryMinutes: minutes(a) };
  if (b && b.consumedPoints >= 30) return { allowed: false, retryMinutes: minutes(b) };
  return { allowed: true };
}

export async function recordFailedLogin(username: string, ip: string) {
  await Promise.allSettled([perAccount.consume(`${username}|${ip}`), perIp.consume(ip)]);
}

export async function clearFailedLogins(username: string, ip: string) {
  await perAccount.delete(`${username}|${ip}`);
}
