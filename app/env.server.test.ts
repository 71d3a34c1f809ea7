import { describe, expect, it } from "vitest";
import { parseEnv, secureCookies } from "./env.server";

const good = { MONGODB_URI: "mongodb://127.0.0.1:27017/suji", SESSION_SECRET: "x".repeat(32) };

describe("configuration", () => {
  it("applies defaults", () => {
    const env = parseEnv(good);
    expect(env.PORT).toBe(3000);
    expect(env.MAX_UPLOAD_BYTES).toBe(50 * 1024 * 1024);
  });

  it("lists every bad variable at once", () => {
    expect(() => parseEnv({ MONGODB_URI: "postgres://x", SESSION_SECRET: "short", PORT: "99999" })).toThrowError(
      /MONGODB_URI[\s\S]*SESSION_SECRET[\s\S]*PORT|MONGODB_URI[\s\S]*PORT[\s\S]*SESSION_SECRET/,
    );
    expect(() => parseEnv({})).toThrowError(/MONGODB_URI[\s\S]*SESSION_SECRET/);
  });

  it("uses Secure cookies in production unless told otherwise", () => {
    expect(secureCookies(parseEnv({ ...good, NODE_ENV: "production" }))).toBe(true);
    expect(secureCookies(parseEnv({ ...good, NODE_ENV: "development" }))).toBe(false);
    expect(secureCookies(parseEnv({ ...good, NODE_ENV: "production", SECURE_COOKIES: "false" }))).toBe(false);
  });
});
