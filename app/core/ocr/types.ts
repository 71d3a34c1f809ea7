/**
 * The shapes OCR results take between the engines, the `Page` model and the
 * correction screen. Boxes are in pixels of the image the engine read (the
 * preprocessed page); confidences are 0..1 on each engine's own scale.
 */
export type OcrEngine = "tesseract" | "ppocr";

export type OcrBox = { x: number; y: number; w: number; h: number };

export type OcrChoice = { text: string; confidence: number };

export type OcrSymbol = {
  text: string;
  confidence: number;
  box?: OcrBox;
  /** Other characters the recogniser considered here, best first (tesseract `lstm_choices`). */
  choices?: OcrChoice[];
};

export type OcrWord = {
  text: string;
  confidence: number;
  box: OcrBox;
  symbols?: OcrSymbol[];
};

export type OcrLine = {
  text: string;
  confidence: number;
  box: OcrBox;
  words: OcrWord[];
};

export type OcrReading = {
  engine: OcrEngine;
  engineVersion: string;
  /** Language data used, e.g. `chi_tra+eng` (tesseract) or the model name (PP-OCR). */
  language: string;
  /** Display text: lines joined by newlines, CJK spacing normalised. */
  text: string;
  /** The engine's own text output, untouched. */
  rawText: string;
  confidence: number;
  lines: OcrLine[];
  durationMs: number;
  params: Record<string, unknown>;
};

export type CombinedLine = {
  text: string;
  confidence: number;
  engine: OcrEngine;
  box: OcrBox;
  alternatives: { engine: OcrEngine; text: string; confidence: number }[];
};
