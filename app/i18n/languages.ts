export const LANGUAGES = ["zh-Hant", "zh-Hans", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "zh-Hant";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Picks the best supported language from an Accept-Language header. */
export function languageFromHeader(header: string | null): Language | null {
  if (!header) return null;
  const wanted = header
    .split(",")
    .map((part) => {
      const [tag, q] = part.trim().split(";q=");
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    if (tag === "zh-hant" || tag === "zh-tw" || tag === "zh-hk" || tag === "zh-mo") return "zh-Hant";
    if (tag === "zh-hans" || tag === "zh-cn" || tag === "zh-sg" || tag === "zh") return "zh-Hans";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return null;
}
