/**
 * Layouts of the two register forms, in upright page pixels at about 150 dpi:
 * - person card (常住人口登记表): one resident, labelled cells, label and value side by side;
 * - household ledger (戶口登記簿): one household, a header (户别, 户主姓名, 户号, 住址),
 *   a table with one member per row under column headers, and a signature line.
 * Labels are pre-printed; values are typed or handwritten, fitted to their cells
 * (shrunk, or wrapped onto up to three lines).
 */
import type { LoadedFont } from "./fonts.ts";
import { formText, label } from "./fields.ts";
import type { PersonField, RecordField } from "./ground-truth.ts";
import type { Rng } from "./random.ts";
import { glyphBounds, measureWidth, shapeText, type PageLayout, type Rgb, type RuleItem, type TextItem } from "./render.ts";
import type { Script } from "./script.ts";

export interface FormStyle {
  script: Script;
  handwriting: boolean;
  labelFont: LoadedFont;
  valueFont: LoadedFont;
  formColor: Rgb;
  valueColor: Rgb;
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface CellOptions {
  role: TextItem["role"];
  size: number;
  align: "left" | "center" | "justify";
  maxLines?: number;
  personIndex?: number | null;
  field?: string | null;
}

class FormBuilder {
  readonly rules: RuleItem[] = [];
  readonly texts: TextItem[] = [];

  constructor(
    readonly width: number,
    readonly height: number,
    readonly style: FormStyle,
    private readonly rng: Rng,
  ) {}

  line(x1: number, y1: number, x2: number, y2: number, width = 1.6) {
    this.rules.push({ x1, y1, x2, y2, width });
  }

  rect(r: Rect, width = 1.6) {
    this.line(r.x, r.y, r.x + r.w, r.y, width);
    this.line(r.x + r.w, r.y, r.x + r.w, r.y + r.h, width);
    this.line(r.x + r.w, r.y + r.h, r.x, r.y + r.h, width);
    this.line(r.x, r.y + r.h, r.x, r.y, width);
  }

  private isValue(role: TextItem["role"]) {
    return role === "value";
  }

  /** Draws one run with its left pen position at x. */
  run(text: string, x: number, baseline: number, size: number, role: TextItem["role"], meta: { personIndex?: number | null; field?: string | null; spacing?: number } = {}): TextItem {
    const value = this.isValue(role);
    const font = value ? this.style.valueFont : this.style.labelFont;
    const handwriting = value && this.style.handwriting;
    const { glyphs } = shapeText(font, text, size, handwriting, this.rng);
    if (meta.spacing) glyphs.forEach((g, i) => (g.x += i * meta.spacing!));
    const item: TextItem = {
      text,
      role,
      font,
      size,
      color: value ? this.style.valueColor : this.style.formColor,
      x,
      baseline,
      glyphs,
      bounds: glyphBounds(font, glyphs, size, x, baseline),
      personIndex: meta.personIndex ?? null,
      field: meta.field ?? null,
    };
    this.texts.push(item);
    return item;
  }

  /** Fits text into a cell: one line if it fits at 72% of the size or more, else wrapped. */
  cell(text: string, cell: Rect, opts: CellOptions): TextItem[] {
    if (!text) return [];
    const value = this.isValue(opts.role);
    const font = value ? this.style.valueFont : this.style.labelFont;
    const handwriting = value && this.style.handwriting;
    const padX = opts.align === "center" || opts.align === "justify" ? 6 : 12;
    const availW = cell.w - 2 * padX - (handwriting ? 10 : 0);
    const availH = cell.h - 10;
    const maxLines = opts.maxLines ?? 3;
    let best: { lines: string[]; size: number } | undefined;
    for (let n = 1; n <= maxLines; n++) {
      const lines = splitEvenly(text, n);
      if (lines.length < n) break;
      const widest = Math.max(...lines.map((l) => measureWidth(font, l, 1)));
      const size = Math.min(opts.size, availW / widest, availH / (n * 1.22));
      if (!best || size > best.size) best = { lines, size };
      if (size >= opts.size * 0.72) break;
    }
    const { lines, size } = best!;
    const lineH = size * 1.22;
    const top = cell.y + (cell.h - lines.length * lineH) / 2;
    const items: TextItem[] = [];
    lines.forEach((line, i) => {
      let baseline = top + i * lineH + (lineH - size) / 2 + size * 0.88;
      const natural = measureWidth(font, line, size);
      let x: number;
      let spacing = 0;
      if (opts.align === "justify" && line.length > 1 && natural < availW * 0.6) {
        spacing = (availW * 0.6 - natural) / (line.length - 1);
        x = cell.x + (cell.w - availW * 0.6) / 2;
      } else if (opts.align === "center" || opts.align === "justify") {
        x = cell.x + (cell.w - natural) / 2;
      } else {
        x = cell.x + padX;
      }
      if (handwriting) {
        x += this.rng.range(0, 10);
        baseline += this.rng.range(-3, 3);
      }
      const item = this.run(line, x, baseline, size, opts.role, { personIndex: opts.personIndex, field: opts.field, spacing });
      // Handwriting spreads wider than measured: squeeze it back into the cell.
      const overflow = item.bounds.x + item.bounds.w - (cell.x + cell.w - 4);
      if (overflow > 0) {
        const last = item.glyphs[item.glyphs.length - 1]?.x || 1;
        const factor = Math.max(0.6, 1 - overflow / last);
        item.glyphs.forEach((g) => (g.x *= factor));
        item.bounds = glyphBounds(font, item.glyphs, size, item.x, item.baseline);
      }
      items.push(item);
    });
    return items;
  }

