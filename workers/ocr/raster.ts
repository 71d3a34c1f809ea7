/**
 * Pixel math for page preprocessing, on one-channel 8-bit rasters (0 black,
 * 255 white). Pure functions over typed arrays so they can be tested without
 * an image library; `preprocess.ts` does the decoding, resizing and rotation.
 */
export type Gray = { data: Uint8Array; width: number; height: number };

export function histogram(image: Gray): Float64Array {
  const counts = new Float64Array(256);
  for (let i = 0; i < image.data.length; i++) counts[image.data[i]]++;
  return counts;
}

/**
 * Otsu's threshold: the grey level t maximising the between-class variance
 * of [0..t] and [t+1..255]. Pixels <= t are ink.
 */
export function otsuThreshold(counts: Float64Array): number {
  let total = 0;
  let sum = 0;
  for (let t = 0; t < 256; t++) {
    total += counts[t];
    sum += t * counts[t];
  }
  if (total === 0) return 127;
  let weightBelow = 0;
  let sumBelow = 0;
  let best = -1;
  let threshold = 127;
  for (let t = 0; t < 255; t++) {
    weightBelow += counts[t];
    if (weightBelow === 0) continue;
    const weightAbove = total - weightBelow;
    if (weightAbove === 0) break;
    sumBelow += t * counts[t];
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sum - sumBelow) / weightAbove;
    const between = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** Ink mask: 1 where the pixel is at or below the threshold. */
export function binarize(image: Gray, threshold: number): Uint8Array {
  const mask = new Uint8Array(image.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = image.data[i] <= threshold ? 1 : 0;
  return mask;
}

/**
 * Paint white every pixel at or below `threshold` that is connected to the
 * image edge through such pixels: the dark scanner lid or table around a
 * page, which would otherwise dominate binarisation, skew and text-size
 * estimates. Text keeps a margin from the paper's edge, so it is not touched.
 * Mutates `image`; returns the number of pixels painted.
 */
export function clearDarkBorder(image: Gray, threshold: number): number {
  const { data, width, height } = image;
  const seen = new Uint8Array(data.length);
  const stack: number[] = [];
  const push = (i: number) => {
    if (!seen[i] && data[i] <= threshold) {
      seen[i] = 1;
      stack.push(i);
    }
  };
  for (let x = 0; x < width; x++) {
    push(x);
    push((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    push(y * width);
    push(y * width + width - 1);
  }
  let painted = 0;
  while (stack.length > 0) {
    const i = stack.pop() as number;
    data[i] = 255;
    painted++;
    const x = i % width;
    if (x > 0) push(i - 1);
    if (x < width - 1) push(i + 1);
    if (i >= width) push(i - width);
    if (i < data.length - width) push(i + width);
  }
  return painted;
}

/** Ink mask back to a black-on-white raster. */
export function maskToGray(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] ? 0 : 255;
  return out;
}

/**
 * Skew by projection profile: for each candidate angle (degrees, positive
 * when lines fall to the right, i.e. clockwise in image coordinates) ink is
 * projected onto rows along that slope, and the angle whose profile is most
 * peaked (largest sum of squared row counts) wins. A coarse pass over
 * ±maxDegrees is refined around the best coarse angle.
 */
export function estimateSkew(
  mask: Uint8Array,
  width: number,
  height: number,
  { maxDegrees = 5, coarseStep = 0.5, fineStep = 0.1 }: { maxDegrees?: number; coarseStep?: number; fineStep?: number } = {},
): { angle: number; score: number; flatScore: number; rows: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x]) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  const pad = Math.ceil(width * Math.tan((maxDegrees * Math.PI) / 180)) + 1;
  const rows = new Float64Array(height + 2 * pad + 1);
  const score = (degrees: number) => {
    rows.fill(0);
    const slope = Math.tan((degrees * Math.PI) / 180);
    for (let i = 0; i < xs.length; i++) rows[Math.round(ys[i] - xs[i] * slope) + pad]++;
    let s = 0;
    for (let r = 0; r < rows.length; r++) s += rows[r] * rows[r];
    return s;
  };
  const flatScore = score(0);
  let best = { angle: 0, score: flatScore };
  for (let a = -maxDegrees; a <= maxDegrees + 1e-9; a += coarseStep) {
    const s = score(a);
    if (s > best.score) best = { angle: a, score: s };
  }
  const centre = best.angle;
  for (let a = centre - coarseStep; a <= centre + coarseStep + 1e-9; a += fineStep) {
    if (Math.abs(a) > maxDegrees + 1e-9) continue;
    const s = score(a);
    if (s > best.score) best = { angle: a, score: s };
  }
  // Rows of text along the best slope: runs of profile bins holding ink (under
  // 0.5% of the width counts as blank). One or two lines cannot show skew.
  score(best.angle);
  const minInk = Math.max(1, Math.round(width * 0.005));
  let textRows = 0;
  let inRow = false;
  for (let r = 0; r < rows.length; r++) {
    const busy = rows[r] >= minInk;
    if (busy && !inRow) textRows++;
    inRow = busy;
  }
  return { angle: Math.round(best.angle * 100) / 100, score: best.score, flatScore, rows: textRows };
}

/**
 * Height of the text, estimated from connected ink components: the 75th
 * percentile of component heights, ignoring specks and components taller
 * than a quarter of the page or much wider than tall (rules, frames). CJK
 * characters split into several components (radicals), so a high
 * percentile is closer to the character height than the median.
 */
export function estimateTextHeight(mask: Uint8Array, width: number, height: number): number | null {
  const labels = new Int32Array(mask.length).fill(-1);
  const parent: number[] = [];
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      const leftLabel = x > 0 ? labels[i - 1] : -1;
      const upLabel = y > 0 ? labels[i - width] : -1;
      if (leftLabel === -1 && upLabel === -1) {
        labels[i] = parent.length;
        parent.push(parent.length);
      } else if (leftLabel !== -1 && upLabel !== -1) {
        const a = find(leftLabel);
        const b = find(upLabel);
        labels[i] = Math.min(a, b);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      } else {
        labels[i] = leftLabel !== -1 ? leftLabel : upLabel;
      }
    }
  }
  const n = parent.length;
  const top = new Int32Array(n).fill(height);
  const bottom = new Int32Array(n).fill(-1);
  const left = new Int32Array(n).fill(width);
  const right = new Int32Array(n).fill(-1);
  const area = new Int32Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const label = labels[y * width + x];
      if (label === -1) continue;
      const root = find(label);
      if (y < top[root]) top[root] = y;
      if (y > bottom[root]) bottom[root] = y;
      if (x < left[root]) left[root] = x;
      if (x > right[root]) right[root] = x;
      area[root]++;
    }
  }
  const heights: number[] = [];
  for (let root = 0; root < n; root++) {
    if (area[root] < 6) continue;
    const h = bottom[root] - top[root] + 1;
    const w = right[root] - left[root] + 1;
    if (h < 4) continue;
    if (h > height / 4 && height > 64) continue;
    if (w > 6 * h && w > 40) continue;
    heights.push(h);
  }
  if (heights.length === 0) return null;
  heights.sort((a, b) => a - b);
  return heights[Math.min(heights.length - 1, Math.floor(heights.length * 0.75))];
}

