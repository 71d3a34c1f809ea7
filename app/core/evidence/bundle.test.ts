import { sign } from "node:crypto";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "./canonical";
import { buildEvent, hashEvent, type EvidenceEvent } from "./chain";
import { buildCheckpoint, type Checkpoint } from "./checkpoint";
import { BAGIT_TXT, BundleBuildError, buildBundle, verifyBundle, type BundleProblem, type BundleVerification } from "./bundle";
import {
  COMMITMENTS,
  OFFICE_KEY,
  OTHER_KEY,
  PERSON,
  SALTS,
  SCAN_A,
  SCAN_B,
  bundleInput,
  checkpointFor,
  eventLines,
  officer,
  openBag,
  readText,
  tamper,
  writeEventLines,
  writeText,
  type OpenBag,
} from "./test-fixtures";

const zip = buildBundle(bundleInput());
const BASE = "suji-evidence-DC-2024-0042/";
const scanA = `data/files/${sha256Hex(SCAN_A)}`;
const scanB = `data/files/${sha256Hex(SCAN_B)}`;

function problemOf(result: BundleVerification): BundleProblem {
  if (result.ok) throw new Error("expected the bundle to fail verification");
  return result.problem;
}

const rehash = (event: EvidenceEvent): EvidenceEvent => ({ ...event, hash: hashEvent(event) });
const withEvents = (edit: (events: EvidenceEvent[]) => EvidenceEvent[]) => (bag: OpenBag) => writeEventLines(bag, edit(eventLines(bag)), canonicalJson);
const editPayload = (event: EvidenceEvent): EvidenceEvent => ({ ...event, payload: { outcome: "neighbours deny residence" } });

/** Flip one bit of one byte of a payload file. */
const flipByte = (path: string, at = 3) => (bag: OpenBag) => {
  const bytes = Uint8Array.from(bag.files.get(path) as Uint8Array);
  bytes[at] ^= 0x01;
  bag.files.set(path, bytes);
};

const swapInKey = (pem: string) => (bag: OpenBag) => writeText(bag, "data/public-key.pem", pem);

