import { z } from "zod";

/**
 * Configuration, validated once. Both the web process and the workers call
 * `getEnv()` at start; a bad or missing variable stops the process with a list
 * of every problem.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, "must start with mongodb:// or mongodb+srv://"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  MAX_FORM_BYTES: z.coerce.number().int().positive().default(1_000_000),
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  SECURE_COOKIES: z.enum(["auto", "true", "false"]).default("auto"),
  OFFICE_SIGNING_KEY: z.string().includes("PRIVATE KEY", { message: "must be a PKCS#8 PEM private key" }).optional(),
  OFFICE_SIGNING_KEY_FILE: z.string().min(1).optional(),
  SUJI_OFFICE_NAME: z.string().max(200).optional(),
  SUJI_DATA_DIR: z.string().min(1).optional(),
  SUJI_CHECKPOINT_MS: z.coerce.number().int().min(1000).default(60_000),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | null = null;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration (see .env.example):\n${lines.join("\n")}`);
  }
  return result.data;
}

export function getEnv(): Env {
  if (!cached) cached = parseEnv(process.env);
  return cached;
}

/** For tests that change the environment between files. */
export function resetEnvCache() {
  cached = null;
}

export function secureCookies(env: Env = getEnv()): boolean {
  if (env.SECURE_COOKIES === "auto") return env.NODE_ENV === "production";
  return env.SECURE_COOKIES === "true";
}
