/**
 * Builders for synthetic OCR lines in tests: tesseract-like words with a box
 * and a symbol per character, and PP-OCR-like texts without positions.
 */
import type { OcrBox, OcrChoice, OcrWord } from "~/core/ocr/types";
import type { ExtractLine } from "./types";

/** Width of a character at height h: ideographs square, ASCII half. */
const width = (ch: string, h: number) => (/[\u0000-\u02ff]/u.test(ch) ? h * 0.55 : h);

export type WordSpec = {
  text: string;
  x: number;
  /** Per-character confidence (0..1), default 0.95. */
  confidence?: number;
  /** Choices for the character at an index, best first (the character read first). */
  choices?: Record<number, OcrChoice[]>;
  /** Per-character confidences overriding `confidence`. */
  confidences?: number[];
};

/** A tesseract word: one symbol per character, laid out from x at height h on the line at y. */
export function word(spec: WordSpec, y: number, h: number): OcrWord {
  let x = spec.x;
  const symbols = Array.from(spec.text).map((ch, i) => {
    const w = width(ch, h);
    const box = { x, y, w, h };
    x += w;
    const confidence = spec.confidences?.[i] ?? spec.confidence ?? 0.95;
    return { text: ch, confidence, box, ...(spec.choices?.[i] ? { choices: spec.choices[i] } : {}) };
  });
  const box = { x: spec.x, y, w: x - spec.x, h };
  const confidence = symbols.reduce((s, c) => s + c.confidence, 0) / Math.max(1, symbols.length);
  return { text: spec.text, confidence, box, symbols };
}

function union(boxes: OcrBox[]): OcrBox {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * A line tesseract read: the given words at y (height h), its text the words
 * joined with wide gaps, and optionally another engine's reading.
 */
export function tesseractLine(words: WordSpec[], y: number, h = 30, other?: { text: string; confidence?: number }): ExtractLine {
  const built = words.map((w) => word(w, y, h));
  const confidence = built.reduce((s, w) => s + w.confidence, 0) / Math.max(1, built.length);
  const line: ExtractLine = { text: built.map((w) => w.text).join("\u3000"), confidence, box: union(built.map((w) => w.box)), engine: "tesseract", words: built };
  if (other) {
    // As the combiner does: the more confident engine's text leads.
    const otherConfidence = other.confidence ?? 0.98;
    if (otherConfidence > confidence) {
      return { text: other.text, confidence: otherConfidence, box: line.box, engine: "ppocr", alternatives: [{ text: line.text, confidence, engine: "tesseract" }], words: built };
    }
    line.alternatives = [{ text: other.text, confidence: otherConfidence, engine: "ppocr" }];
  }
  return line;
}

/** A line only PP-OCR read: text (cells separated by ideographic spaces) and a box, no words. */
export function ppocrLine(text: string, box: OcrBox, confidence = 0.98): ExtractLine {
  return { text, confidence, box, engine: "ppocr", alternatives: [] };
}

/** Cells of a table row as words: [text, centre x] pairs, each centred on x. */
export function centred(cells: [string, number][], h = 30): WordSpec[] {
  return cells.map(([text, cx]) => {
    const w = Array.from(text).reduce((s, ch) => s + width(ch, h), 0);
    return { text, x: cx - w / 2 };
  });
}