describe("buildBundle", () => {
  it("builds a bag that verifies and summarises the case", () => {
    const result = verifyBundle(zip);
    if (!result.ok) throw new Error(`${result.problem.kind} at ${result.problem.where}: ${result.problem.reason}`);
    const { summary } = result;
    expect(summary).toMatchObject({
      bagName: "suji-evidence-DC-2024-0042",
      caseId: "case-0042",
      caseNumber: "DC-2024-0042",
      sourceOrganization: "Dongcheng household registration station",
      baggingDate: "2024-06-02",
      eventCount: 5,
      head: { caseId: "case-0042", seq: 5 },
      files: [sha256Hex(SCAN_A), sha256Hex(SCAN_B)].sort(),
      checkpoint: { office: "Dongcheng station", treeSize: 4, keyId: "office-2024" },
      keyTrusted: false,
      erasures: [],
    });
    expect(summary.disclosures.map((d) => [d.field, d.status])).toEqual([
      ["birthDate", "verified"],
      ["idNumber", "verified"],
      ["name", "verified"],
    ]);
    expect(JSON.stringify(summary)).not.toContain(PERSON.name);
  });

  it("lays out a BagIt 1.0 bag under one base directory", () => {
    const bag = openBag(zip);
    expect(bag.base).toBe(BASE);
    expect([...bag.files.keys()].sort()).toEqual(
      ["bag-info.txt", "bagit.txt", "data/checkpoint.json", "data/disclosures.json", "data/events.jsonl", "data/proofs.jsonl", "data/public-key.pem", scanA, scanB, "manifest-sha256.txt", "tagmanifest-sha256.txt"].sort(),
    );
    expect(readText(bag, "bagit.txt")).toBe("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    expect(BAGIT_TXT).toBe(readText(bag, "bagit.txt"));
  });

  it("writes bag-info.txt with a correct Payload-Oxum", () => {
    const bag = openBag(zip);
    const payload = [...bag.files].filter(([path]) => path.startsWith("data/"));
    const octets = payload.reduce((sum, [, bytes]) => sum + bytes.length, 0);
    expect(readText(bag, "bag-info.txt")).toBe(
      "Source-Organization: Dongcheng household registration station\nBagging-Date: 2024-06-02\nExternal-Identifier: DC-2024-0042\n" +
        `Bag-Software-Agent: Suji evidence bundle v1\nPayload-Oxum: ${octets}.${payload.length}\n`,
    );
  });

  it("lists every payload file in the manifest and every tag file in the tag manifest", () => {
    const bag = openBag(zip);
    const manifest = readText(bag, "manifest-sha256.txt").trimEnd().split("\n");
    expect(manifest).toHaveLength(7);
    for (const line of manifest) {
      const [hash, path] = line.split("  ");
      expect(sha256Hex(bag.files.get(path) as Uint8Array)).toBe(hash);
    }
    const tags = readText(bag, "tagmanifest-sha256.txt").trimEnd().split("\n").map((line) => line.split("  ")[1]);
    expect(tags).toEqual(["bag-info.txt", "bagit.txt", "manifest-sha256.txt"]);
  });

  it("writes one canonical event per line and one proof per event", () => {
    const bag = openBag(zip);
    const lines = readText(bag, "data/events.jsonl").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toEqual(bundleInput().events.map((event) => canonicalJson(event)));
    expect(readText(bag, "data/proofs.jsonl").trimEnd().split("\n")).toHaveLength(5);
  });

  it("is deterministic, whatever the time zone", () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = "America/Los_Angeles";
      const west = buildBundle(bundleInput());
      process.env.TZ = "Asia/Taipei";
      const east = buildBundle(bundleInput());
      expect(Buffer.from(west).equals(Buffer.from(east))).toBe(true);
      expect(Buffer.from(west).equals(Buffer.from(zip))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it("stores only the public key, even when handed a private key", () => {
    const privatePem = OFFICE_KEY.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const bag = openBag(buildBundle({ ...bundleInput(), publicKeyPem: privatePem }));
    expect(readText(bag, "data/public-key.pem")).toBe(OFFICE_KEY.publicKeyPem);
  });

  it("refuses input that would not verify", () => {
    const input = bundleInput();
    const cases: Array<[Partial<typeof input>, RegExp]> = [
      [{ files: [SCAN_A] }, /references evidence file .* which was not given/],
      [{ files: [SCAN_A, SCAN_B, new Uint8Array([1])] }, /not referenced by any event/],
      [{ disclosures: {} }, /cannot bundle field birthDate/],
      [{ events: input.events.slice(0, 4) }, /covers case case-0042 up to seq 5/],
      [{ events: input.events.slice(1) }, /chain is broken/],
      [{ baggingDate: "2024-02-30" }, /YYYY-MM-DD/],
      [{ caseNumber: "DC\n42" }, /single line/],
      [{ publicKeyPem: OTHER_KEY.publicKeyPem }, /signature does not verify/],
    ];
    for (const [change, message] of cases) {
      expect(() => buildBundle({ ...input, ...change }), String(message)).toThrow(BundleBuildError);
      expect(() => buildBundle({ ...input, ...change })).toThrow(message);
    }
  });
});

describe("erasure", () => {
  const input = bundleInput({ eraseBirthDate: true });
  const erasedZip = buildBundle(input);

  it("still verifies after a field is erased, and reports the erasure", () => {
    const result = verifyBundle(erasedZip);
    if (!result.ok) throw new Error(result.problem.reason);
    expect(result.summary.disclosures.map((d) => [d.field, d.status])).toEqual([
      ["birthDate", "erased"],
      ["idNumber", "verified"],
      ["name", "verified"],
    ]);
    expect(result.summary.erasures).toEqual([{ field: "birthDate", erasedAt: "2024-05-06T09:00:00+08:00", erasedByRole: "supervisor", rule: "retention-3.2", seq: 6 }]);
  });

  it("ships the erasure record, not the erased value or its salt", () => {
    const bag = openBag(erasedZip);
    const disclosures = JSON.parse(readText(bag, "data/disclosures.json")) as Record<string, unknown>;
    expect(disclosures[COMMITMENTS.birthDate]).toEqual({ erased: { field: "birthDate", erasedAt: "2024-05-06T09:00:00+08:00", erasedByRole: "supervisor", rule: "retention-3.2" } });
    for (const file of bag.files.values()) {
      const text = new TextDecoder().decode(file);
      expect(text).not.toContain(PERSON.birthDate);
      expect(text).not.toContain(SALTS.birthDate);
    }
  });

  it("refuses to export a value that was erased", () => {
    const disclosures = { ...input.disclosures, [COMMITMENTS.birthDate]: { value: PERSON.birthDate, salt: SALTS.birthDate } };
    expect(() => buildBundle({ ...input, disclosures })).toThrow(/was erased .* must not be exported/);
  });
});

describe("tampering without updating the manifests is caught by the manifests", () => {
  it("an edited event", () => {
    const bad = tamper(zip, withEvents((events) => events.map((e, i) => (i === 3 ? editPayload(e) : e))), { refresh: false });
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "manifest", where: "data/events.jsonl" });
  });

  it("a flipped byte in an evidence file", () => {
    expect(problemOf(verifyBundle(tamper(zip, flipByte(scanB), { refresh: false })))).toMatchObject({ kind: "manifest", where: scanB });
  });

  it("a swapped public key", () => {
    expect(problemOf(verifyBundle(tamper(zip, swapInKey(OTHER_KEY.publicKeyPem), { refresh: false })))).toMatchObject({ kind: "manifest", where: "data/public-key.pem" });
  });

  it("a changed checkpoint root", () => {
    const bad = tamper(zip, (bag) => writeText(bag, "data/checkpoint.json", readText(bag, "data/checkpoint.json").replace(/"root": "[0-9a-f]+"/, `"root": "${"0".repeat(64)}"`)), { refresh: false });
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "manifest", where: "data/checkpoint.json" });
  });

  it("a deleted payload file", () => {
    expect(problemOf(verifyBundle(tamper(zip, (bag) => bag.files.delete("data/proofs.jsonl"), { refresh: false })))).toMatchObject({
      kind: "manifest",
      where: "data/proofs.jsonl",
      reason: expect.stringMatching(/listed in manifest-sha256.txt but missing/),
    });
  });

  it("an added payload file", () => {
    expect(problemOf(verifyBundle(tamper(zip, (bag) => writeText(bag, "data/notes.txt", "hi"), { refresh: false })))).toMatchObject({ kind: "manifest", where: "data/notes.txt" });
  });

  it("an edited manifest, caught by the tag manifest", () => {
    const bad = tamper(zip, (bag) => writeText(bag, "manifest-sha256.txt", `${readText(bag, "manifest-sha256.txt")}`.replace(/^[0-9a-f]/, (c) => (c === "0" ? "1" : "0"))), { refresh: false });
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "manifest", where: "manifest-sha256.txt" });
  });

  it("an edited bag-info.txt, caught by the tag manifest", () => {
    const bad = tamper(zip, (bag) => writeText(bag, "bag-info.txt", readText(bag, "bag-info.txt").replace("DC-2024-0042", "DC-2024-0043")), { refresh: false });
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "manifest", where: "bag-info.txt" });
  });
});

