/**
 * Draws a laid-out register page with @napi-rs/canvas and applies the
 * degradations a scan shows: tinted and mottled paper, faded ink, stains,
 * skew, blur, sensor noise and JPEG compression. Every random choice comes
 * from the Rng passed in, and every degradation is recorded by the caller.
 *
 * Layout works in the upright page's pixels; `transform` maps those to the
 * final (possibly rotated and enlarged) image so that ground-truth boxes
 * are in image coordinates.
 */
import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import sharp from "sharp";
import type { LoadedFont } from "./fonts.ts";
import type { Degradations, Quad } from "./ground-truth.ts";
import type { Rng } from "./random.ts";

export type Rgb = [number, number, number];

export interface Glyph {
  ch: string;
  /** Pen position relative to the run's start. */
  x: number;
  dy: number;
  /** Radians. */
  rot: number;
  scale: number;
  /** Per-glyph ink density (handwriting pressure), 0..1. */
  density: number;
}

export interface TextItem {
  text: string;
  role: "title" | "label" | "value" | "note";
  font: LoadedFont;
  size: number;
  color: Rgb;
  x: number;
  baseline: number;
  glyphs: Glyph[];
  /** Upright ink bounds in page pixels. */
  bounds: { x: number; y: number; w: number; h: number };
  personIndex: number | null;
  field: string | null;
}

export interface RuleItem {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
}

export interface PageLayout {
  width: number;
  height: number;
  formColor: Rgb;
  rules: RuleItem[];
  texts: TextItem[];
}

// ---- text shaping -------------------------------------------------------

interface GlyphMetrics {
  advance: number;
  left: number;
  right: number;
  ascent: number;
  descent: number;
}

const measureCanvas = createCanvas(8, 8);
const measureCtx = measureCanvas.getContext("2d");
const metricsCache = new Map<string, GlyphMetrics>();

/** Metrics of one character at 100px. */
function glyphMetrics(font: LoadedFont, ch: string): GlyphMetrics {
  const key = `${font.alias}\u0000${ch}`;
  let metrics = metricsCache.get(key);
  if (!metrics) {
    measureCtx.font = `100px "${font.alias}"`;
    const m = measureCtx.measureText(ch);
    metrics = { advance: m.width, left: m.actualBoundingBoxLeft, right: m.actualBoundingBoxRight, ascent: m.actualBoundingBoxAscent, descent: m.actualBoundingBoxDescent };
    metricsCache.set(key, metrics);
  }
  return metrics;
}

/** Advance width of `text` in `font` at `size` without jitter. */
export function measureWidth(font: LoadedFont, text: string, size: number): number {
  let width = 0;
  for (const ch of text) width += (glyphMetrics(font, ch).advance * size) / 100;
  return width;
}

/**
 * Places the glyphs of a run. Handwriting gets a wandering baseline, uneven
 * size, spacing and slant, and uneven ink; print is regular.
 */
export function shapeText(font: LoadedFont, text: string, size: number, handwriting: boolean, rng: Rng): { glyphs: Glyph[]; width: number } {
  const glyphs: Glyph[] = [];
  let x = 0;
  let drift = 0;
  const slant = handwriting ? rng.normal(0, 0.015) : 0;
  for (const ch of text) {
    const m = glyphMetrics(font, ch);
    if (!handwriting) {
      glyphs.push({ ch, x, dy: 0, rot: 0, scale: 1, density: 1 });
      x += (m.advance * size) / 100;
      continue;
    }
    drift = Math.max(-0.08 * size, Math.min(0.08 * size, drift + rng.normal(0, 0.018 * size)));
    const scale = Math.max(0.88, Math.min(1.12, rng.normal(1, 0.045)));
    glyphs.push({ ch, x, dy: drift + rng.normal(0, 0.02 * size), rot: slant + rng.normal(0, 0.035), scale, density: Math.max(0.72, Math.min(1, rng.normal(0.93, 0.06))) });
    x += (m.advance * size * scale) / 100 + rng.normal(0.02, 0.03) * size;
  }
  return { glyphs, width: x };
}

