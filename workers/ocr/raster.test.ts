import { describe, expect, it } from "vitest";
import { binarize, clearDarkBorder, estimateSkew, estimateTextHeight, histogram, maskToGray, otsuThreshold, removeRules } from "./raster";

function blank(width: number, height: number) {
  return { width, height, mask: new Uint8Array(width * height) };
}
function fill(m: ReturnType<typeof blank>, x0: number, y0: number, w: number, h: number) {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) if (x >= 0 && y >= 0 && x < m.width && y < m.height) m.mask[y * m.width + x] = 1;
}
const at = (m: ReturnType<typeof blank>, x: number, y: number) => m.mask[y * m.width + x];

describe("otsuThreshold", () => {
  it("splits a bimodal histogram between its modes", () => {
    const counts = new Float64Array(256);
    for (let v = 20; v < 60; v++) counts[v] = 100;
    for (let v = 180; v < 240; v++) counts[v] = 400;
    const t = otsuThreshold(counts);
    expect(t).toBeGreaterThanOrEqual(59);
    expect(t).toBeLessThan(180);
  });
  it("survives an empty or flat histogram", () => {
    expect(otsuThreshold(new Float64Array(256))).toBe(127);
    const one = new Float64Array(256);
    one[200] = 10;
    expect(otsuThreshold(one)).toBeGreaterThanOrEqual(0);
  });
  it("thresholds an image into an ink mask and back", () => {
    const image = { width: 4, height: 1, data: Uint8Array.from([0, 100, 200, 255]) };
    expect(histogram(image)[100]).toBe(1);
    const mask = binarize(image, 100);
    expect([...mask]).toEqual([1, 1, 0, 0]);
    expect([...maskToGray(mask)]).toEqual([0, 0, 255, 255]);
  });
});

describe("estimateSkew", () => {
  it.each([0, 1.5, -2.3, 4])("finds rows of text tilted by %s°", (degrees) => {
    const m = blank(600, 400);
    const slope = Math.tan((degrees * Math.PI) / 180);
    for (let row = 0; row < 8; row++) {
      for (let x = 20; x < 580; x++) {
        // Dashes like characters on a baseline, 10 px tall.
        if (x % 24 < 18) for (let h = 0; h < 10; h++) fill(m, x, Math.round(40 + row * 40 + x * slope) + h, 1, 1);
      }
    }
    const skew = estimateSkew(m.mask, m.width, m.height, { maxDegrees: 5 });
    expect(Math.abs(skew.angle - degrees)).toBeLessThanOrEqual(0.15);
    expect(skew.rows).toBe(8);
    if (degrees !== 0) expect(skew.score).toBeGreaterThan(skew.flatScore);
  });
});

describe("estimateTextHeight", () => {
  it("is near the height of the characters and ignores rules and specks", () => {
    const m = blank(400, 200);
    for (let i = 0; i < 10; i++) fill(m, 10 + i * 36, 50, 24, 22);
    fill(m, 0, 120, 400, 3); // a rule
    fill(m, 5, 5, 2, 2); // a speck
    expect(estimateTextHeight(m.mask, m.width, m.height)).toBe(22);
    expect(estimateTextHeight(new Uint8Array(100), 10, 10)).toBeNull();
  });
});

describe("removeRules", () => {
  it("clears a ruled grid but keeps text in the cells and strokes crossing a rule", () => {
    const m = blank(300, 200);
    for (const y of [10, 100, 190]) fill(m, 10, y, 280, 3);
    for (const x of [10, 150, 288]) fill(m, x, 10, 3, 183);
    fill(m, 40, 40, 30, 30); // a character in a cell
    fill(m, 200, 80, 4, 50); // a stroke written across the rule at y=100
    const cleared = removeRules(m.mask, m.width, m.height, { minLength: 100, maxThickness: 6 });
    expect(cleared.horizontal).toBeGreaterThan(0);
    expect(cleared.vertical).toBeGreaterThan(0);
    expect(at(m, 100, 11)).toBe(0);
    expect(at(m, 151, 50)).toBe(0);
    expect(at(m, 11, 11)).toBe(0); // the corner of two rules
    expect(at(m, 55, 55)).toBe(1);
    expect(at(m, 201, 101)).toBe(1); // the crossing stroke is kept where it crosses
    expect(at(m, 201, 85)).toBe(1);
    const left = m.mask.reduce((n, v) => n + v, 0);
    expect(left).toBe(30 * 30 + 4 * 50);
  });

  it("bridges small gaps in a faint rule and leaves short strokes alone", () => {
    const m = blank(200, 50);
    for (let x = 0; x < 200; x++) if (x % 20 !== 0) m.mask[20 * 200 + x] = 1;
    fill(m, 50, 35, 40, 2); // 一, shorter than minLength
    removeRules(m.mask, m.width, m.height, { minLength: 100, maxThickness: 4 });
    expect(m.mask.slice(20 * 200, 21 * 200).every((v) => v === 0)).toBe(true);
    expect(at(m, 60, 35)).toBe(1);
  });
});

describe("clearDarkBorder", () => {
  it("paints a dark frame around the paper white and keeps the text on it", () => {
    const width = 100;
    const height = 80;
    const data = new Uint8Array(width * height).fill(230);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (x < 8 || y < 6 || x >= 92 || y >= 74) data[y * width + x] = 20;
    for (let y = 30; y < 40; y++) for (let x = 30; x < 60; x++) data[y * width + x] = 10;
    const image = { width, height, data };
    const painted = clearDarkBorder(image, 128);
    expect(painted).toBe(width * height - 84 * 68);
    expect(data[0]).toBe(255);
    expect(data[35 * width + 45]).toBe(10);
  });
});