describe("tampering with the manifests updated is caught and located by the chain, file, signature or proof checks", () => {
  const refresh = { refresh: true };

  it("an edited event, hash left alone", () => {
    const bad = tamper(zip, withEvents((events) => events.map((e, i) => (i === 3 ? editPayload(e) : e))), refresh);
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "chain", where: "event seq 4", code: "hash-mismatch", reason: expect.stringMatching(/event seq 4 was changed/) });
  });

  it("an edited event with a recomputed hash", () => {
    const bad = tamper(zip, withEvents((events) => events.map((e, i) => (i === 1 ? rehash(editPayload(e)) : e))), refresh);
    expect(problemOf(verifyBundle(bad))).toMatchObject({
      kind: "chain",
      where: "event seq 2",
      code: "hash-mismatch",
      reason: expect.stringMatching(/event seq 2 was changed and its hash recomputed.*event seq 3 still names/),
    });
  });

  it("an edited head event with a recomputed hash", () => {
    const bad = tamper(zip, withEvents((events) => events.map((e, i) => (i === 4 ? rehash(editPayload(e)) : e))), refresh);
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "chain", where: "event seq 5", code: "hash-mismatch", reason: expect.stringMatching(/signed checkpoint/) });
  });

  it("a log rewritten from one event on, every later hash recomputed", () => {
    const bad = tamper(
      zip,
      withEvents((events) => {
        const rewritten = events.slice(0, 2);
        for (const event of events.slice(2)) {
          const payload = event.seq === 4 ? { outcome: "neighbours deny residence" } : event.payload;
          rewritten.push(buildEvent(rewritten.at(-1) as EvidenceEvent, { caseId: event.caseId, type: event.type, at: event.at, actor: event.actor, payload }));
        }
        return rewritten;
      }),
      refresh,
    );
    // Events 1-3 are unchanged; event 4 is the first that differs from what the office signed.
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "chain", where: "event seq 4", code: "hash-mismatch", reason: expect.stringMatching(/rewritten from this event on/) });
  });

  it("a deleted event", () => {
    const bad = tamper(zip, withEvents((events) => events.filter((e) => e.seq !== 3)), refresh);
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "chain", where: "event seq 3", code: "seq-gap", reason: expect.stringMatching(/event seq 3 is missing/) });
  });

  it("a deleted first event", () => {
    const bad = tamper(zip, withEvents((events) => events.slice(1)), refresh);
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "chain", where: "event seq 1", code: "bad-first-event" });
  });

  it("a deleted last event (truncation), found through the signed checkpoint", () => {
    const bad = tamper(zip, withEvents((events) => events.slice(0, 4)), refresh);
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "chain", where: "event seq 5", code: "truncated", reason: expect.stringMatching(/event seq 5 is missing from the end/) });
  });

  it("re-ordered events", () => {
    const bad = tamper(zip, withEvents(([a, b, c, d, e]) => [a, b, d, c, e]), refresh);
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "chain", where: "event seq 4", code: "seq-out-of-order" });
  });

  it("an inserted event", () => {
    const bad = tamper(zip, withEvents((events) => [...events.slice(0, 3), rehash(editPayload(events[3])), ...events.slice(3)]), refresh);
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "chain", where: "event seq 4", code: "seq-duplicate", reason: expect.stringMatching(/first was inserted/) });
  });

  it("an event appended after the checkpoint", () => {
    const bad = tamper(
      zip,
      withEvents((events) => [...events, buildEvent(events[4], { caseId: "case-0042", type: "case.approved", at: "2024-06-09T09:00:00Z", actor: officer, payload: {} })]),
      refresh,
    );
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "checkpoint", where: "event seq 6", reason: expect.stringMatching(/not covered by any signature/) });
  });

  it("an event line that is valid JSON but not canonical", () => {
    const bad = tamper(zip, (bag) => writeEventLines(bag, eventLines(bag), (e) => {
      const { seq, ...rest } = e as EvidenceEvent;
      return JSON.stringify({ seq, ...rest });
    }), refresh);
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "chain", where: "data/events.jsonl line 1", reason: expect.stringMatching(/canonical/) });
  });

  it("a flipped byte in an evidence file", () => {
    expect(problemOf(verifyBundle(tamper(zip, flipByte(scanA), refresh)))).toMatchObject({ kind: "file", where: scanA, reason: expect.stringMatching(/not to its name/) });
  });

  it("a removed evidence file", () => {
    expect(problemOf(verifyBundle(tamper(zip, (bag) => bag.files.delete(scanB), refresh)))).toMatchObject({ kind: "file", where: scanB, reason: expect.stringMatching(/referenced by event seq 3 but missing/) });
  });

  it("an extra evidence file no event references", () => {
    const extra = new TextEncoder().encode("planted");
    const bad = tamper(zip, (bag) => bag.files.set(`data/files/${sha256Hex(extra)}`, extra), refresh);
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "file", reason: expect.stringMatching(/not referenced/) });
  });

  it("a swapped public key", () => {
    expect(problemOf(verifyBundle(tamper(zip, swapInKey(OTHER_KEY.publicKeyPem), refresh)))).toMatchObject({ kind: "signature", where: "data/checkpoint.json" });
  });

  it("a swapped key with a re-signed checkpoint passes on its own but not against the trusted key", () => {
    const resigned = tamper(
      zip,
      (bag) => {
        swapInKey(OTHER_KEY.publicKeyPem)(bag);
        writeText(bag, "data/checkpoint.json", JSON.stringify(checkpointFor(bundleInput().events, OTHER_KEY.privateKey)));
      },
      refresh,
    );
    const alone = verifyBundle(resigned);
    expect(alone.ok && alone.summary.keyTrusted).toBe(false);
    expect(alone.ok).toBe(true);
    expect(problemOf(verifyBundle(resigned, { trustedPublicKeyPem: OFFICE_KEY.publicKeyPem }))).toMatchObject({
      kind: "signature",
      where: "data/public-key.pem",
      reason: expect.stringMatching(/not the trusted office key/),
    });
  });

  it("reports the office's own bundle as trusted when the trusted key matches", () => {
    const result = verifyBundle(zip, { trustedPublicKeyPem: OFFICE_KEY.publicKeyPem });
    expect(result.ok && result.summary.keyTrusted).toBe(true);
  });

  it("a changed checkpoint root", () => {
    const bad = tamper(
      zip,
      (bag) => {
        const checkpoint = JSON.parse(readText(bag, "data/checkpoint.json")) as Checkpoint;
        checkpoint.body.root = "0".repeat(64);
        writeText(bag, "data/checkpoint.json", JSON.stringify(checkpoint));
      },
      refresh,
    );
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "signature", where: "data/checkpoint.json" });
  });

  it("a checkpoint re-signed by an attacker with a root that does not match its heads", () => {
    const bad = tamper(
      zip,
      (bag) => {
        const { body } = JSON.parse(readText(bag, "data/checkpoint.json")) as Checkpoint;
        const forgedBody = { ...body, root: "0".repeat(64) };
        const signature = sign(null, Buffer.from(canonicalJson(forgedBody)), OTHER_KEY.privateKey).toString("base64");
        writeText(bag, "data/checkpoint.json", JSON.stringify({ body: forgedBody, signature }));
        swapInKey(OTHER_KEY.publicKeyPem)(bag);
      },
      refresh,
    );
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "checkpoint", where: "data/checkpoint.json", reason: expect.stringMatching(/root is not the Merkle root/) });
  });

  it("a checkpoint that does not cover the case", () => {
    const bad = tamper(
      zip,
      (bag) => {
        const other = buildCheckpoint({ heads: [{ caseId: "case-0001", seq: 3, hash: "11".repeat(32) }], issuedAt: "2024-06-01T00:00:00Z", office: "Dongcheng station", keyId: "office-2024" }, OFFICE_KEY.privateKey);
        writeText(bag, "data/checkpoint.json", JSON.stringify(other));
      },
      refresh,
    );
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "checkpoint", reason: expect.stringMatching(/no head for case case-0042/) });
  });

  it("an edited proof line", () => {
    const bad = tamper(
      zip,
      (bag) => {
        const lines = readText(bag, "data/proofs.jsonl").trimEnd().split("\n");
        const proof = JSON.parse(lines[1]) as { following: Array<{ payload: unknown }> };
        proof.following[1].payload = { outcome: "forged" };
        lines[1] = canonicalJson(proof);
        writeText(bag, "data/proofs.jsonl", `${lines.join("\n")}\n`);
      },
      refresh,
    );
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "proof", where: "event seq 2", reason: expect.stringMatching(/line 2 of data\/proofs.jsonl/) });
  });

  it("a missing proof line", () => {
    const bad = tamper(zip, (bag) => writeText(bag, "data/proofs.jsonl", `${readText(bag, "data/proofs.jsonl").trimEnd().split("\n").slice(0, 4).join("\n")}\n`), refresh);
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "proof", where: "event seq 5", reason: expect.stringMatching(/no proof line/) });
  });

  it("proof lines swapped between events", () => {
    const bad = tamper(
      zip,
      (bag) => {
        const lines = readText(bag, "data/proofs.jsonl").trimEnd().split("\n");
        [lines[0], lines[1]] = [lines[1], lines[0]];
        writeText(bag, "data/proofs.jsonl", `${lines.join("\n")}\n`);
      },
      refresh,
    );
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "proof", where: "event seq 1", reason: expect.stringMatching(/proves a different event/) });
  });

  it("a disclosed value that was changed", () => {
    const bad = tamper(
      zip,
      (bag) => writeText(bag, "data/disclosures.json", readText(bag, "data/disclosures.json").replace(PERSON.name, "陳王氏")),
      refresh,
    );
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "disclosure", where: "event seq 1", reason: expect.stringMatching(/field name .* do not open the commitment/) });
  });

  it("a disclosure that was removed", () => {
    const bad = tamper(
      zip,
      (bag) => {
        const disclosures = JSON.parse(readText(bag, "data/disclosures.json")) as Record<string, unknown>;
        delete disclosures[COMMITMENTS.idNumber];
        writeText(bag, "data/disclosures.json", JSON.stringify(disclosures));
      },
      refresh,
    );
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "disclosure", where: "event seq 1", reason: expect.stringMatching(/field idNumber .* no value or erasure record/) });
  });

  it("a field hidden behind an erasure the log never recorded", () => {
    const bad = tamper(
      zip,
      (bag) => {
        const disclosures = JSON.parse(readText(bag, "data/disclosures.json")) as Record<string, unknown>;
        disclosures[COMMITMENTS.name] = { erased: { field: "name", erasedAt: "2024-06-01T00:00:00Z", erasedByRole: "officer", rule: "none" } };
        writeText(bag, "data/disclosures.json", JSON.stringify(disclosures));
      },
      refresh,
    );
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "disclosure", where: "event seq 1", reason: expect.stringMatching(/log records no erasure/) });
  });

  it("a wrong Payload-Oxum", () => {
    const bad = tamper(
      zip,
      (bag) => {
        writeText(bag, "bag-info.txt", readText(bag, "bag-info.txt").replace(/Payload-Oxum: (\d+)/, (_, n: string) => `Payload-Oxum: ${Number(n) + 1}`));
        const tags = ["bag-info.txt", "bagit.txt", "manifest-sha256.txt"];
        writeText(bag, "tagmanifest-sha256.txt", tags.map((p) => `${sha256Hex(bag.files.get(p) as Uint8Array)}  ${p}\n`).join(""));
      },
      { refresh: false },
    );
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "manifest", where: "bag-info.txt", reason: expect.stringMatching(/Payload-Oxum/) });
  });
});

