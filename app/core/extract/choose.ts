/**
 * One field from the readings of its text. A field is read in one or more
 * pieces (a value wrapped onto two lines); each piece has a candidate per
 * engine. The readings that validate win, then the value most engines agree
 * on, then the most confident (weighed by how accurate each engine is); the
 * status says how far to trust it, and the
 * losing readings and tesseract's alternative characters become
 * `alternatives`. Nothing is filled in that was not read.
 */
import type { OcrBox } from "~/core/ocr/types";
import { normalizeFieldText, type NormalizedReading, type Validity } from "./fields";
import { canonicalCharCached, canonicalChars, LABEL_FORMS } from "./labels";
import { glyphConfidence, glyphsBox, glyphText, unionBox, type Glyph } from "./readings";
import type { ExtractedField, FieldName } from "./types";

export type Candidate = {
  text: string;
  confidence: number;
  engine: string;
  /** Present for tesseract's words: boxes, confidences and choices per character. */
  glyphs?: Glyph[];
  /** A text placed by its engine's symbols (PP-OCR's): the same per character, but the text is not a words reading. */
  located?: Glyph[];
};

export type Piece = { box: OcrBox | null; candidates: Candidate[] };

/** Below this a reading is not trusted at all: the field is unreadable. */
export const UNREADABLE_BELOW = 0.35;
/** Below this a reading is kept but marked uncertain. */
export const UNCERTAIN_BELOW = 0.7;
const MAX_ALTERNATIVES = 6;

const VALIDITY_RANK: Record<Validity, number> = { valid: 2, plausible: 1, invalid: 0 };

type Reading = Candidate & { norm: NormalizedReading; repaired?: string };

/** Strips what never belongs to a value: leading/trailing punctuation and spaces. */
export function cleanValueText(text: string): string {
  return text.replace(/^[\s.·\-—_~()（）[\]]+|[\s·\-—_~([（]+$/gu, "").replace(/\s+/gu, " ").trim();
}

/** Intersection over union of two boxes. */
function iou(a: OcrBox, b: OcrBox): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.w * a.h + b.w * b.h - inter);
}

/**
 * Pieces over the same place on the page, read by different engines, are
 * one text read twice (each engine found the line but the two were not
 * combined): their candidates are merged rather than their texts joined.
 */
export function mergeOverlapping(pieces: readonly Piece[]): Piece[] {
  const out: { piece: Piece; boxes: OcrBox[] }[] = [];
  for (const piece of pieces) {
    const engines = new Set(piece.candidates.map((c) => c.engine));
    const same = piece.box
      ? out.find((o) => o.boxes.some((b) => iou(b, piece.box!) >= 0.4) && !o.piece.candidates.some((c) => engines.has(c.engine)))
      : undefined;
    if (!same) {
      out.push({ piece: { box: piece.box, candidates: [...piece.candidates] }, boxes: piece.box ? [piece.box] : [] });
      continue;
    }
    same.piece.candidates.push(...piece.candidates);
    same.boxes.push(piece.box!);
    same.piece.box = unionBox(same.boxes);
  }
  return out.map((o) => o.piece);
}

/** Pieces in reading order: by line (vertical centres), then left to right. */
export function inReadingOrder(pieces: readonly Piece[]): Piece[] {
  return [...pieces].sort((a, b) => {
    if (!a.box || !b.box) return 0;
    const dy = a.box.y + a.box.h / 2 - (b.box.y + b.box.h / 2);
    return Math.abs(dy) > 0.4 * Math.min(a.box.h, b.box.h) ? dy : a.box.x - b.box.x;
  });
}

/**
 * Candidates for a field read in several pieces: per engine, its own pieces
 * alone, and its pieces with the gaps filled from the best other reading
 * (an engine may have missed one line of a wrapped value, or read a stray
 * mark as one).
 */
function joinPieces(input: readonly Piece[]): Candidate[] {
  const pieces = inReadingOrder(mergeOverlapping(input));
  if (pieces.length === 1) return pieces[0].candidates;
  const engines = [...new Set(pieces.flatMap((p) => p.candidates.map((c) => c.engine)))];
  const out: Candidate[] = [];
  const join = (engine: string, parts: Candidate[]): Candidate => {
    const length = parts.reduce((n, c) => n + Math.max(1, c.text.length), 0);
    const confidence = parts.reduce((sum, c) => sum + c.confidence * Math.max(1, c.text.length), 0) / Math.max(1, length);
    const glyphs = parts.every((c) => c.glyphs) ? parts.flatMap((c) => c.glyphs!) : undefined;
    const located = parts.every((c) => c.located) ? parts.flatMap((c) => c.located!) : undefined;
    return { text: parts.map((c) => c.text).join(""), confidence, engine, ...(glyphs ? { glyphs } : {}), ...(located ? { located } : {}) };
  };
  for (const engine of engines) {
    const own = pieces.map((p) => p.candidates.find((c) => c.engine === engine)).filter((c): c is Candidate => c !== undefined);
    const filled = pieces.map((p) => p.candidates.find((c) => c.engine === engine) ?? best(p.candidates)).filter((c): c is Candidate => c !== undefined);
    const a = join(engine, own);
    out.push(a);
    if (filled.length !== own.length) {
      const b = join(engine, filled);
      if (b.text !== a.text) out.push({ ...b, engine: `${engine}+` });
    }
  }
  return out;
}

