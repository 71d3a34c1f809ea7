import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** Thrown when a value cannot be represented in RFC 8785 canonical JSON. */
export class CanonicalJsonError extends Error {
  constructor(
    message: string,
    /** JSON-pointer-like location of the offending value, `$` for the root. */
    readonly path: string,
  ) {
    super(`${message} at ${path}`);
    this.name = "CanonicalJsonError";
  }
}

// A lone UTF-16 surrogate has no UTF-8 encoding, so two parties could hash different bytes.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkString(text: string, path: string, what: string): void {
  if (LONE_SURROGATE.test(text)) throw new CanonicalJsonError(`${what} contains a lone UTF-16 surrogate`, path);
}

function assertJsonValue(value: unknown, path: string, seen: Set<object>): void {
  switch (typeof value) {
    case "string":
      checkString(value, path, "string");
      return;
    case "boolean":
      return;
    case "number":
      if (Number.isNaN(value)) throw new CanonicalJsonError("NaN is not allowed in canonical JSON", path);
      if (!Number.isFinite(value)) throw new CanonicalJsonError("Infinity is not allowed in canonical JSON", path);
      return;
    case "undefined":
      throw new CanonicalJsonError("undefined is not allowed in canonical JSON (use null or leave the key out)", path);
    case "function":
      throw new CanonicalJsonError("a function is not allowed in canonical JSON", path);
    case "bigint":
      throw new CanonicalJsonError("a bigint is not allowed in canonical JSON (encode it as a string)", path);
    case "symbol":
      throw new CanonicalJsonError("a symbol is not allowed in canonical JSON", path);
  }
  if (value === null) return;
  const object = value as object;
  if (seen.has(object)) throw new CanonicalJsonError("a circular reference is not allowed in canonical JSON", path);
  seen.add(object);
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i++) {
      if (!(i in object)) throw new CanonicalJsonError("a sparse array hole is not allowed in canonical JSON", `${path}/${i}`);
      assertJsonValue(object[i], `${path}/${i}`, seen);
    }
  } else {
    const proto = Object.getPrototypeOf(object);
    // Dates, Buffers, Maps... would be hashed through toJSON or lose data; callers convert explicitly.
    if (proto !== Object.prototype && proto !== null) {
      const name = (object as { constructor?: { name?: string } }).constructor?.name ?? "unknown";
      throw new CanonicalJsonError(`a ${name} object is not allowed in canonical JSON (only plain objects and arrays)`, path);
    }
    for (const key of Object.keys(object)) {
      checkString(key, `${path}/${key}`, "key");
      assertJsonValue((object as Record<string, unknown>)[key], `${path}/${key}`, seen);
    }
  }
  seen.delete(object);
}

/**
 * RFC 8785 (JCS) canonical JSON. Throws `CanonicalJsonError` for anything JSON
 * cannot carry exactly: undefined, NaN, Infinity, functions, bigints, symbols,
 * class instances (Date, Buffer, Map), sparse arrays, cycles, lone surrogates.
 */
export function canonicalJson(value: unknown): string {
  assertJsonValue(value, "$", new Set());
  const text = canonicalize(value);
  if (text === undefined) throw new CanonicalJsonError("value has no JSON representation", "$");
  return text;
}

/** SHA-256 as lowercase hex; strings are hashed as their UTF-8 bytes. */
export function sha256Hex(input: Uint8Array | string): string {
  return createHash("sha256").update(input).digest("hex");
}

/** SHA-256 of the concatenation of the parts, as raw bytes. */
export function sha256Bytes(...parts: Uint8Array[]): Buffer {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

const HEX64 = /^[0-9a-f]{64}$/;

/** True for a lowercase 64-digit hex string (a SHA-256 digest). */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === "string" && HEX64.test(value);
}