describe("bag structure", () => {
  it("rejects bytes that are not a zip", () => {
    expect(problemOf(verifyBundle(new TextEncoder().encode("not a zip")))).toMatchObject({ kind: "bag", where: "(zip)" });
  });

  it("rejects a bag without bagit.txt", () => {
    expect(problemOf(verifyBundle(tamper(zip, (bag) => bag.files.delete("bagit.txt"), { refresh: false })))).toMatchObject({ kind: "bag", where: "bagit.txt" });
  });

  it("rejects a wrong BagIt declaration", () => {
    const bad = tamper(zip, (bag) => writeText(bag, "bagit.txt", "BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n"), { refresh: true });
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "bag", where: "bagit.txt" });
  });

  it("rejects a zip holding more than one directory", () => {
    const bag = openBag(zip);
    const entries = Object.fromEntries([...bag.files].map(([path, bytes]) => [`${bag.base}${path}`, bytes]));
    const bad = zipSync({ ...entries, "other/readme.txt": new TextEncoder().encode("hi") });
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "bag", where: "(zip)", reason: expect.stringMatching(/exactly one bag directory/) });
  });

  it("rejects unsafe paths", () => {
    const bag = openBag(zip);
    const entries = Object.fromEntries([...bag.files].map(([path, bytes]) => [`${bag.base}${path}`, bytes]));
    const bad = zipSync({ ...entries, [`${bag.base}data/../../evil.txt`]: new Uint8Array([1]) });
    expect(problemOf(verifyBundle(bad))).toMatchObject({ kind: "bag", reason: expect.stringMatching(/not a safe relative path/) });
  });

  it("accepts a bag zipped without a base directory", () => {
    const bag = openBag(zip);
    expect(verifyBundle(zipSync(Object.fromEntries(bag.files))).ok).toBe(true);
  });

  it("rejects an unexpected payload file even when the manifests list it", () => {
    expect(problemOf(verifyBundle(tamper(zip, (bag) => writeText(bag, "data/notes.txt", "hi"), { refresh: true })))).toMatchObject({
      kind: "bag",
      where: "data/notes.txt",
      reason: expect.stringMatching(/not part of an evidence bundle/),
    });
  });

  it("rejects zips that unpack beyond the size limit", () => {
    expect(problemOf(verifyBundle(zip, { maxUncompressedBytes: 1000 }))).toMatchObject({ kind: "bag", reason: expect.stringMatching(/more than 1000 bytes/) });
  });
});
