/**
 * Label → value assembly for forms with printed labels: a value belongs to
 * the label before it on its line; text read apart from any label (a value
 * the OCR put on its own line, the second line of a wrapped value) belongs
 * to the nearest label to its left on the same row, or else to a label with
 * no value just above it.
 */
import type { OcrBox } from "~/core/ocr/types";
import type { Piece } from "./choose";
import type { LabelKey } from "./labels";
import { centerY, type LabelSpot, type LineLayout, type ValueSpot } from "./line-layout";

export type Assembled = {
  pieces: Map<LabelKey, ValueSpot[]>;
  labels: LabelSpot[];
  /** Text that no label claims. */
  stray: ValueSpot[];
};

/** Text with no label on its line, read with less confidence than this, is left out. */
export const ORPHAN_BELOW = 0.5;

function rowLoose(a: OcrBox, b: OcrBox): boolean {
  return Math.abs(centerY(a) - centerY(b)) <= 0.9 * Math.max(a.h, b.h, 1);
}

export function assembleLabelled(layouts: readonly LineLayout[]): Assembled {
  const pieces = new Map<LabelKey, ValueSpot[]>();
  const add = (key: LabelKey, v: ValueSpot) => {
    const list = pieces.get(key);
    if (list) list.push(v);
    else pieces.set(key, [v]);
  };
  const labels = layouts.flatMap((l) => l.labels);
  const orphans: ValueSpot[] = [];
  for (const layout of layouts) {
    for (const v of layout.values) {
      if (v.label) add(v.label.key, v);
      else orphans.push(v);
    }
  }

  const stray: ValueSpot[] = [];
  const waiting: ValueSpot[] = [];
  for (const v of orphans) {
    // Text on a line of its own is added to a field only when it is read with some confidence.
    if (!v.box || Math.max(...v.piece.candidates.map((c) => c.confidence)) < ORPHAN_BELOW) {
      stray.push(v);
      continue;
    }
    const slack = v.box.h * 0.5;
    let left: LabelSpot | null = null;
    for (const l of labels) {
      if (!l.box || !rowLoose(l.box, v.box)) continue;
      if (l.box.x + l.box.w > v.box.x + slack) continue;
      if (!left || l.box.x + l.box.w > left.box!.x + left.box!.w) left = l;
    }
    if (left) add(left.key, v);
    else waiting.push(v);
  }

  for (const v of waiting) {
    const box = v.box!;
    let above: LabelSpot | null = null;
    for (const l of labels) {
      if (!l.box || pieces.has(l.key)) continue;
      const gap = box.y - (l.box.y + l.box.h);
      const overlap = Math.min(box.x + box.w, l.box.x + l.box.w) - Math.max(box.x, l.box.x);
      if (gap < -0.3 * box.h || gap > 2 * box.h || overlap <= 0) continue;
      if (!above || l.box.y > above.box!.y) above = l;
    }
    if (above) add(above.key, v);
    else stray.push(v);
  }

  for (const list of pieces.values()) list.sort((a, b) => readingOrder(a.box, b.box));
  return { pieces, labels, stray };
}

/** Top to bottom by line, then left to right. */
export function readingOrder(a: OcrBox | null, b: OcrBox | null): number {
  if (!a || !b) return 0;
  if (Math.abs(centerY(a) - centerY(b)) > 0.5 * Math.min(a.h, b.h)) return a.y - b.y;
  return a.x - b.x;
}

export function piecesOf(spots: readonly ValueSpot[] | undefined): Piece[] {
  return (spots ?? []).map((s) => s.piece);
}