/**
 * Remove table rules. Ink in horizontal runs at least `minLength` long (gaps
 * of up to `maxGap` pixels bridged, for broken or faint rules) belongs to a
 * horizontal rule, likewise vertically. Across the rule, the whole run of ink
 * through a rule pixel is cleared when it is at most `maxThickness` thick,
 * which takes the rule's anti-aliased edges with it; a thicker run is a
 * stroke crossing or touching the rule and is kept. Both directions are
 * found before anything is cleared. Mutates `mask`; returns the number of
 * pixels cleared.
 */
export function removeRules(
  mask: Uint8Array,
  width: number,
  height: number,
  { minLength, maxThickness, maxGap = 2 }: { minLength: number; maxThickness: number; maxGap?: number },
): { horizontal: number; vertical: number; specks: number } {
  const rule = new Uint8Array(mask.length);
  markRuns(mask, rule, width, height, minLength, maxGap, true);
  markRuns(mask, rule, width, height, minLength, maxGap, false);
  const clear = new Uint8Array(mask.length);
  const horizontal = decide(mask, rule, clear, width, height, maxThickness, true);
  const vertical = decide(mask, rule, clear, width, height, maxThickness, false);
  for (let i = 0; i < mask.length; i++) if (clear[i]) mask[i] = 0;
  const specks = clearSpecks(mask, clear, width, height, maxThickness * maxThickness * 2);
  return { horizontal, vertical, specks };
}

