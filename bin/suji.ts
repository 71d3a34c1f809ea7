import { Command } from "commander";
import { registerSeed } from "./commands/seed";
import { registerUser } from "./commands/user";
import { registerIngest } from "./commands/ingest";
import { registerPages } from "./commands/pages";
import { registerEntries, registerMatch } from "./commands/match";
import { registerExportBundle } from "./commands/export-bundle";
import { registerVerifyBundle } from "./commands/verify-bundle";
import { registerReindex } from "./commands/reindex";

/**
 * `suji`: the command line. Each command lives in bin/commands/ and registers
 * itself here; commands that need the database connect through the same
 * modules as the web app.
 */
export function buildProgram() {
  const program = new Command()
    .name("suji")
    .description("Suji 溯籍: rebuild lost household-registration records from scanned archives")
    .showHelpAfterError()
    .exitOverride();
  registerSeed(program);
  registerUser(program);
  registerIngest(program);
  registerPages(program);
  registerMatch(program);
  registerEntries(program);
  registerExportBundle(program);
  registerVerifyBundle(program);
  registerReindex(program);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  const code = (error as { exitCode?: number }).exitCode;
  if (typeof code === "number") process.exit(code);
  console.error(`suji: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
