import { randomBytes } from "node:crypto";
import type { Role } from "~/core/access";
import { createUser, countUsers, getUserByUsername } from "~/models/user.server";
import { Archive } from "~/models/archive.server";
import type { PersonalField } from "~/core/workflow";
import { openCase } from "~/services/case-intake.server";
import { fireTransition } from "~/services/case-workflow.server";
import { addStatement, assignFieldTask } from "~/services/case-evidence.server";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createBatch, ingestFile } from "~/services/ingest.server";

// Synthetic register pages (tests/fixtures/pages, made by bench/generator) uploaded on first run,
// so the worker has real scans to read and officers have entries to search.
const DEMO_PAGES = [
  "card-01-trad-print-clean.png",
  "card-03-trad-print-skewed.jpg",
  "card-07-simp-hand-clean.png",
  "ledger-01-simp-print-clean.png",
  "ledger-02-trad-print-noisy.jpg",
  "ledger-07-trad-hand-clean.png",
];

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

type DemoCase = {
  personal: Partial<Record<PersonalField, string>>;
  purpose: "school" | "pension" | "id_card" | "property" | "other";
  officer: string;
  daysAgo: number;
  steps: ("start_search" | "witness" | "begin_review" | "field_check" | "submit")[];
};

const CASES: DemoCase[] = [
  {
    personal: { name: "陳林秀英", formerNames: "林秀英", sex: "female", birthDate: "1956-03-12", birthPlace: "城關鎮", address: "城關鎮東街12號", fatherName: "林阿土", phone: "0912345678" },
    purpose: "pension",
    officer: "officer",
    daysAgo: 3,
    steps: ["start_search"],
  },
  {
    personal: { name: "黃建華", sex: "male", birthDate: "1962年", address: "城關鎮西門路5號", motherName: "黃李氏" },
    purpose: "id_card",
    officer: "officer",
    daysAgo: 6,
    steps: ["start_search", "witness", "begin_review", "field_check"],
  },
  {
    personal: { name: "吳美玲", sex: "female", birthDate: "民國60年5月1日", address: "新化鎮中正路88號", spouseName: "張志強" },
    purpose: "school",
    officer: "officer2",
    daysAgo: 12,
    steps: ["start_search", "witness", "begin_review", "submit"],
  },
  { personal: { name: "劉德明", sex: "male", address: "城關鎮北街3號" }, purpose: "property", officer: "officer2", daysAgo: 2, steps: [] },
];

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
  const pagesDir = join(process.cwd(), "tests/fixtures/pages");
  const archive = await Archive.findOne({ name: ARCHIVES[0].name }).lean<{ _id: unknown }>();
  if (archive && existsSync(pagesDir)) {
    const batchId = await createBatch(String(archive._id), ids.archivist);
    for (const file of DEMO_PAGES) {
      const path = join(pagesDir, file);
      if (existsSync(path)) {
        await ingestFile({ batchId, archiveId: String(archive._id), bytes: readFileSync(path), filename: file, uploadedBy: ids.archivist, volume: "卷 1" });
      }
    }
  }
  // Demo cases go through the same services as real ones, so their evidence logs verify.
  for (const c of CASES) {
    const actor = { id: ids[c.officer], role: "officer" as const, office };
    let at = new Date(now.getTime() - c.daysAgo * 86400_000);
    const later = () => (at = new Date(at.getTime() + 3600_000));
    const opened = await openCase({ caseType: "lost_record", purpose: c.purpose, preferredLanguage: "zh-Hant", personal: c.personal }, actor, at);
    for (const step of c.steps) {
      if (step === "witness") {
        await addStatement(opened.caseId, { kind: "witness_statement", text: "鄰居王阿姨證實申請人自幼居住於此。", confirms: ["name", "address"] }, actor, later());
      } else if (step === "field_check") {
        await assignFieldTask(opened.caseId, { kind: "visit", assignedTo: ids.community, instructions: "請走訪住址，向鄰居確認申請人的居住情形。" }, actor, later());
      } else {
        await fireTransition(opened.caseId, step, actor, null, later());
      }
    }
  }
  return logins;
}

export async function isSeeded() {
  return Boolean(await getUserByUsername("admin"));
}
