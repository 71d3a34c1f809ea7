/**
 * Fonts for rendering register pages, from Debian font packages.
 *
 * The CJK fonts ship as TrueType/OpenType collections (.ttc) holding one face
 * per region (SC, TC, JP ...). @napi-rs/canvas only sees the first face of a
 * collection, which for Noto is the Japanese one, and regional glyph shapes
 * matter here (戶 drawn the mainland way looks like 户). So each wanted face is
 * cut out of its collection into a standalone font and registered under its
 * own alias. The face's cmap is parsed too: a page must never contain a
 * character its font lacks, or the canvas would silently draw it in another
 * font and the ground truth's `font` would lie.
 */
import { existsSync, readFileSync } from "node:fs";
import { GlobalFonts } from "@napi-rs/canvas";
import type { Script } from "./script.ts";

export type FontStyle = "printed" | "handwriting";

export interface FontSpec {
  /** Family name inside the font file, recorded in ground truth. */
  family: string;
  file: string;
  debianPackage: string;
  licence: string;
  style: FontStyle;
  script: Script | "both";
}

const NOTO = "fonts-noto-cjk";
const OFL = "SIL Open Font License 1.1";
const ARPHIC = "Arphic Public License";

/** Every font the generator may use. Labels of a form are always printed; values are printed or handwritten. */
export const FONTS: FontSpec[] = [
  { family: "Noto Serif CJK SC", file: "NotoSerifCJK-Regular.ttc", debianPackage: NOTO, licence: OFL, style: "printed", script: "simplified" },
  { family: "Noto Serif CJK TC", file: "NotoSerifCJK-Regular.ttc", debianPackage: NOTO, licence: OFL, style: "printed", script: "traditional" },
  { family: "Noto Sans CJK SC", file: "NotoSansCJK-Regular.ttc", debianPackage: NOTO, licence: OFL, style: "printed", script: "simplified" },
  { family: "Noto Sans CJK TC", file: "NotoSansCJK-Regular.ttc", debianPackage: NOTO, licence: OFL, style: "printed", script: "traditional" },
  { family: "AR PL UMing CN", file: "uming.ttc", debianPackage: "fonts-arphic-uming", licence: ARPHIC, style: "printed", script: "simplified" },
  { family: "AR PL UMing TW", file: "uming.ttc", debianPackage: "fonts-arphic-uming", licence: ARPHIC, style: "printed", script: "traditional" },
  { family: "AR PL UKai CN", file: "ukai.ttc", debianPackage: "fonts-arphic-ukai", licence: ARPHIC, style: "handwriting", script: "simplified" },
  { family: "AR PL UKai TW", file: "ukai.ttc", debianPackage: "fonts-arphic-ukai", licence: ARPHIC, style: "handwriting", script: "traditional" },
  { family: "LXGW WenKai", file: "LXGWWenKai-Regular.ttf", debianPackage: "fonts-lxgw-wenkai", licence: OFL, style: "handwriting", script: "both" },
];

const FONT_DIRS = [
  process.env.SUJI_FONT_DIR,
  "/usr/share/fonts/opentype/noto",
  "/usr/share/fonts/truetype/arphic",
  "/usr/share/fonts/truetype/lxgw-wenkai",
  "/usr/share/fonts/opentype/lxgw-wenkai",
].filter((dir): dir is string => Boolean(dir));

