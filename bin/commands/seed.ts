import type { Command } from "commander";
import { seedDemo } from "~/services/seed.server";
import { withDb } from "./db";

export function formatLogins(logins: { username: string; role: string; password: string }[]) {
  const width = Math.max(...logins.map((l) => l.username.length));
  return logins.map((l) => `  ${l.username.padEnd(width)}  ${l.password}  (${l.role})`).join("\n");
}

export function registerSeed(program: Command) {
  program
    .command("seed")
    .description("create demo accounts (one per role), two archives and a few cases in an empty database")
    .action(async () => {
      await withDb(async () => {
        const logins = await seedDemo();
        if (!logins) {
          console.log("The database already has accounts; nothing was seeded.");
          return;
        }
        console.log(`Demo data created. Logins:\n${formatLogins(logins)}`);
      });
    });
}
