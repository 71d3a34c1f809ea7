/**
 * Household ledgers (户口登记簿): a header block (户别, 户主姓名, 户号,
 * 住址) read as label → value, then a table with one member per row. The
 * table's header row is the row with the most column labels and gives each
 * column's position; every line below it is cut into cells and put into
 * columns (table-row.ts), and cells are grouped into member rows by their
 * vertical centres, the lines of a wrapped cell staying in their row.
 */
import type { OcrBox } from "~/core/ocr/types";
import { buildField, glyphCandidate, type Candidate, type Piece } from "./choose";
import { assembleLabelled, piecesOf } from "./labelled";
import { matchLabel, PERSON_FIELD_LABELS, type LabelKey } from "./labels";
import { centerY, type LabelSpot, type LineLayout } from "./line-layout";
import { glyphText, unionBox, type Glyph, type Reading } from "./readings";
import { assignCells, placeTokens, type PlacedToken, type TableColumn } from "./table-row";
import type { ExtractedEntry, ExtractedField, FieldName } from "./types";

/** A column of the member table: the field its header names and where that header sits. */
export type Column = { key: FieldName; box: OcrBox };

type Row = { layouts: LineLayout[]; top: number; bottom: number };

/** Lines whose boxes share a row, top to bottom. */
export function rowsOf(layouts: readonly LineLayout[]): Row[] {
  const sorted = [...layouts].sort((a, b) => centerY(a.line.box) - centerY(b.line.box));
  const rows: Row[] = [];
  for (const layout of sorted) {
    const box = layout.line.box;
    const row = rows[rows.length - 1];
    if (row && centerY(box) < row.bottom && centerY(box) - row.top > 0) {
      row.layouts.push(layout);
      row.bottom = Math.max(row.bottom, box.y + box.h);
    } else {
      rows.push({ layouts: [layout], top: box.y, bottom: box.y + box.h });
    }
  }
  return rows;
}

/**
 * A label followed by a colon introduces its value on the same line (住址：…):
 * a household-header field, not a column. Any reading of the line may show
 * the colon: tesseract's words drop it as junk, or read it as a comma. Only a
 * colon counts: tesseract also reads a rule beside a column label as 。.
 */
function introducesValue(layout: LineLayout, spot: LabelSpot): boolean {
  const label = glyphText(layout.structure.glyphs.slice(spot.match.start, spot.match.end));
  if (label.length === 0) return false;
  const { line } = layout;
  const texts = [line.text, ...(line.alternatives ?? []).map((a) => a.text), (line.words ?? []).map((w) => w.text).join("")];
  return texts.some((text) => {
    const at = text.indexOf(label);
    return at >= 0 && /^\s*[:：]/u.test(text.slice(at + label.length));
  });
}

/** The column labels of a row of lines. */
function columnLabels(row: Row): LabelSpot[] {
  return row.layouts.flatMap((l) => [
    ...l.labels.filter((x) => PERSON_FIELD_LABELS.has(x.key) && !introducesValue(l, x)),
    ...l.locatedLabels.filter((x) => PERSON_FIELD_LABELS.has(x.key)),
  ]);
}

/** The header row's column labels and extent, and the column labels of the row below it (see `withLowerLabels`). */
export type HeaderRow = { labels: LabelSpot[]; top: number; bottom: number; below: LabelSpot[] };

/**
 * The table's header: the row with the most distinct column labels (at least
 * three). Its top is its highest label: a household-header line the row's
 * lines reach into (住址：… beside a tall header cell) stays above it.
 */
export function findHeaderRow(layouts: readonly LineLayout[]): HeaderRow | null {
  const rows = rowsOf(layouts);
  let best: { row: number; labels: LabelSpot[]; count: number } | null = null;
  rows.forEach((row, index) => {
    const labels = columnLabels(row);
    const count = new Set(labels.map((l) => l.key)).size;
    if (count >= 3 && (!best || count > best.count)) best = { row: index, labels, count };
  });
  if (!best) return null;
  const { row, labels } = best as { row: number; labels: LabelSpot[] };
  const boxes = labels.map((l) => l.box).filter((b): b is OcrBox => b !== null);
  const top = boxes.length > 0 ? Math.min(...boxes.map((b) => b.y)) : rows[row].top;
  const next = rows[row + 1];
  return { labels, top: Math.max(rows[row].top, top), bottom: rows[row].bottom, below: next ? columnLabels(next) : [] };
}

/**
 * A one-line label centred in a header cell beside wrapped two-line ones
 * (姓名 beside 与户主 / 关系) sits lower than the header row, and an engine
 * may merge it with the first member row's line. Labels of columns the header
 * lacks, in the next row and within two label heights of the header, belong
 * to it. Their line stays in the body: its label is not a value (readingCells
 * drops it).
 */