/** Upright ink bounds of shaped glyphs drawn at (x, baseline). */
export function glyphBounds(font: LoadedFont, glyphs: Glyph[], size: number, x: number, baseline: number): { x: number; y: number; w: number; h: number } {
  let left = Infinity;
  let right = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  for (const g of glyphs) {
    const m = glyphMetrics(font, g.ch);
    const k = (size * g.scale) / 100;
    // Rotation moves corners by about half the glyph size times the angle.
    const slack = Math.abs(g.rot) * size * 0.6;
    left = Math.min(left, x + g.x - m.left * k - slack);
    right = Math.max(right, x + g.x + m.right * k + slack);
    top = Math.min(top, baseline + g.dy - m.ascent * k - slack);
    bottom = Math.max(bottom, baseline + g.dy + m.descent * k + slack);
  }
  return { x: left, y: top, w: right - left, h: bottom - top };
}

// ---- drawing --------------------------------------------------------------

export interface RenderPlan {
  degradations: Degradations;
  /** Scanner lid colour around a skewed page. */
  bedColor: Rgb;
}

export interface RenderedPage {
  image: Buffer;
  format: "png" | "jpeg";
  width: number;
  height: number;
  /** Maps upright page pixels to final image pixels. */
  transform: (x: number, y: number) => [number, number];
}

const css = ([r, g, b]: Rgb, alpha = 1) => `rgba(${r},${g},${b},${alpha})`;
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as Rgb;

export async function renderPage(layout: PageLayout, plan: RenderPlan, rng: Rng): Promise<RenderedPage> {
  const { width, height } = layout;
  const d = plan.degradations;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  const paper = d.paper.color;

  ctx.fillStyle = css(paper);
  ctx.fillRect(0, 0, width, height);
  paintMottling(ctx, rng.fork("mottling"), width, height, d.paper.mottling);

  const fade = d.fadedInk?.strength ?? 0;
  ctx.strokeStyle = css(mix(layout.formColor, paper, fade * 0.8));
  ctx.lineCap = "square";
  for (const rule of layout.rules) {
    ctx.lineWidth = rule.width;
    ctx.beginPath();
    ctx.moveTo(rule.x1, rule.y1);
    ctx.lineTo(rule.x2, rule.y2);
    ctx.stroke();
  }

  const inkRng = rng.fork("ink");
  for (const item of layout.texts) {
    const runFade = Math.max(0, Math.min(0.9, fade * inkRng.range(0.75, 1.25)));
    const ink = mix(item.color, paper, runFade);
    for (const g of item.glyphs) {
      ctx.save();
      ctx.translate(item.x + g.x, item.baseline + g.dy);
      if (g.rot !== 0) ctx.rotate(g.rot);
      ctx.font = `${(item.size * g.scale).toFixed(2)}px "${item.font.alias}"`;
      ctx.fillStyle = css(ink, g.density);
      ctx.fillText(g.ch, 0, 0);
      ctx.restore();
    }
  }

  if (d.stains) paintStains(ctx, d.stains.blobs, rng.fork("stains"));

  // Skew: rotate onto a larger canvas so no part of the page is cut off.
  let output = canvas;
  let transform = (x: number, y: number): [number, number] => [x, y];
  if (d.skew) {
    const angle = (d.skew.degrees * Math.PI) / 180;
    const cos = Math.abs(Math.cos(angle));
    const sin = Math.abs(Math.sin(angle));
    const outW = Math.ceil(width * cos + height * sin);
    const outH = Math.ceil(width * sin + height * cos);
    const rotated = createCanvas(outW, outH);
    const rctx = rotated.getContext("2d");
    rctx.fillStyle = css(plan.bedColor);
    rctx.fillRect(0, 0, outW, outH);
    rctx.translate(outW / 2, outH / 2);
    rctx.rotate(angle);
    rctx.drawImage(canvas, -width / 2, -height / 2);
    output = rotated;
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    transform = (x, y) => {
      const dx = x - width / 2;
      const dy = y - height / 2;
      return [outW / 2 + dx * c - dy * s, outH / 2 + dx * s + dy * c];
    };
  }

  const outW = output.width;
  const outH = output.height;
  const rgba = output.getContext("2d").getImageData(0, 0, outW, outH).data;
  let pipeline = sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width: outW, height: outH, channels: 4 } }).removeAlpha();
  if (d.blur) pipeline = pipeline.blur(d.blur.sigma);
  let raw: Buffer = await pipeline.raw().toBuffer();
  if (d.noise) raw = addNoise(raw, d.noise.sigma, rng.fork("noise"));
  const encoder = sharp(raw, { raw: { width: outW, height: outH, channels: 3 } });
  const image = d.jpeg ? await encoder.jpeg({ quality: d.jpeg.quality, chromaSubsampling: "4:2:0", mozjpeg: true }).toBuffer() : await encoder.png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
  return { image, format: d.jpeg ? "jpeg" : "png", width: outW, height: outH, transform };
}

