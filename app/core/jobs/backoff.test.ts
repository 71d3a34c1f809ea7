import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { afterFailure, retryDelayMs } from "./backoff";

describe("retry backoff", () => {
  it("doubles from the base and stops at the cap", () => {
    const mid = { random: () => 0.5 };
    expect(retryDelayMs(1, mid)).toBe(5_000);
    expect(retryDelayMs(2, mid)).toBe(10_000);
    expect(retryDelayMs(3, mid)).toBe(20_000);
    expect(retryDelayMs(30, mid)).toBe(15 * 60_000);
  });

  it("keeps jitter within ±10% and never goes below zero", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const d = retryDelayMs(attempt, { random: () => r });
        const nominal = retryDelayMs(attempt, { random: () => 0.5 });
        return d >= 0 && d >= nominal * 0.9 - 1 && d <= nominal * 1.1 + 1;
      }),
    );
  });

  it("queues a retry until attempts run out, then dead-letters with the reason", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const retry = afterFailure(1, 3, "boom", now);
    expect(retry.state).toBe("queued");
    expect(retry.state === "queued" && retry.runAt.getTime() - now.getTime()).toBe(5_000);
    expect(afterFailure(3, 3, "boom", now)).toEqual({ state: "failed", lastError: "boom" });
  });
});
