import type { Command } from "commander";
import { createInterface } from "node:readline/promises";
import { NewUserSchema } from "~/utils/schemas";
import { parseForm } from "~/utils/form";
import { createUser, getUserByUsername } from "~/models/user.server";
import { translate } from "~/i18n/i18n";
import { withDb } from "./db";

async function readPassword(): Promise<string> {
  if (process.env.SUJI_PASSWORD) return process.env.SUJI_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question("Password (min 12 characters): ")).trim();
  } finally {
    rl.close();
  }
}

export function registerUser(program: Command) {
  const user = program.command("user").description("manage staff accounts");
  user
    .command("add")
    .description("add a staff account (password from SUJI_PASSWORD or asked for)")
    .requiredOption("-u, --username <username>", "login name (3-32 letters, digits, . _ -)")
    .requiredOption("-n, --name <displayName>", "name shown in the app")
    .requiredOption("-r, --role <role>", "archivist | officer | supervisor | community_officer | admin")
    .option("-o, --office <office>", "office the account belongs to", "demo-office")
    .action(async (opts: { username: string; name: string; role: string; office: string }) => {
      const password = await readPassword();
      const parsed = parseForm(NewUserSchema, { username: opts.username, displayName: opts.name, role: opts.role, password });
      if (!parsed.ok) {
        const lines = Object.entries(parsed.fieldErrors).map(([f, key]) => `  ${f}: ${translate("en", key)}`);
        throw new Error(`invalid account:\n${lines.join("\n")}`);
      }
      await withDb(async () => {
        if (await getUserByUsername(parsed.data.username)) {
          throw new Error(translate("en", "users.exists", { username: parsed.data.username }));
        }
        const created = await createUser({ ...parsed.data, office: opts.office });
        console.log(`created ${created.username} (${created.role}) in ${created.office}`);
      });
    });
}