export function withLowerLabels(header: HeaderRow): HeaderRow {
  const heights = header.labels.map((l) => l.box?.h ?? 0).sort((a, b) => a - b);
  const height = heights[Math.floor(heights.length / 2)] ?? 0;
  const keys = new Set(header.labels.map((l) => l.key));
  const lower = header.below.filter((l) => !keys.has(l.key) && l.box !== null && centerY(l.box) - header.bottom <= 2 * height);
  return lower.length > 0 ? { ...header, labels: [...header.labels, ...lower] } : header;
}

/** Columns from header labels: one per key (pieces of a wrapped label merged), ordered left to right. */
export function columnsFrom(labels: readonly LabelSpot[]): Column[] {
  const byKey = new Map<FieldName, LabelSpot[]>();
  for (const l of labels) {
    if (!l.box || !PERSON_FIELD_LABELS.has(l.key)) continue;
    const key = l.key as FieldName;
    byKey.set(key, [...(byKey.get(key) ?? []), l]);
  }
  // Real boxes over estimates; the pieces of a wrapped label together. Where the whole label was
  // read exactly, a loose match of it elsewhere is something else (a stray 名 under the header
  // read as 姓名 with 姓 lost) and would stretch the column across others.
  const boxesOf = (spots: LabelSpot[]) => {
    const whole = spots.some((s) => !s.match.form.part && s.match.cost === 0);
    const kept = whole ? spots.filter((s) => s.match.form.part || s.match.cost === 0) : spots;
    const exact = kept.filter((s) => s.exact);
    return (exact.length > 0 ? exact : kept).map((s) => s.box!);
  };
  const columns = [...byKey.entries()]
    .map(([key, spots]) => ({ key, box: unionBox(boxesOf(spots))! }))
    .sort((a, b) => a.box.x + a.box.w / 2 - (b.box.x + b.box.w / 2));
  return columns;
}

/**
 * The customary order of a household ledger's member columns: 姓名 与户主关系
 * 性别 民族 出生日期 籍贯 公民身份号码 文化程度 职业 何时由何地迁来本址.
 */
const CUSTOMARY_ORDER: readonly FieldName[] = ["name", "relation", "sex", "ethnicity", "birthDate", "nativePlace", "idNumber", "education", "occupation", "moveIn"];

/** Columns whose values say what they are without a label: 男, 汉, a date, an ID number. */
const SELF_EVIDENT: ReadonlySet<FieldName> = new Set(["sex", "ethnicity", "birthDate", "idNumber"]);

/**
 * Columns whose labels the header reading lost, put back where the customary
 * order has them. On a heavy page PP-OCR read the header as 姓名 司户主关系
 * 民族 籍贯 …, without 性别 and 出生日期: every member's sex was dropped and
 * the birth date joined the native place (1954.01.22广东汕头). Only
 * between two columns that were read, in customary order, and only columns
 * whose values say what they are; they are spaced evenly between their
 * neighbours, and a value goes into one by what it says.
 */
export function withUnreadColumns(columns: readonly Column[]): Column[] {
  const keys = new Set(columns.map((c) => c.key));
  const out: Column[] = [];
  columns.forEach((column, i) => {
    out.push(column);
    const next = columns[i + 1];
    if (!next) return;
    const a = CUSTOMARY_ORDER.indexOf(column.key);
    const b = CUSTOMARY_ORDER.indexOf(next.key);
    if (a < 0 || b <= a + 1) return;
    const missing = CUSTOMARY_ORDER.slice(a + 1, b);
    if (missing.some((k) => keys.has(k) || !SELF_EVIDENT.has(k))) return;
    const from = column.box.x + column.box.w / 2;
    const to = next.box.x + next.box.w / 2;
    const h = Math.min(column.box.h, next.box.h);
    missing.forEach((key, j) => {
      const centre = from + ((to - from) * (j + 1)) / (missing.length + 1);
      out.push({ key, box: { x: Math.round(centre - h / 2), y: column.box.y, w: h, h } });
    });
  });
  return out;
}

/** A stretch of one reading put in one column. */
export type ReadingCell = {
  column: number;
  reading: Reading;
  glyphs: Glyph[];
  box: OcrBox | null;
  lineIndex: number;
  /** The height its row is found by, where it differs from its box's centre (levelled along a skewed line). */
  rowY?: number;
};

function isColumnLabel(text: string): boolean {
  const match = matchLabel(text);
  return match !== null && match.cost === 0 && PERSON_FIELD_LABELS.has(match.key);
}

