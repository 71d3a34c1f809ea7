import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyChain } from "./chain";
import { ERASURE_EVENT_TYPE, checkDisclosures, commitField, commitPersonalData, erasurePayload, verifyCommitment } from "./commitments";
import { COMMITMENTS, PERSON, SALTS, caseEvents, chainOf, disclosuresFor, supervisor } from "./test-fixtures";

const byField = (results: ReturnType<typeof checkDisclosures>) => Object.fromEntries(results.map((r) => [r.field, r.status]));

describe("commitField", () => {
  it("is SHA-256 of salt, a zero byte and the canonical JSON of the value", () => {
    const salt = Buffer.alloc(16, 0xa1);
    const expected = createHash("sha256").update(Buffer.concat([salt, Buffer.of(0), Buffer.from('"陳林氏"', "utf8")])).digest("hex");
    expect(commitField("陳林氏", salt)).toBe(expected);
    expect(commitField("陳林氏", salt.toString("hex"))).toBe(expected);
    expect(commitField("陳林氏", salt.toString("hex").toUpperCase())).toBe(expected);
  });

  it("hides equal values behind different salts", () => {
    expect(commitField("1956-03-12", "01".repeat(16))).not.toBe(commitField("1956-03-12", "02".repeat(16)));
  });

  it("refuses short or non-hex salts", () => {
    expect(() => commitField("x", "00".repeat(15))).toThrow(/at least 16 bytes/);
    expect(() => commitField("x", "not hex at all, but long enough!!")).toThrow(/hex/);
    expect(() => commitField("x", "abc")).toThrow(/hex/);
  });
});

describe("commitPersonalData and verifyCommitment", () => {
  it("commits every field with its own salt", () => {
    expect(COMMITMENTS).toEqual({
      birthDate: commitField(PERSON.birthDate, SALTS.birthDate),
      idNumber: commitField(PERSON.idNumber, SALTS.idNumber),
      name: commitField(PERSON.name, SALTS.name),
    });
  });

  it("refuses a missing salt and a salt shared by two fields", () => {
    expect(() => commitPersonalData({ name: "a" }, {})).toThrow(/no salt for field name/);
    expect(() => commitPersonalData({ a: "1", b: "2" }, { a: "0f".repeat(16), b: "0F".repeat(16) })).toThrow(/share a salt/);
  });

  it("opens only with the right value and salt, and never throws", () => {
    expect(verifyCommitment(PERSON.name, SALTS.name, COMMITMENTS.name)).toBe(true);
    expect(verifyCommitment("陳王氏", SALTS.name, COMMITMENTS.name)).toBe(false);
    expect(verifyCommitment(PERSON.name, SALTS.idNumber, COMMITMENTS.name)).toBe(false);
    expect(verifyCommitment(PERSON.name, "short", COMMITMENTS.name)).toBe(false);
    expect(verifyCommitment(PERSON.name, SALTS.name, "not-a-hash")).toBe(false);
  });
});