/** Clear small ink components left touching cleared rule pixels (the crossings of two rules, ragged edges). */
function clearSpecks(mask: Uint8Array, cleared: Uint8Array, width: number, height: number, maxArea: number): number {
  const seen = new Uint8Array(mask.length);
  const stack: number[] = [];
  const component: number[] = [];
  let total = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!cleared[i]) continue;
    const x = i % width;
    const y = (i - x) / width;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const start = ny * width + nx;
        if (!mask[start] || seen[start]) continue;
        component.length = 0;
        stack.length = 0;
        stack.push(start);
        seen[start] = 1;
        let small = true;
        while (stack.length > 0) {
          const j = stack.pop() as number;
          component.push(j);
          if (component.length > maxArea) small = false;
          const jx = j % width;
          const jy = (j - jx) / width;
          for (let ey = -1; ey <= 1; ey++) {
            for (let ex = -1; ex <= 1; ex++) {
              const kx = jx + ex;
              const ky = jy + ey;
              if (kx < 0 || ky < 0 || kx >= width || ky >= height) continue;
              const k = ky * width + kx;
              if (mask[k] && !seen[k]) {
                seen[k] = 1;
                stack.push(k);
              }
            }
          }
        }
        if (small) {
          for (const j of component) mask[j] = 0;
          total += component.length;
        }
      }
    }
  }
  return total;
}

// Bit 1: in a horizontal rule; bit 2: in a vertical rule.
function markRuns(mask: Uint8Array, rule: Uint8Array, width: number, height: number, minLength: number, maxGap: number, horizontal: boolean) {
  const alongSize = horizontal ? width : height;
  const acrossSize = horizontal ? height : width;
  const bit = horizontal ? 1 : 2;
  const at = (along: number, across: number) => (horizontal ? across * width + along : along * width + across);
  for (let a = 0; a < acrossSize; a++) {
    let start = -1;
    let lastInk = -1;
    for (let l = 0; l <= alongSize; l++) {
      const ink = l < alongSize && mask[at(l, a)] === 1;
      if (ink) {
        if (start === -1) start = l;
        lastInk = l;
      } else if (start !== -1 && (l - lastInk > maxGap || l === alongSize)) {
        if (lastInk - start + 1 >= minLength) {
          for (let k = start; k <= lastInk; k++) if (mask[at(k, a)]) rule[at(k, a)] |= bit;
        }
        start = -1;
      }
    }
  }
}

function decide(mask: Uint8Array, rule: Uint8Array, clear: Uint8Array, width: number, height: number, maxThickness: number, horizontal: boolean): number {
  // Along = direction of the rule, across = its thickness.
  const alongSize = horizontal ? width : height;
  const acrossSize = horizontal ? height : width;
  const bit = horizontal ? 1 : 2;
  const at = (along: number, across: number) => (horizontal ? across * width + along : along * width + across);
  let cleared = 0;
  for (let l = 0; l < alongSize; l++) {
    let a = 0;
    while (a < acrossSize) {
      if (!mask[at(l, a)]) {
        a++;
        continue;
      }
      const begin = a;
      let onRule = false;
      while (a < acrossSize && mask[at(l, a)]) {
        if (rule[at(l, a)] & bit) onRule = true;
        a++;
      }
      if (!onRule || a - begin > maxThickness) continue;
      for (let k = begin; k < a; k++) {
        const i = at(l, k);
        if (!clear[i]) {
          clear[i] = 1;
          cleared++;
        }
      }
    }
  }
  return cleared;
}