export function findFontFile(file: string): string | undefined {
  for (const dir of FONT_DIRS) {
    const path = `${dir}/${file}`;
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** Debian packages whose fonts are missing, empty when every font is installed. */
export function missingFontPackages(): string[] {
  return [...new Set(FONTS.filter((f) => !findFontFile(f.file)).map((f) => f.debianPackage))];
}

export interface LoadedFont {
  spec: FontSpec;
  /** The family name to put in a canvas `font` string. */
  alias: string;
  has(char: string): boolean;
  /** Characters of `text` the font cannot draw (spaces ignored). */
  missing(text: string): string[];
}

const loaded = new Map<string, LoadedFont>();
const fileCache = new Map<string, Buffer>();

export function loadFont(family: string): LoadedFont {
  const cached = loaded.get(family);
  if (cached) return cached;
  const spec = FONTS.find((f) => f.family === family);
  if (!spec) throw new Error(`unknown font family ${family}`);
  const path = findFontFile(spec.file);
  if (!path) throw new Error(`font file ${spec.file} not found; install the Debian package ${spec.debianPackage}`);
  let file = fileCache.get(path);
  if (!file) {
    file = readFileSync(path);
    fileCache.set(path, file);
  }
  const face = extractFace(file, family);
  const alias = `SujiGen ${family}`;
  if (!GlobalFonts.register(face, alias)) throw new Error(`could not register ${family} from ${path}`);
  const cmap = readCmap(face);
  const font: LoadedFont = {
    spec,
    alias,
    has: (char) => cmap(char.codePointAt(0)!),
    missing: (text) => [...new Set([...text].filter((ch) => !/\s/.test(ch) && !cmap(ch.codePointAt(0)!)))],
  };
  loaded.set(family, font);
  return font;
}

// ---- sfnt parsing -------------------------------------------------------

interface TableRecord {
  tag: string;
  offset: number;
  length: number;
  checksum: number;
}

function readTables(buf: Buffer, offset: number): { sfntVersion: number; tables: TableRecord[] } {
  const sfntVersion = buf.readUInt32BE(offset);
  const numTables = buf.readUInt16BE(offset + 4);
  const tables: TableRecord[] = [];
  for (let i = 0; i < numTables; i++) {
    const rec = offset + 12 + i * 16;
    tables.push({ tag: buf.toString("latin1", rec, rec + 4), checksum: buf.readUInt32BE(rec + 4), offset: buf.readUInt32BE(rec + 8), length: buf.readUInt32BE(rec + 12) });
  }
  return { sfntVersion, tables };
}

/** Family names (name IDs 1 and 16, Windows Unicode) of the face whose tables are given. */
function familyNames(buf: Buffer, tables: TableRecord[]): string[] {
  const name = tables.find((t) => t.tag === "name");
  if (!name) return [];
  const base = name.offset;
  const count = buf.readUInt16BE(base + 2);
  const stringOffset = base + buf.readUInt16BE(base + 4);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const rec = base + 6 + i * 12;
    const platform = buf.readUInt16BE(rec);
    const nameId = buf.readUInt16BE(rec + 6);
    if (platform !== 3 || (nameId !== 1 && nameId !== 16)) continue;
    const length = buf.readUInt16BE(rec + 8);
    const start = stringOffset + buf.readUInt16BE(rec + 10);
    const utf16be = buf.subarray(start, start + length);
    const swapped = Buffer.from(utf16be);
    swapped.swap16();
    names.push(swapped.toString("utf16le"));
  }
  return names;
}

/** A standalone font holding the face named `family` (the file itself when it is not a collection). */
export function extractFace(buf: Buffer, family: string): Buffer {
  const isCollection = buf.toString("latin1", 0, 4) === "ttcf";
  const faceOffsets = isCollection ? Array.from({ length: buf.readUInt32BE(8) }, (_, i) => buf.readUInt32BE(12 + i * 4)) : [0];
  for (const faceOffset of faceOffsets) {
    const { sfntVersion, tables } = readTables(buf, faceOffset);
    if (!familyNames(buf, tables).includes(family)) continue;
    if (!isCollection) return buf;
    const headerSize = 12 + tables.length * 16;
    const total = tables.reduce((sum, t) => sum + ((t.length + 3) & ~3), headerSize);
    const out = Buffer.alloc(total);
    out.writeUInt32BE(sfntVersion, 0);
    out.writeUInt16BE(tables.length, 4);
    const entrySelector = Math.floor(Math.log2(tables.length));
    out.writeUInt16BE(16 * 2 ** entrySelector, 6);
    out.writeUInt16BE(entrySelector, 8);
    out.writeUInt16BE(tables.length * 16 - 16 * 2 ** entrySelector, 10);
    let cursor = headerSize;
    tables.forEach((t, i) => {
      const rec = 12 + i * 16;
      out.write(t.tag, rec, 4, "latin1");
      out.writeUInt32BE(t.checksum, rec + 4);
      out.writeUInt32BE(cursor, rec + 8);
      out.writeUInt32BE(t.length, rec + 12);
      buf.copy(out, cursor, t.offset, t.offset + t.length);
      cursor += (t.length + 3) & ~3;
    });
    return out;
  }
  throw new Error(`no face named ${family} in font file`);
}

/** A predicate telling whether the standalone font maps a code point to a glyph. */
function readCmap(font: Buffer): (codePoint: number) => boolean {
  const { tables } = readTables(font, 0);
  const cmap = tables.find((t) => t.tag === "cmap");
  if (!cmap) throw new Error("font has no cmap");
  const base = cmap.offset;
  const numSubtables = font.readUInt16BE(base + 2);
  let format4: number | undefined;
  let format12: number | undefined;
  for (let i = 0; i < numSubtables; i++) {
    const rec = base + 4 + i * 8;
    const platform = font.readUInt16BE(rec);
    const encoding = font.readUInt16BE(rec + 2);
    const offset = base + font.readUInt32BE(rec + 4);
    const format = font.readUInt16BE(offset);
    if (format === 12 && (platform === 3 || platform === 0)) format12 ??= offset;
    if (format === 4 && ((platform === 3 && encoding === 1) || platform === 0)) format4 ??= offset;
  }
  const covered = new Set<number>();
  if (format12 !== undefined) {
    const groups = font.readUInt32BE(format12 + 12);
    for (let g = 0; g < groups; g++) {
      const rec = format12 + 16 + g * 12;
      const start = font.readUInt32BE(rec);
      const end = font.readUInt32BE(rec + 4);
      const startGlyph = font.readUInt32BE(rec + 8);
      for (let cp = start; cp <= end; cp++) if (startGlyph + (cp - start) !== 0) covered.add(cp);
    }
  } else if (format4 !== undefined) {
    const segCount = font.readUInt16BE(format4 + 6) / 2;
    const ends = format4 + 14;
    const starts = ends + segCount * 2 + 2;
    const deltas = starts + segCount * 2;
    const rangeOffsets = deltas + segCount * 2;
    for (let s = 0; s < segCount; s++) {
      const end = font.readUInt16BE(ends + s * 2);
      const start = font.readUInt16BE(starts + s * 2);
      const delta = font.readInt16BE(deltas + s * 2);
      const rangeOffset = font.readUInt16BE(rangeOffsets + s * 2);
      for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (cp + delta) & 0xffff;
        else {
          const at = rangeOffsets + s * 2 + rangeOffset + (cp - start) * 2;
          glyph = font.readUInt16BE(at);
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph !== 0) covered.add(cp);
      }
    }
  } else {
    throw new Error("font has no Unicode cmap subtable");
  }
  return (codePoint) => covered.has(codePoint);
}