/** Each reading of a body line, cut into cells and assigned to columns (see table-row.ts). */
export function readingCells(layout: LineLayout, columns: readonly Column[]): ReadingCell[] {
  const words = layout.readings.find((r) => r.source === "words") ?? null;
  const tableColumns: TableColumn[] = columns.map((c) => ({ key: c.key, center: c.box.x + c.box.w / 2 }));
  const cells: ReadingCell[] = [];
  // A column label read below the header (a line the engine merged across rows) is not a value.
  const placed = layout.readings.map((reading) => placeTokens(reading, words, layout.line.box).filter((t) => !isColumnLabel(t.glyphs.map((g) => g.ch).join(""))));
  // Cells placed by real boxes are levelled along their line, by the slope of the located text (PP-OCR's
  // characters lie along their line; tesseract's boxes are too ragged to measure it): on a page left skewed,
  // one row's cells are read higher at one end than at the other, and rows are told apart by height.
  const locatedAt = layout.readings.findIndex((r) => r.located);
  const slope = locatedAt >= 0 ? lineSlope(placed[locatedAt]) : 0;
  const mid = layout.line.box.x + layout.line.box.w / 2;
  for (const [k, reading] of layout.readings.entries()) {
    const tokens = placed[k];
    const levelled = reading.located || reading.source === "words";
    for (const cell of assignCells(tokens, tableColumns)) {
      const rowY = levelled && slope !== 0 && cell.box ? centerY(cell.box) - slope * (cell.box.x + cell.box.w / 2 - mid) : undefined;
      cells.push({ column: cell.column, reading, glyphs: cell.glyphs, box: cell.box, lineIndex: layout.lineIndex, ...(rowY !== undefined ? { rowY } : {}) });
    }
  }
  return cells;
}

/**
 * How far a line's text climbs or falls per pixel across: the median over
 * its tokens of three characters or more of the least-squares slope of
 * their characters' centres (one token is one cell, read along one text
 * line; a median, so a wrapped cell's second line does not count). At most
 * 0.2 either way; 0 without such tokens.
 */
export function lineSlope(tokens: readonly PlacedToken[]): number {
  const slopes: number[] = [];
  for (const t of tokens) {
    if (t.glyphs.length < 3) continue;
    const xs = t.glyphs.map((g) => g.box.x + g.box.w / 2);
    const ys = t.glyphs.map((g) => g.box.y + g.box.h / 2);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxx = 0;
    let sxy = 0;
    xs.forEach((x, i) => {
      sxx += (x - mx) ** 2;
      sxy += (x - mx) * (ys[i] - my);
    });
    if (sxx > 0) slopes.push(sxy / sxx);
  }
  if (slopes.length === 0) return 0;
  slopes.sort((a, b) => a - b);
  const m = slopes.length % 2 === 1 ? slopes[(slopes.length - 1) / 2] : (slopes[slopes.length / 2 - 1] + slopes[slopes.length / 2]) / 2;
  return Math.max(-0.2, Math.min(0.2, m));
}

type RowCells = { cells: ReadingCell[]; center: number };

/** Groups cells into table rows by their vertical centres: a wrapped cell's two lines stay in one row. */
export function tableRows(cells: readonly ReadingCell[]): RowCells[] {
  const placed = cells.filter((c) => c.box).sort((a, b) => rowCentre(a) - rowCentre(b));
  const heights = placed.map((c) => c.box!.h).sort((a, b) => a - b);
  const h = heights[Math.floor(heights.length / 2)] ?? 1;
  const rows: RowCells[] = [];
  for (const cell of placed) {
    const c = rowCentre(cell);
    const row = rows[rows.length - 1];
    if (row && c - row.center <= 1.1 * h) {
      row.cells.push(cell);
      // The median: a stray mark between two rows must not pull a row's centre towards the next one.
      row.center = medianCentre(row.cells);
    } else {
      rows.push({ cells: [cell], center: c });
    }
  }
  // Each cell then goes to the row whose centre is nearest: the first line of a wrapped cell sits above its
  // row's line and may have been taken into the row before.
  if (rows.length < 2) return rows;
  const centres = rows.map((r) => r.center);
  const regrouped: ReadingCell[][] = rows.map(() => []);
  for (const cell of placed) {
    const c = rowCentre(cell);
    let best = 0;
    for (let i = 1; i < centres.length; i++) if (Math.abs(c - centres[i]) < Math.abs(c - centres[best])) best = i;
    regrouped[best].push(cell);
  }
  return regrouped.filter((list) => list.length > 0).map((list) => ({ cells: list, center: medianCentre(list) }));
}

const rowCentre = (cell: ReadingCell) => cell.rowY ?? centerY(cell.box!);

