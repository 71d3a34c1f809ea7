/**
 * Text normalisation for OCR'd register text: full-width forms, tesseract's
 * spaces between CJK characters, traditional/simplified script and the
 * character variants registers use. The canonical form is simplified.
 */
import * as OpenCC from "opencc-js";

type Convert = (text: string) => string;

/** Full-width ASCII (U+FF01..U+FF5E), the ideographic space and full-width currency signs to half-width. */
export function toHalfWidth(s: string): string {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) out += " ";
    else out += FULL_WIDTH_SIGNS[ch] ?? ch;
  }
  return out;
}

const FULL_WIDTH_SIGNS: Record<string, string> = {
  "\uffe0": "\u00a2",
  "\uffe1": "\u00a3",
  "\uffe2": "\u00ac",
  "\uffe3": "\u00af",
  "\uffe4": "\u00a6",
  "\uffe5": "\u00a5",
  "\uffe6": "\u20a9",
};

/**
 * Han ideographs (with extensions and compatibility blocks), 〇 and the CJK
 * symbols and punctuation block apart from the ideographic space.
 */
const CJK = "\\p{Script=Han}\\u3001-\\u303f\\u3007\\uff0c\\uff1a\\uff1b\\uff08\\uff09";
const CJK_GAP = new RegExp(`(?<=[${CJK}])[\\s\\u3000]+(?=[${CJK}])`, "gu");
const ONE_CJK = new RegExp(`^[${CJK}]$`, "u");

/** Is the character a CJK ideograph or CJK punctuation (the characters tesseract pads with spaces)? */
export function isCjk(ch: string): boolean {
  return ONE_CJK.test(ch);
}

/** Removes whitespace between two CJK characters; spaces between Latin words and between CJK and Latin stay. */
export function stripCjkSpaces(s: string): string {
  return s.replace(CJK_GAP, "");
}

let simplifier: Convert | null = null;
const traditionalizers = new Map<TraditionalTarget, Convert>();

/**
 * Traditional (Hong Kong, Taiwan or OpenCC standard forms) to simplified.
 * The Hong Kong preset reads the widest set of traditional variants (it also
 * takes 衞 and 粧), and the variant table below catches the rest.
 */
export function toSimplified(s: string): string {
  simplifier ??= OpenCC.Converter({ from: "hk", to: "cn" });
  return simplifier(s);
}

export type TraditionalTarget = "t" | "tw" | "hk";

/**
 * Simplified to traditional (OpenCC standard forms by default). 里 stays 里
 * unless it is plainly the locative "inside" (这里, 里面), because 里 is also a
 * unit of length and the Taiwanese village 里 of addresses.
 */
export function toTraditional(s: string, target: TraditionalTarget = "t"): string {
  let convert = traditionalizers.get(target);
  if (!convert) {
    convert = OpenCC.Converter({ from: "cn", to: target });
    traditionalizers.set(target, convert);
  }
  const converted = convert(s);
  const src = Array.from(s);
  const out = Array.from(converted);
  if (src.length !== out.length) return converted;
  for (let i = 0; i < src.length; i++) {
    if (src[i] === "里" && (out[i] === "裏" || out[i] === "裡") && !isLocativeLi(src, i)) out[i] = "里";
  }
  return out.join("");
}

const LOCATIVE_BEFORE = new Set(Array.from("这那哪心家屋手夜城梦眼嘴肚暗怀院锅被窝"));
const LOCATIVE_AFTER = new Set(Array.from("面边头"));

function isLocativeLi(chars: string[], i: number): boolean {
  return LOCATIVE_BEFORE.has(chars[i - 1] ?? "") || LOCATIVE_AFTER.has(chars[i + 1] ?? "");
}

/**
 * Variants that OpenCC leaves apart but registers use interchangeably, each
 * mapped to the canonical (simplified, standard) form. Only variant → standard
 * pairs belong here: 里 is a standard character in its own right (a unit of
 * length, a village), so 裏/裡 map to it and never the reverse.
 */
export const VARIANTS: Readonly<Record<string, string>> = {
  戶: "户",
  戸: "户",
  峯: "峰",
  裏: "里",
  裡: "里",
  羣: "群",
  敎: "教",
  衞: "卫",
  衛: "卫",
  綫: "线",
  啓: "启",
  啟: "启",
  著: "着",
  牀: "床",
  鷄: "鸡",
  雞: "鸡",
  爲: "为",
  為: "为",
  淸: "清",
  靑: "青",
  鄕: "乡",
  郞: "郎",
  廐: "厩",
  畧: "略",
  吿: "告",
  珎: "珍",
  髙: "高",
  徳: "德",
  恵: "惠",
  寛: "宽",
  乗: "乘",
  効: "效",
  姫: "姬",
  煕: "熙",
  粧: "妆",
  痺: "痹",
  簷: "檐",
  睪: "睾",
  衹: "只",
  苧: "苎",
  卽: "即",
  旣: "既",
  敍: "叙",
  敘: "叙",
  眞: "真",
  僞: "伪",
  兌: "兑",
  內: "内",
  悅: "悦",
  說: "说",
  脫: "脱",
  黃: "黄",
  溫: "温",
  彥: "彦",
  産: "产",
  硏: "研",
  絶: "绝",
  緖: "绪",
  錄: "录",
  淨: "净",
  靜: "静",
  祕: "秘",
  銳: "锐",
  稅: "税",
  閱: "阅",
  蔥: "葱",
  舘: "馆",
  館: "馆",
  冊: "册",
  昇: "升",
  陞: "升",
  強: "强",
  蹟: "迹",
  跡: "迹",
  // 陜 (xiá) is a character of its own, but typists and OCR put it for 陝 (陝西, read 陜西 on
  // six bench ledgers and cards); no place or name in a register uses it otherwise.
  陜: "陕",
};

const canonicalChars = new Map<string, string>();

/**
 * The canonical (simplified, variant-folded, half-width) form of one
 * character. Cached (OCR text and names repeat the same few thousand
 * characters; OpenCC per call is slow); the cache is emptied when full.
 */
export function canonicalChar(ch: string): string {
  const hit = canonicalChars.get(ch);
  if (hit !== undefined) return hit;
  const half = toHalfWidth(ch);
  const direct = VARIANTS[half];
  const simplified = direct === undefined ? toSimplified(half) : direct;
  const canonical = direct ?? VARIANTS[simplified] ?? simplified;
  if (canonicalChars.size >= 50_000) canonicalChars.clear();
  canonicalChars.set(ch, canonical);
  return canonical;
}

function foldVariants(s: string): string {
  let out = "";
  for (const ch of s) out += VARIANTS[ch] ?? ch;
  return out;
}

/**
 * The full pipeline: half-width, CJK spaces removed, simplified, variants
 * folded, whitespace collapsed to one space and trimmed. Idempotent.
 */
export function canonicalText(s: string): string {
  let text = stripCjkSpaces(toHalfWidth(s)).replace(/\s+/gu, " ").trim();
  // Fold before and after simplifying: some variants (衞, 戸) are unknown to
  // OpenCC, and some of its outputs (著) are folded further here.
  text = foldVariants(toSimplified(foldVariants(text)));
  return text;
}