  layout(): PageLayout {
    return { width: this.width, height: this.height, formColor: this.style.formColor, rules: this.rules, texts: this.texts };
  }
}

/** Splits text into n pieces of near-equal length, never inside a run of digits or Latin letters; [text] if it cannot. */
export function splitEvenly(text: string, n: number): string[] {
  const chars = [...text];
  if (n <= 1 || chars.length < n) return [text];
  const isWordChar = (ch: string) => /[0-9A-Za-z.\-]/.test(ch);
  const allowed = (p: number) => !(isWordChar(chars[p - 1]) && isWordChar(chars[p]));
  const pieces: string[] = [];
  let start = 0;
  for (let k = 1; k < n; k++) {
    const ideal = Math.round((chars.length * k) / n);
    let cut = -1;
    for (let p = start + 1; p < chars.length; p++) {
      if (allowed(p) && (cut < 0 || Math.abs(p - ideal) < Math.abs(cut - ideal))) cut = p;
    }
    if (cut < 0) return [text];
    pieces.push(chars.slice(start, cut).join(""));
    start = cut;
  }
  if (start >= chars.length) return [text];
  pieces.push(chars.slice(start).join(""));
  return pieces;
}

export interface CardContent {
  person: Partial<Record<PersonField, string>>;
  record: Partial<Record<RecordField, string>>;
}

/** 常住人口登記表 for one person: 1100 x 1300 px (about 186 x 220 mm at 150 dpi). */
export function layoutPersonCard(content: CardContent, style: FormStyle, rng: Rng): PageLayout {
  const s = style.script;
  const f = new FormBuilder(1100, 1300, style, rng);
  const title = formText("常住人口登記表", "常住人口登记表", s);
  f.cell(title, { x: 0, y: 70, w: 1100, h: 90 }, { role: "title", size: 52, align: "center" });

  const x0 = 70;
  const top = 190;
  const rowH = 84;
  const labelSize = 25;
  const valueSize = style.handwriting ? 32 : 29;
  let y = top;
  type Cell = [kind: "label" | "value" | "record-label" | "record-value" | "text", key: string, width: number];
  const rows: { cells: Cell[]; height: number }[] = [
    { cells: [["label", "name", 130], ["value", "name", 250], ["label", "relation", 150], ["value", "relation", 230]], height: rowH },
    { cells: [["label", "formerName", 130], ["value", "formerName", 250], ["label", "sex", 150], ["value", "sex", 230]], height: rowH },
    { cells: [["label", "ethnicity", 130], ["value", "ethnicity", 150], ["label", "birthDate", 150], ["value", "birthDate", 330]], height: rowH },
    { cells: [["label", "birthplace", 130], ["value", "birthplace", 630]], height: rowH },
    { cells: [["label", "nativePlace", 130], ["value", "nativePlace", 250], ["label", "idNumber", 170], ["value", "idNumber", 410]], height: rowH },
    { cells: [["label", "address", 130], ["value", "address", 830]], height: rowH },
    { cells: [["label", "education", 130], ["value", "education", 250], ["label", "maritalStatus", 170], ["value", "maritalStatus", 410]], height: rowH },
    { cells: [["label", "occupation", 130], ["value", "occupation", 250], ["label", "employer", 170], ["value", "employer", 410]], height: rowH },
    { cells: [["label", "moveIn", 130], ["value", "moveIn", 830]], height: rowH },
    { cells: [["text", formText("變更更正記載", "变更更正记载", s), 130], ["text", "", 830]], height: 150 },
    { cells: [["record-label", "clerk", 130], ["record-value", "clerk", 250], ["record-label", "registeredDate", 170], ["record-value", "registeredDate", 410]], height: rowH },
  ];
  const photo: Rect = { x: x0 + 760, y: top, w: 200, h: rowH * 4 };
  const tableH = rows.reduce((sum, r) => sum + r.height, 0);
  f.rect({ x: x0, y: top, w: 960, h: tableH }, 3);

  rows.forEach((row, r) => {
    let x = x0;
    if (r > 0) f.line(x0, y, x0 + (r < 4 ? 760 : 960), y);
    for (const [kind, key, w] of row.cells) {
      const cell = { x, y, w, h: row.height };
      if (x > x0) f.line(x, y, x, y + row.height);
      switch (kind) {
        case "label":
          f.cell(label(key as PersonField, s), cell, { role: "label", size: labelSize, align: "justify", maxLines: 2 });
          break;
        case "record-label":
          f.cell(label(key as RecordField, s, "record"), cell, { role: "label", size: labelSize, align: "justify", maxLines: 2 });
          break;
        case "text":
          f.cell(key, cell, { role: "label", size: labelSize, align: "justify", maxLines: 2 });
          break;
        case "value":
          f.cell(content.person[key as PersonField] ?? "", cell, { role: "value", size: valueSize, align: "left", maxLines: key === "idNumber" ? 1 : 2, personIndex: 0, field: key });
          break;
        case "record-value":
          f.cell(content.record[key as RecordField] ?? "", cell, { role: "value", size: valueSize, align: "left", maxLines: 2, personIndex: null, field: key });
          break;
      }
      x += w;
    }
    if (r === 0) {
      f.line(photo.x, photo.y, photo.x, photo.y + photo.h);
      f.cell(formText("照片", "照片", s), { ...photo, x: photo.x + 50, w: 100 }, { role: "note", size: 26, align: "justify", maxLines: 1 });
    }
    if (r === 4) f.line(photo.x, y, photo.x + photo.w, y);
    y += row.height;
  });
  return f.layout();
}

export interface LedgerContent {
  record: Partial<Record<RecordField, string>>;
  members: Partial<Record<PersonField, string>>[];
}

export const LEDGER_COLUMNS: [PersonField, number][] = [
  ["name", 150],
  ["relation", 120],
  ["sex", 64],
  ["ethnicity", 90],
  ["birthDate", 236],
  ["nativePlace", 170],
  ["idNumber", 290],
  ["education", 110],
  ["occupation", 120],
  ["moveIn", 284],
];

const LEDGER_ROWS = 8;

/** 戶口登記簿: one household on an A4 landscape page, 1754 x 1240 px at 150 dpi. */
export function layoutHouseholdLedger(content: LedgerContent, style: FormStyle, rng: Rng): PageLayout {
  const s = style.script;
  const f = new FormBuilder(1754, 1240, style, rng);
  const valueSize = style.handwriting ? 30 : 27;
  f.cell(formText("戶口登記簿", "户口登记簿", s), { x: 0, y: 55, w: 1754, h: 90 }, { role: "title", size: 54, align: "center" });

  // Header: label, then the value written over an underline.
  const headerField = (field: RecordField, x: number, baseline: number, width: number) => {
    const labelItem = f.run(`${label(field, s, "record")}：`, x, baseline, 26, "label");
    const start = labelItem.bounds.x + labelItem.bounds.w + 8;
    f.line(start, baseline + 8, x + width, baseline + 8, 1.2);
    f.cell(content.record[field] ?? "", { x: start, y: baseline - 40, w: x + width - start, h: 46 }, { role: "value", size: valueSize, align: "left", maxLines: 1, personIndex: null, field });
  };
  headerField("householdType", 60, 195, 420);
  headerField("headName", 560, 195, 480);
  headerField("householdNumber", 1120, 195, 574);
  headerField("address", 60, 255, 1634);

  const x0 = 60;
  const y0 = 290;
  const headH = 80;
  const rowH = 88;
  const tableW = LEDGER_COLUMNS.reduce((sum, [, w]) => sum + w, 0);
  const tableH = headH + LEDGER_ROWS * rowH;
  f.rect({ x: x0, y: y0, w: tableW, h: tableH }, 3);
  let x = x0;
  for (const [field, w] of LEDGER_COLUMNS) {
    if (x > x0) f.line(x, y0, x, y0 + tableH);
    f.cell(label(field, s), { x, y: y0, w, h: headH }, { role: "label", size: 24, align: "center", maxLines: 2 });
    x += w;
  }
  f.line(x0, y0 + headH, x0 + tableW, y0 + headH, 2.4);
  for (let r = 0; r < LEDGER_ROWS; r++) {
    const y = y0 + headH + r * rowH;
    if (r > 0) f.line(x0, y, x0 + tableW, y);
    const member = content.members[r];
    if (!member) continue;
    let cx = x0;
    for (const [field, w] of LEDGER_COLUMNS) {
      f.cell(member[field] ?? "", { x: cx, y, w, h: rowH }, { role: "value", size: valueSize, align: "center", maxLines: field === "idNumber" ? 1 : 2, personIndex: r, field });
      cx += w;
    }
  }

  const footer = y0 + tableH + 70;
  headerField("registeredDate", 60, footer, 560);
  headerField("clerk", 1180, footer, 514);
  return f.layout();
}