/** Large soft light and dark patches: uneven paper ageing. */
function paintMottling(ctx: SKRSContext2D, rng: Rng, width: number, height: number, strength: number) {
  if (strength <= 0) return;
  const count = Math.round(10 + 10 * strength);
  for (let i = 0; i < count; i++) {
    const x = rng.range(0, width);
    const y = rng.range(0, height);
    const r = rng.range(0.1, 0.45) * Math.max(width, height);
    const dark = rng.chance(0.6);
    const color: Rgb = dark ? [150, 120, 60] : [255, 253, 240];
    const gradient = ctx.createRadialGradient(x, y, 0, x, y, r);
    gradient.addColorStop(0, css(color, 0.07 * strength));
    gradient.addColorStop(1, css(color, 0));
    ctx.fillStyle = gradient;
    ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
  }
  // Darker edges, as on handled paper.
  const edge = ctx.createRadialGradient(width / 2, height / 2, Math.min(width, height) * 0.35, width / 2, height / 2, Math.max(width, height) * 0.75);
  edge.addColorStop(0, "rgba(120,90,40,0)");
  edge.addColorStop(1, css([120, 90, 40], 0.12 * strength));
  ctx.fillStyle = edge;
  ctx.fillRect(0, 0, width, height);
}

/** Water or tea stains: irregular translucent blots with a darker tide line, multiplied over paper and ink. */
function paintStains(ctx: SKRSContext2D, blobs: NonNullable<Degradations["stains"]>["blobs"], rng: Rng) {
  ctx.save();
  ctx.globalCompositeOperation = "multiply";
  for (const blob of blobs) {
    const lobes = rng.int(6, 11);
    for (let i = 0; i < lobes; i++) {
      const angle = rng.range(0, 2 * Math.PI);
      const offset = rng.range(0, 0.5) * blob.radius;
      const x = blob.x + Math.cos(angle) * offset;
      const y = blob.y + Math.sin(angle) * offset;
      const r = blob.radius * rng.range(0.35, 0.75);
      // Soft lobes that overlap into one irregular blot, a little darker towards the rim.
      const a = blob.alpha * 0.4;
      const gradient = ctx.createRadialGradient(x, y, 0, x, y, r);
      gradient.addColorStop(0, css(blob.color, a * 0.6));
      gradient.addColorStop(0.7, css(blob.color, a));
      gradient.addColorStop(0.9, css(blob.color, a * 0.5));
      gradient.addColorStop(1, css(blob.color, 0));
      ctx.fillStyle = gradient;
      ctx.beginPath();
      ctx.ellipse(x, y, r, r * rng.range(0.7, 1), rng.range(0, Math.PI), 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  ctx.restore();
}

function addNoise(raw: Buffer, sigma: number, rng: Rng): Buffer {
  const out = Buffer.allocUnsafe(raw.length);
  for (let i = 0; i < raw.length; i += 3) {
    // Luminance noise only: sensor noise on a grey scan, and colour noise would bloat the JPEG.
    const noise = rng.normal(0, sigma);
    for (let c = 0; c < 3; c++) {
      const value = raw[i + c] + noise;
      out[i + c] = value < 0 ? 0 : value > 255 ? 255 : Math.round(value);
    }
  }
  return out;
}

/** Corners of an upright box after `transform`: TL, TR, BR, BL. */
export function boxQuad(box: { x: number; y: number; w: number; h: number }, transform: RenderedPage["transform"]): Quad {
  const corners: [number, number][] = [
    [box.x, box.y],
    [box.x + box.w, box.y],
    [box.x + box.w, box.y + box.h],
    [box.x, box.y + box.h],
  ];
  return corners.map(([x, y]) => transform(x, y).map((v) => Math.round(v * 10) / 10)) as Quad;
}

/** Axis-aligned bounds of a quad, clipped to the image and rounded outwards. */
export function quadBounds(quad: Quad, width: number, height: number): { x: number; y: number; w: number; h: number } {
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs)));
  const y1 = Math.min(height, Math.ceil(Math.max(...ys)));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
