import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { publicKeyFingerprint, toPrivateKey } from "~/core/evidence";

/**
 * The office's Ed25519 signing key for checkpoints. From OFFICE_SIGNING_KEY
 * (a PKCS#8 PEM) when set; otherwise from a key file, generated on first use
 * into the git-ignored data folder (OFFICE_SIGNING_KEY_FILE, default
 * `$SUJI_DATA_DIR/office-signing-key.pem`, SUJI_DATA_DIR defaulting to ./data).
 * The database never holds the private key: whoever can write the database
 * must not be able to sign.
 */
export interface OfficeKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
  source: "env" | "file";
}

let cached: OfficeKey | null = null;

export function signingKeyFile(): string {
  if (process.env.OFFICE_SIGNING_KEY_FILE) return resolve(process.env.OFFICE_SIGNING_KEY_FILE);
  return resolve(process.env.SUJI_DATA_DIR ?? "data", "office-signing-key.pem");
}

function fromPem(pem: string, source: OfficeKey["source"]): OfficeKey {
  // Environment files often carry a PEM on one line with literal \n.
  const privateKey = toPrivateKey(pem.includes("\\n") ? pem.replace(/\\n/g, "\n") : pem);
  const publicKeyPem = createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString();
  return { privateKey, publicKeyPem, keyId: `office-${publicKeyFingerprint(privateKey).slice(0, 16)}`, source };
}

/** The office key, loaded (or generated) once per process. */
export function officeKey(): OfficeKey {
  if (cached) return cached;
  const fromEnv = process.env.OFFICE_SIGNING_KEY;
  if (fromEnv && fromEnv.trim()) {
    cached = fromPem(fromEnv, "env");
    return cached;
  }
  const file = signingKeyFile();
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync("ed25519");
    try {
      // `wx`: when two processes start at once, the second keeps the first one's key.
      writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  cached = fromPem(readFileSync(file, "utf8"), "file");
  return cached;
}

/** For tests that switch keys. */
export function resetOfficeKeyCache() {
  cached = null;
}

/** The name checkpoints and bundles carry as the signing organisation. */
export function officeName(): string {
  return process.env.SUJI_OFFICE_NAME?.trim() || "Suji household registration office";
}