describe("checkDisclosures", () => {
  it("keeps personal data out of the log", () => {
    const log = JSON.stringify(caseEvents({ eraseBirthDate: true }));
    for (const value of [...Object.values(PERSON), ...Object.values(SALTS)]) expect(log).not.toContain(value);
  });

  it("verifies disclosed values and reports undisclosed ones as missing", () => {
    const results = checkDisclosures(caseEvents(), disclosuresFor(["name", "idNumber"]));
    expect(byField(results)).toEqual({ name: "verified", idNumber: "verified", birthDate: "missing" });
    expect(results.every((r) => r.committedAtSeq === 1)).toBe(true);
  });

  it("reports a wrong value as a mismatch without echoing it", () => {
    const disclosures = disclosuresFor(["name", "birthDate", "idNumber"]);
    disclosures[COMMITMENTS.name] = { value: "陳王氏", salt: SALTS.name };
    const result = checkDisclosures(caseEvents(), disclosures).find((r) => r.field === "name");
    expect(result?.status).toBe("mismatch");
    expect(result?.detail).not.toContain("陳王氏");
  });

  it("reports an erased field as erased: the chain still verifies and the erasure record comes from the log", () => {
    const events = caseEvents({ eraseBirthDate: true });
    expect(verifyChain(events).ok).toBe(true);
    const results = checkDisclosures(events, disclosuresFor(["name", "idNumber"]));
    expect(byField(results)).toEqual({ name: "verified", idNumber: "verified", birthDate: "erased" });
    const erased = results.find((r) => r.field === "birthDate");
    expect(erased?.erasure).toEqual({ field: "birthDate", erasedAt: "2024-05-06T09:00:00+08:00", erasedByRole: "supervisor", rule: "retention-3.2", seq: 6 });
    expect(erased?.detail).toMatch(/erased .* by supervisor under rule retention-3.2 \(event seq 6\)/);
  });

  it("accepts a disclosed erasure record only when it matches the log", () => {
    const events = caseEvents({ eraseBirthDate: true });
    const record = { field: "birthDate", erasedAt: "2024-05-06T09:00:00+08:00", erasedByRole: "supervisor", rule: "retention-3.2" };
    const base = disclosuresFor(["name", "idNumber"]);
    expect(byField(checkDisclosures(events, { ...base, [COMMITMENTS.birthDate]: { erased: record } })).birthDate).toBe("erased");
    const altered = checkDisclosures(events, { ...base, [COMMITMENTS.birthDate]: { erased: { ...record, rule: "whim" } } });
    expect(altered.find((r) => r.field === "birthDate")?.status).toBe("mismatch");
  });

  it("does not let a disclosure hide a field by claiming an erasure the log never recorded", () => {
    const disclosures = { ...disclosuresFor(["name", "idNumber"]), [COMMITMENTS.birthDate]: { erased: { field: "birthDate", erasedAt: "2024-05-06T09:00:00Z", erasedByRole: "officer", rule: "x" } } };
    const result = checkDisclosures(caseEvents(), disclosures).find((r) => r.field === "birthDate");
    expect(result?.status).toBe("mismatch");
    expect(result?.detail).toMatch(/log records no erasure/);
  });

  it("flags disclosures and erasures of commitments the log never made", () => {
    const stray = commitField("someone else", "dd".repeat(16));
    const events = chainOf("c9", [
      { type: "case.opened", payload: { commitments: { name: COMMITMENTS.name } } },
      { type: ERASURE_EVENT_TYPE, actor: supervisor, payload: erasurePayload(stray, { field: "name", erasedAt: "2024-05-02T00:00:00Z", erasedByRole: "supervisor", rule: "r" }) },
    ]);
    const results = checkDisclosures(events, { ...disclosuresFor(["name"]), [stray]: { value: "someone else", salt: "dd".repeat(16) } });
    expect(results.map((r) => [r.field, r.status])).toEqual([
      ["name", "verified"],
      ["name", "mismatch"],
      [null, "mismatch"],
    ]);
    expect(results[1].detail).toMatch(/erasure event seq 2 erases a commitment that no earlier event recorded/);
  });

  it("rejects an erasure that names another field than the commitment's", () => {
    const events = chainOf("c9", [
      { type: "case.opened", payload: { commitments: { name: COMMITMENTS.name } } },
      { type: ERASURE_EVENT_TYPE, actor: supervisor, payload: erasurePayload(COMMITMENTS.name, { field: "birthDate", erasedAt: "2024-05-02T00:00:00Z", erasedByRole: "supervisor", rule: "r" }) },
    ]);
    const results = checkDisclosures(events, {});
    expect(results.map((r) => r.status)).toEqual(["missing", "mismatch"]);
    expect(results[1].detail).toMatch(/names field birthDate but the commitment is for field name/);
  });

  it("treats a malformed disclosure as a mismatch", () => {
    const results = checkDisclosures(caseEvents(), { [COMMITMENTS.name]: { value: 42 } as never });
    expect(results.find((r) => r.field === "name")?.status).toBe("mismatch");
  });
});
