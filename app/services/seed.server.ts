import { randomBytes } from "node:crypto";
import type { Role } from "~/core/access";
import { createUser, countUsers, getUserByUsername } from "~/models/user.server";
import { Archive } from "~/models/archive.server";
import { Case } from "~/models/case.server";

export type DemoLogin = { username: string; role: Role; password: string };

const STAFF: { username: string; displayName: string; role: Role }[] = [
  { username: "admin", displayName: "系統管理員", role: "admin" },
  { username: "archivist", displayName: "林淑芬", role: "archivist" },
  { username: "officer", displayName: "陳志明", role: "officer" },
  { username: "officer2", displayName: "王建國", role: "officer" },
  { username: "supervisor", displayName: "張文華", role: "supervisor" },
  { username: "community", displayName: "李國強", role: "community_officer" },
];

const ARCHIVES = [
  {
    name: "城關鎮常住人口登記表（1958–1984）",
    institution: "城關派出所檔案室",
    place: "城關鎮",
    period: "1958–1984",
    languages: ["chi_sim", "chi_tra"],
  },
  {
    name: "臺南州戶口調查簿（1905–1945）",
    institution: "新化戶政事務所",
    place: "臺南州新化郡",
    period: "1905–1945",
    languages: ["chi_tra", "chi_tra_vert"],
  },
];

const CASES = [
  { number: "SJ-2026-0001", residentName: "陳林秀英", purpose: "pension", status: "searching", officer: "officer", community: null },
  { number: "SJ-2026-0002", residentName: "黃建華", purpose: "id_card", status: "evidence_review", officer: "officer", community: "community" },
  { number: "SJ-2026-0003", residentName: "吳美玲", purpose: "school", status: "awaiting_approval", officer: "officer2", community: null },
  { number: "SJ-2026-0004", residentName: "劉德明", purpose: "property", status: "intake", officer: "officer2", community: null },
] as const;

/**
 * Demo data for a fresh install: one account per role, two archives and a
 * few cases. Passwords are random per install and returned to be printed.
 * Does nothing (returns null) when users already exist.
 */
export async function seedDemo({ office = "demo-office", now = new Date() } = {}): Promise<DemoLogin[] | null> {
  if ((await countUsers()) > 0) return null;
  const logins: DemoLogin[] = [];
  const ids: Record<string, string> = {};
  for (const s of STAFF) {
    const password = randomBytes(9).toString("base64url");
    const user = await createUser({ ...s, password, office });
    ids[s.username] = user.id;
    logins.push({ username: s.username, role: s.role, password });
  }
  for (const a of ARCHIVES) {
    await Archive.updateOne({ name: a.name }, { $setOnInsert: { ...a, office } }, { upsert: true });
  }
  for (const [i, c] of CASES.entries()) {
    await Case.updateOne(
      { number: c.number },
      {
        $setOnInsert: {
          number: c.number,
          office,
          residentName: c.residentName,
          purpose: c.purpose,
          status: c.status,
          officerId: ids[c.officer],
          communityOfficerId: c.community ? ids[c.community] : null,
          openedAt: new Date(now.getTime() - (i + 1) * 3 * 86400_000),
        },
      },
      { upsert: true },
    );
  }
  return logins;
}

export async function isSeeded() {
  return Boolean(await getUserByUsername("admin"));
}