function best(candidates: Candidate[]): Candidate | undefined {
  let top: Candidate | undefined;
  for (const c of candidates) if (!top || c.confidence > top.confidence) top = c;
  return top;
}

/**
 * Strings from the engines' alternative characters: for the least confident
 * characters, each runner-up choice in place of the character read, most
 * doubtful character first.
 */
export function choiceVariants(glyphs: readonly Glyph[], limit = 4, below = 0.9): string[] {
  const text = glyphs.map((g) => g.ch);
  const doubtful = glyphs
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => g.confidence < below && (g.choices?.length ?? 0) > 0)
    .sort((a, b) => a.g.confidence - b.g.confidence);
  const out: string[] = [];
  for (const { g, i } of doubtful) {
    for (const choice of g.choices!.slice(0, 3)) {
      if (choice.text === g.ch || choice.text.trim() === "") continue;
      const variant = [...text];
      variant[i] = choice.text;
      out.push(variant.join(""));
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/**
 * For fields with a hard check (ID numbers, dates, sex): tesseract readings
 * with one character swapped for one of its choices, kept only if they then
 * validate. Checked values only, so the check itself vouches for the swap.
 */
function repairs(field: FieldName, candidate: Candidate): Reading[] {
  const glyphs = candidate.glyphs ?? candidate.located;
  if (!glyphs || !["idNumber", "birthDate", "sex"].includes(field)) return [];
  const out: Reading[] = [];
  const order = glyphs.map((g, i) => ({ g, i })).sort((a, b) => a.g.confidence - b.g.confidence).slice(0, 6);
  for (const { g, i } of order) {
    for (const choice of g.choices ?? []) {
      if (choice.text === g.ch) continue;
      const text = glyphs.map((x, k) => (k === i ? choice.text : x.ch)).join("");
      const norm = normalizeFieldText(field, cleanValueText(text));
      if (norm.validity !== "valid" || norm.doubt) continue;
      out.push({ text: cleanValueText(text), confidence: candidate.confidence * 0.75, engine: `${candidate.engine}-choice`, norm, repaired: `character ${i + 1} read as ${g.ch}, taken as ${candidate.engine}'s alternative ${choice.text}` });
    }
  }
  // Only an unambiguous repair is a repair.
  const values = new Set(out.map((r) => r.norm.value));
  return values.size === 1 ? out.slice(0, 1) : [];
}

/** How far each engine's confidence is trusted when two readings are otherwise equal. */
export const ENGINE_WEIGHT: Record<string, number> = { tesseract: 0.9, ppocr: 1 };

/** A confident tesseract character, as its symbol and its word rate it. */
export const SURE_CHARACTER = 0.95;

const charClass = (ch: string) => (/\p{Script=Han}/u.test(ch) ? "han" : /[0-9Xx]/u.test(ch) ? "digit" : "other");

/**
 * One reading of a field from two, character by character: the other
 * engine's text (right more often, but with no per-character confidence),
 * corrected where tesseract is sure of a character it reads differently or
 * that the other engine missed (a 县 lost from 安龙县). Null when the two are
 * too far apart to be one text, or when nothing changes.
 */
export function mergeReadings(text: Candidate, words: Candidate): Candidate | null {
  if (!words.glyphs) return null;
  const a = Array.from(text.text);
  const ac = a.map(canonicalCharCached);
  const g = words.glyphs;
  const n = a.length;
  const m = g.length;
  if (n === 0 || m === 0) return null;
  const sub = (i: number, j: number) => (ac[i] === g[j].canon ? 0 : 1);
  const cost: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= n; i++) for (let j = 1; j <= m; j++) cost[i][j] = Math.min(cost[i - 1][j - 1] + sub(i - 1, j - 1), cost[i - 1][j] + 1, cost[i][j - 1] + 1);
  if (cost[n][m] > Math.max(1, 0.3 * Math.max(n, m))) return null;
  // Walk back along the alignment; where a mismatch and an extra tesseract character explain the same
  // cost, take the extra character first, so that 贡嘎魏 against 貢喫縣魏 keeps 嘎 (for 喫) and adds 縣.
  const ops: { kind: "match" | "sub" | "ins" | "del"; i: number; j: number }[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const diagonal = i > 0 && j > 0 && cost[i][j] === cost[i - 1][j - 1] + sub(i - 1, j - 1);
    const insert = j > 0 && (i === 0 || cost[i][j] === cost[i][j - 1] + 1);
    if (diagonal && (sub(i - 1, j - 1) === 0 || !insert)) {
      ops.push({ kind: sub(i - 1, j - 1) === 0 ? "match" : "sub", i: i - 1, j: j - 1 });
      i--;
      j--;
    } else if (insert) {
      ops.push({ kind: "ins", i, j: j - 1 });
      j--;
    } else {
      ops.push({ kind: "del", i: i - 1, j });
      i--;
    }
  }
  ops.reverse();
  const firstMatch = ops.findIndex((o) => o.kind === "match");
  const lastMatch = ops.length - 1 - [...ops].reverse().findIndex((o) => o.kind === "match");
  const out: string[] = [];
  let changed = false;
  ops.forEach((o, k) => {
    const t = o.j < m ? g[o.j] : null;
    if (o.kind === "match" || o.kind === "del") {
      out.push(a[o.i]);
    } else if (o.kind === "sub") {
      // Tesseract's own runner-up agreeing with the other engine settles it the other way.
      const considered = t!.choices?.slice(1).some((c) => canonicalCharCached(c.text) === ac[o.i]) ?? false;
      const take = !considered && t!.confidence >= SURE_CHARACTER && charClass(t!.ch) === charClass(a[o.i]);
      out.push(take ? t!.ch : a[o.i]);
      changed ||= take;
    } else if (k > firstMatch && k < lastMatch && t!.confidence >= SURE_CHARACTER && charClass(t!.ch) === "han") {
      // Only between characters both engines read: at the ends an extra character is usually the next cell's.
      out.push(t!.ch);
      changed = true;
    }
  });
  if (!changed) return null;
  return { text: out.join(""), confidence: Math.min(text.confidence, words.confidence + 0.1), engine: "merged" };
}

/** Builds a field from its pieces; null when nothing was read. */
/**
 * A reading with the field's own label inside it (云南德宏傣族籍贯云南德宏傣族景颇族自治州:
 * a card's wrapped 籍贯 cell whose pieces one engine's text brought in twice)
 * is its value after the label: a register's value never names its own
 * label. Characters and boxes are cut with the text.
 */
export function afterOwnLabel(field: FieldName, c: Candidate): Candidate {
  const chars = Array.from(c.text);
  const canon = canonicalChars(c.text);
  let end = -1;
  for (const form of LABEL_FORMS) {
    if (form.key !== field || form.part) continue;
    // Inside only: a label at either end is the labelled reading's to handle.
    for (let at = 1; at + form.chars.length < canon.length; at++) {
      if (form.chars.every((ch, k) => canon[at + k] === ch)) end = Math.max(end, at + form.chars.length);
    }
  }
  if (end < 0) return c;
  const cut = <T>(list: T[] | undefined) => (list && list.length === chars.length ? list.slice(end) : undefined);
  const glyphs = cut(c.glyphs);
  const located = cut(c.located);
  if ((c.glyphs && !glyphs) || (c.located && !located)) return c;
  return { ...c, text: chars.slice(end).join(""), ...(glyphs ? { glyphs } : {}), ...(located ? { located } : {}) };
}

export function buildField(field: FieldName, pieces: Piece[]): ExtractedField | null {
  const joined = joinPieces(pieces)
    .map((c) => afterOwnLabel(field, { ...c, text: cleanValueText(c.text) }))
    .filter((c) => c.text !== "");
  if (joined.length === 0) return null;
  const wordsCandidate = joined.find((c) => c.glyphs);
  const textCandidate = joined.filter((c) => !c.glyphs).sort((a, b) => b.confidence - a.confidence)[0];
  const merged = wordsCandidate && textCandidate ? mergeReadings(textCandidate, wordsCandidate) : null;
  if (merged) joined.push(merged);
  const readings: Reading[] = joined.map((c) => ({ ...c, norm: normalizeFieldText(field, c.text) }));
  if (!readings.some((r) => r.norm.validity === "valid")) {
    for (const r of [...readings]) readings.push(...repairs(field, r));
  }

  // Group readings by the value they give.
  const groups = new Map<string, Reading[]>();
  for (const r of readings) {
    const key = r.norm.value === null ? `\u0000${r.text}` : `${r.norm.validity === "invalid" ? "\u0001" : ""}${r.norm.value}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const scored = [...groups.values()].map((members) => {
    // A merged reading stands on both engines.
    const engines = new Set(members.filter((m) => !m.repaired).flatMap((m) => (m.engine === "merged" ? ["merged-text", "merged-words"] : [m.engine])));
    const top = members.reduce((a, b) => (b.confidence > a.confidence && !b.repaired ? b : a));
    // A reading without doubts (a full year rather than a two-digit one) ranks above one with; between
    // those, a whole date above one cut short (PP-OCR's 一九七五年九 against tesseract's 一九七五年八月十九日:
    // an engine that dropped characters, not a register that wrote less).
    const whole = field === "birthDate" && (top.norm.normalized as { precision?: string } | undefined)?.precision === "day" ? 1 : 0;
    const rank = VALIDITY_RANK[top.norm.validity] * 4 + (top.norm.doubt || top.repaired ? 0 : 2) + whole;
    const agreement = engines.size;
    const confidence = agreement > 1
      ? Math.min(0.999, 1 - members.filter((m) => !m.repaired).reduce((p, m) => p * (1 - m.confidence), 1))
      : top.confidence;
    return { members, top, rank, agreement, confidence };
  });
  // Between readings equally valid and equally supported, the more accurate engine's (PP-OCR's
  // character error rate on the register fixtures is about 0.12 against tesseract's 0.14).
  const weighed = (g: (typeof scored)[number]) => g.confidence * (ENGINE_WEIGHT[g.top.engine.replace(/\+$/u, "")] ?? 1);
  scored.sort((a, b) => b.rank - a.rank || b.agreement - a.agreement || weighed(b) - weighed(a));
  const chosen = scored[0];
  const { top } = chosen;

  const notes: string[] = [];
  let status: ExtractedField["status"] = "ok";
  let value = top.norm.value;
  const rivals = scored.slice(1).filter((g) => VALIDITY_RANK[g.top.norm.validity] >= VALIDITY_RANK[top.norm.validity] && g.top.norm.validity !== "invalid" && g.top.norm.value !== null);
  if (top.norm.validity === "invalid" || value === null) {
    status = "unreadable";
    value = null;
    notes.push(`not a readable ${field}`);
  } else if (chosen.confidence < UNREADABLE_BELOW) {
    status = "unreadable";
    value = null;
    notes.push("read with too little confidence");
  } else {
    if (top.repaired) notes.push(top.repaired);
    if (top.norm.doubt) notes.push(top.norm.doubt);
    if (field === "birthDate" && (top.norm.normalized as { precision?: string } | undefined)?.precision !== "day") notes.push("the birth date is incomplete: part of it may not have been read");
    if (rivals.length > 0) notes.push(`the engines disagree: ${rivals.map((g) => g.top.text).join(" / ")}`);
    if (chosen.confidence < UNCERTAIN_BELOW) notes.push("low OCR confidence");
    if (top.norm.validity === "plausible" && needsVocabulary(field)) notes.push("not a known value for this field");
    if (notes.length > 0) status = "uncertain";
  }

  const wordsReading = chosen.members.find((m) => m.glyphs && !m.repaired) ?? readings.find((r) => r.glyphs && !r.repaired);
  const box =
    (top.glyphs ? glyphsBox(top.glyphs) : null) ??
    (wordsReading?.glyphs ? glyphsBox(wordsReading.glyphs) : null) ??
    (top.located ? glyphsBox(top.located) : null) ??
    unionBox(pieces.map((p) => p.box).filter((b): b is OcrBox => b !== null));

  const alternatives: string[] = [];
  const push = (s: string) => {
    const clean = cleanValueText(s);
    if (clean !== "" && clean !== top.text && !alternatives.includes(clean)) alternatives.push(clean);
  };
  for (const g of scored) for (const m of g.members) push(m.text);
  for (const r of readings) {
    const glyphs = r.glyphs ?? r.located;
    if (glyphs && !r.repaired) for (const v of choiceVariants(glyphs)) push(v);
  }

  return {
    raw: top.text,
    value,
    ...(top.norm.normalized !== undefined && value !== null ? { normalized: top.norm.normalized } : {}),
    confidence: round3(chosen.confidence),
    box,
    status,
    alternatives: alternatives.slice(0, MAX_ALTERNATIVES),
    ...(notes.length > 0 ? { note: notes.join("; ") } : {}),
  };
}

/** Fields whose every value has a known form: one outside it is doubtful. */
function needsVocabulary(field: FieldName): boolean {
  return field === "relation" || field === "ethnicity" || field === "maritalStatus" || field === "name" || field === "moveIn" || field === "education";
}

export function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** A candidate from glyphs of the words reading. */
export function glyphCandidate(glyphs: Glyph[], engine = "tesseract"): Candidate {
  return { text: glyphText(glyphs), confidence: glyphConfidence(glyphs), engine, glyphs };
}
