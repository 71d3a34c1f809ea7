import i18next, { type i18n as I18n } from "i18next";
import zhHant from "./catalogs/zh-Hant";
import zhHans from "./catalogs/zh-Hans";
import en from "./catalogs/en";
import { DEFAULT_LANGUAGE, type Language } from "./languages";

export const catalogs = { "zh-Hant": zhHant, "zh-Hans": zhHans, en } as const;

/** A fresh i18next instance for one language (one per request on the server). */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    resources: {
      "zh-Hant": { translation: zhHant },
      "zh-Hans": { translation: zhHans },
      en: { translation: en },
    },
    initImmediate: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<I18n["init"]>[0]);
  return instance;
}

/** Translate outside React (server messages, CLI). */
const shared = new Map<Language, I18n>();

export function translate(language: Language, key: string, vars?: Record<string, unknown>): string {
  let instance = shared.get(language);
  if (!instance) shared.set(language, (instance = createI18n(language)));
  return instance.t(key, vars ?? {}) as string;
}

/** Every leaf key of a catalog, dotted. */
export function catalogKeys(catalog: object, prefix = ""): string[] {
  return Object.entries(catalog).flatMap(([k, v]) =>
    v && typeof v === "object" ? catalogKeys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