function medianCentre(cells: readonly ReadingCell[]): number {
  const centres = cells.map(rowCentre).sort((a, b) => a - b);
  return centres[Math.floor((centres.length - 1) / 2)];
}

/** One field's pieces from a row's cells: a piece per line, a candidate per reading. */
function piecesOfCells(cells: readonly ReadingCell[]): Piece[] {
  const byLine = new Map<number, ReadingCell[]>();
  for (const cell of cells) byLine.set(cell.lineIndex, [...(byLine.get(cell.lineIndex) ?? []), cell]);
  const pieces: { piece: Piece; y: number }[] = [];
  for (const list of byLine.values()) {
    const byReading = new Map<Reading, ReadingCell[]>();
    for (const cell of list) byReading.set(cell.reading, [...(byReading.get(cell.reading) ?? []), cell]);
    const candidates: Candidate[] = [];
    for (const [reading, own] of byReading) {
      // One line's cells of one column, left to right (rows gather cells by height, which levelling makes differ).
      const glyphs = [...own].sort((a, b) => (a.box?.x ?? 0) - (b.box?.x ?? 0)).flatMap((c) => c.glyphs);
      candidates.push(reading.source === "words" ? glyphCandidate(glyphs) : { text: glyphText(glyphs), confidence: reading.confidence, engine: reading.engine, ...(reading.located ? { located: glyphs } : {}) });
    }
    const wordsCells = list.filter((c) => c.reading.source === "words" && c.box);
    const box = unionBox((wordsCells.length > 0 ? wordsCells : list).map((c) => c.box).filter((b): b is OcrBox => b !== null));
    pieces.push({ piece: { box, candidates }, y: box ? box.y : 0 });
  }
  return pieces.sort((a, b) => a.y - b.y).map((p) => p.piece);
}

const FOOTER_KEYS = new Set<LabelKey>(["registeredDate", "clerk", "remarks", "changes"]);

export type LedgerResult = {
  entries: ExtractedEntry[];
  household: { headName?: string; address?: string };
  householdFields: { headName: ExtractedField | null; address: ExtractedField | null };
  warnings: string[];
};

export function extractLedger(layouts: readonly LineLayout[]): LedgerResult {
  const warnings: string[] = [];
  const found = findHeaderRow(layouts);
  if (!found) {
    return { entries: [], household: {}, householdFields: { headName: null, address: null }, warnings: ["no row of column headers found"] };
  }
  const header = withLowerLabels(found);
  const columns = withUnreadColumns(columnsFrom(header.labels));
  // Above the table: what lies above its header, and header-row lines that carry no column label (住址：…).
  const headerLines = new Set(header.labels.map((l) => l.lineIndex));
  const above = layouts.filter((l) => centerY(l.line.box) < header.top || (centerY(l.line.box) <= header.bottom && !headerLines.has(l.lineIndex)));
  const footerTop = Math.min(
    ...layouts
      .filter((l) => centerY(l.line.box) > header.bottom && l.labels.some((x) => FOOTER_KEYS.has(x.key)))
      .map((l) => l.line.box.y),
  );
  const body = layouts.filter((l) => centerY(l.line.box) > header.bottom && centerY(l.line.box) < footerTop);

  // The household header: label → value.
  const assembled = assembleLabelled(above);
  const headName = buildField("householdHead", piecesOf(assembled.pieces.get("householdHead")));
  const address = buildField("address", piecesOf(assembled.pieces.get("address")));

  const cells = body.flatMap((l) => readingCells(l, columns));
  const entries: ExtractedEntry[] = [];
  for (const row of tableRows(cells)) {
    const byColumn = new Map<number, ReadingCell[]>();
    for (const cell of row.cells) byColumn.set(cell.column, [...(byColumn.get(cell.column) ?? []), cell]);
    const fields: ExtractedEntry["fields"] = {};
    for (const [column, list] of [...byColumn.entries()].sort((a, b) => a[0] - b[0])) {
      const field = buildField(columns[column].key, piecesOfCells(list));
      if (field) fields[columns[column].key] = field;
    }
    const readable = Object.values(fields).filter((f) => f && f.status !== "unreadable").length;
    if (readable < 2 && !fields.name?.value) {
      warnings.push(`text below the table header that is not a member row: ${[...new Set(row.cells.map((c) => glyphText(c.glyphs)))].join(" ")}`);
      continue;
    }
    entries.push({ index: entries.length, kind: "household-ledger", fields, box: unionBox(row.cells.map((c) => c.box).filter((b): b is OcrBox => b !== null)) });
  }
  return {
    entries,
    household: {
      ...(headName?.value ? { headName: headName.value } : {}),
      ...(address?.value ? { address: address.value } : {}),
    },
    householdFields: { headName, address },
    warnings,
  };
}
