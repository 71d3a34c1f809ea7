import { describe, expect, it } from "vitest";
import { charBoxes, CTC_CHOICE_MIN, decodeCtc } from "./ctc";

// Class 0 is the blank; class c is dictionary[c - 1].
const DICT = ["賈", "買", "淑", "珍", "1"];

/** A [steps × classes] softmax output from per-step {class: probability} (the rest goes to the blank). */
function output(steps: Record<number, number>[]): Float32Array {
  const classes = DICT.length + 1;
  const data = new Float32Array(steps.length * classes);
  steps.forEach((row, t) => {
    let rest = 1;
    for (const [c, p] of Object.entries(row)) {
      data[t * classes + Number(c)] = p;
      rest -= p;
    }
    data[t * classes] = Math.max(0, rest);
  });
  return data;
}

describe("decodeCtc", () => {
  it("reads runs of one class as one character, keeping where each was read", () => {
    const line = decodeCtc(output([{ 1: 0.9 }, { 1: 0.95 }, {}, { 3: 0.99 }, {}, {}, { 4: 0.97 }]), 7, DICT.length + 1, DICT);
    expect(line.text).toBe("賈淑珍");
    expect(line.chars.map((c) => [c.start, c.end])).toEqual([
      [0, 1],
      [3, 3],
      [6, 6],
    ]);
    // The library's line confidence: the mean of each character's first step.
    expect(line.mean).toBeCloseTo((0.9 + 0.99 + 0.97) / 3, 5);
    expect(line.chars[0].first).toBeCloseTo(0.9, 5);
    expect(line.chars[0].confidence).toBeCloseTo(0.95, 3);
  });

  it("keeps the runners-up a character's steps gave a real share, best first", () => {
    // 買 read, 賈 close behind: what a search must still find.
    const line = decodeCtc(output([{ 2: 0.47, 1: 0.4, 3: CTC_CHOICE_MIN / 2 }, { 2: 0.5, 1: 0.3, 4: 0.1 }, { 3: 0.99 }]), 3, DICT.length + 1, DICT);
    expect(line.text).toBe("買淑");
    expect(line.chars[0].choices).toEqual([
      { text: "賈", confidence: 0.4 },
      { text: "珍", confidence: 0.1 },
    ]);
    // A sure character has none.
    expect(line.chars[1].choices).toEqual([]);
  });

  it("needs a blank between two of the same character, as the library decodes", () => {
    expect(decodeCtc(output([{ 5: 0.9 }, { 5: 0.9 }]), 2, DICT.length + 1, DICT).text).toBe("1");
    expect(decodeCtc(output([{ 5: 0.9 }, {}, { 5: 0.9 }]), 3, DICT.length + 1, DICT).text).toBe("11");
  });

  it("gives an empty line for all blanks", () => {
    const line = decodeCtc(output([{}, {}]), 2, DICT.length + 1, DICT);
    expect(line).toMatchObject({ text: "", mean: 0, chars: [] });
  });
});

describe("charBoxes", () => {
  const horizontal: [number, number][] = [
    [100, 50],
    [300, 50],
    [300, 90],
    [100, 90],
  ];
  it("places characters along a horizontal line by their steps", () => {
    // 10 steps over 200 pixels: 20 pixels a step.
    const boxes = charBoxes(
      [
        { start: 1, end: 2 },
        { start: 5, end: 5 },
        { start: 8, end: 9 },
      ],
      10,
      horizontal,
    );
    const centres = boxes.map((b) => b.x + b.w / 2);
    expect(centres[0]).toBeCloseTo(100 + 2 * 20, 0);
    expect(centres[1]).toBeCloseTo(100 + 5.5 * 20, 0);
    // No character wider than the line is high, none overlapping the next.
    for (const b of boxes) expect(b.w).toBeLessThanOrEqual(40 + 1e-9);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i].x).toBeGreaterThanOrEqual(boxes[i - 1].x + boxes[i - 1].w - 1e-9);
    for (const b of boxes) expect([b.y, b.h]).toEqual([50, 40]);
    // Nothing outside the line.
    expect(boxes[2].x + boxes[2].w).toBeLessThanOrEqual(300);
  });

  it("runs down a tall line, as the recogniser read it turned a quarter", () => {
    const tall: [number, number][] = [
      [10, 0],
      [50, 0],
      [50, 400],
      [10, 400],
    ];
    const boxes = charBoxes(
      [
        { start: 0, end: 1 },
        { start: 8, end: 9 },
      ],
      10,
      tall,
    );
    expect(boxes[0].y).toBeLessThan(boxes[1].y);
    expect(boxes[0].y + boxes[0].h / 2).toBeCloseTo(40, 0);
    expect(boxes[1].y + boxes[1].h / 2).toBeCloseTo(360, 0);
    for (const b of boxes) expect([b.x, b.w]).toEqual([10, 40]);
  });

  it("gives nothing for nothing", () => {
    expect(charBoxes([], 10, horizontal)).toEqual([]);
  });
});
