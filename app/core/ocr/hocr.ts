import type { OcrBox, OcrChoice, OcrLine, OcrSymbol, OcrWord } from "./types";

/**
 * Parse tesseract's hOCR into lines, words and symbols. With
 * `hocr_char_boxes=1` every symbol is an `ocrx_cinfo` span carrying
 * `x_bboxes` and `x_conf`; with `lstm_choice_mode=2` each symbol span is
 * followed by an `ocrx_cinfo` span whose id starts `lstm_choices`, holding one
 * `choice_*` span per alternative with `x_confs`. Confidences are scaled from
 * tesseract's 0..100 to 0..1. Line and word text are tesseract's own (words
 * joined by one space); spacing normalisation happens elsewhere.
 *
 * hOCR from tesseract is regular, machine-written XHTML, so a small tokenizer
 * is enough; unknown elements are ignored and their text is kept.
 */
export function parseHocr(hocr: string): OcrLine[] {
  const lines: OcrLine[] = [];
  const stack: Frame[] = [];
  let line: LineDraft | null = null;
  let word: WordDraft | null = null;
  let symbol: OcrSymbol | null = null;
  let choiceTarget: OcrSymbol | null = null;
  let choice: OcrChoice | null = null;

  const closeWord = () => {
    if (!word) return;
    const text = word.symbols.length > 0 ? word.symbols.map((s) => s.text).join("") : word.direct.trim();
    if (text.length > 0) {
      const done: OcrWord = { text, confidence: word.confidence, box: word.box };
      if (word.symbols.length > 0) done.symbols = word.symbols;
      if (!line) line = { box: done.box, words: [] };
      line.words.push(done);
    }
    word = null;
    symbol = null;
    choiceTarget = null;
  };
  const closeLine = () => {
    closeWord();
    if (line && line.words.length > 0) lines.push(finishLine(line));
    line = null;
  };

  for (const token of tokenize(hocr)) {
    if (token.kind === "text") {
      const text = decodeEntities(token.text);
      if (choice) choice.text += text;
      else if (symbol) symbol.text += text;
      else if (word) word.direct += text;
      continue;
    }
    if (token.kind === "close") {
      const index = findLastIndex(stack, (f) => f.tag === token.tag);
      if (index === -1) continue;
      for (const frame of stack.splice(index).reverse()) {
        if (frame.role === "choice") {
          if (choice && choiceTarget && choice.text.length > 0) (choiceTarget.choices ??= []).push(choice);
          choice = null;
        } else if (frame.role === "choices") {
          choiceTarget = null;
        } else if (frame.role === "symbol") {
          if (symbol && word && symbol.text.length > 0) {
            word.symbols.push(symbol);
            choiceTarget = symbol;
          }
          symbol = null;
        } else if (frame.role === "word") {
          closeWord();
        } else if (frame.role === "line") {
          closeLine();
        }
      }
      continue;
    }
    const attrs = parseAttributes(token.attrs);
    const classes = (attrs.class ?? "").split(/\s+/);
    const id = attrs.id ?? "";
    const title = parseTitle(attrs.title ?? "");
    let role: Role = "other";
    if (classes.some((c) => LINE_CLASSES.has(c))) {
      closeLine();
      line = { box: title.bbox ?? EMPTY_BOX, words: [] };
      role = "line";
    } else if (classes.includes("ocrx_word")) {
      closeWord();
      word = { box: title.bbox ?? EMPTY_BOX, confidence: (title.x_wconf ?? 0) / 100, symbols: [], direct: "" };
      role = "word";
    } else if (classes.includes("ocrx_cinfo") && word) {
      if (id.startsWith("lstm_choices")) {
        role = "choices";
      } else if (id.startsWith("choice")) {
        if (choiceTarget && !symbol) {
          choice = { text: "", confidence: (title.x_confs ?? 0) / 100 };
          role = "choice";
        }
      } else if (id.startsWith("timestep")) {
        // lstm_choice_mode=1 lists per-timestep alternatives; they are not per symbol, so skip them.
        choiceTarget = null;
        role = "choices";
      } else if (title.x_bboxes || title.x_conf !== undefined) {
        symbol = { text: "", confidence: (title.x_conf ?? 0) / 100 };
        if (title.x_bboxes) symbol.box = title.x_bboxes;
        role = "symbol";
      }
    }
    if (!token.selfClosing && !VOID_TAGS.has(token.tag)) stack.push({ tag: token.tag, role });
  }
  closeLine();
  return lines;
}

type Role = "line" | "word" | "symbol" | "choices" | "choice" | "other";
type Frame = { tag: string; role: Role };
type LineDraft = { box: OcrBox; words: OcrWord[] };
type WordDraft = { box: OcrBox; confidence: number; symbols: OcrSymbol[]; direct: string };

const LINE_CLASSES = new Set(["ocr_line", "ocr_textfloat", "ocr_header", "ocr_caption"]);
const VOID_TAGS = new Set(["br", "meta", "img", "link", "hr", "input"]);
const EMPTY_BOX: OcrBox = { x: 0, y: 0, w: 0, h: 0 };

function finishLine(draft: LineDraft): OcrLine {
  let weighted = 0;
  let length = 0;
  for (const w of draft.words) {
    const n = Array.from(w.text).length;
    weighted += w.confidence * n;
    length += n;
  }
  return {
    text: draft.words.map((w) => w.text).join(" "),
    confidence: length > 0 ? weighted / length : 0,
    box: draft.box,
    words: draft.words,
  };
}

type Token =
  | { kind: "text"; text: string }
  | { kind: "open"; tag: string; attrs: string; selfClosing: boolean }
  | { kind: "close"; tag: string };

function* tokenize(html: string): Generator<Token> {
  const pattern = /<!--[\s\S]*?-->|<![^>]*>|<\?[\s\S]*?\?>|<\/\s*([A-Za-z][\w:-]*)\s*>|<([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|([^<]+)|</g;
  for (const m of html.matchAll(pattern)) {
    if (m[1] !== undefined) yield { kind: "close", tag: m[1].toLowerCase() };
    else if (m[2] !== undefined) yield { kind: "open", tag: m[2].toLowerCase(), attrs: m[3] ?? "", selfClosing: m[4] === "/" };
    else if (m[5] !== undefined) yield { kind: "text", text: m[5] };
    else if (m[0] === "<") yield { kind: "text", text: "<" };
  }
}

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of source.matchAll(/([\w:-]+)\s*=\s*(?:'([^']*)'|"([^"]*)"|([^\s"'>]+))/g)) {
    attrs[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return attrs;
}

type Title = { bbox?: OcrBox; x_bboxes?: OcrBox; x_wconf?: number; x_conf?: number; x_confs?: number };

/** hOCR `title` properties: `bbox 1 2 3 4; x_wconf 92`. Boxes become {x, y, w, h}. */
function parseTitle(title: string): Title {
  const out: Title = {};
  for (const part of title.split(";")) {
    const [key, ...values] = part.trim().split(/\s+/);
    const numbers = values.map(Number);
    if ((key === "bbox" || key === "x_bboxes") && numbers.length >= 4 && numbers.slice(0, 4).every(Number.isFinite)) {
      const [x0, y0, x1, y1] = numbers;
      out[key] = { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
    } else if ((key === "x_wconf" || key === "x_conf" || key === "x_confs") && Number.isFinite(numbers[0])) {
      out[key] = numbers[0];
    }
  }
  return out;
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isInteger(code) && code >= 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}
