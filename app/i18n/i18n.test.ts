import { describe, expect, it } from "vitest";
import { catalogKeys, catalogs, translate } from "./i18n";
import { LANGUAGES, isLanguage, languageFromHeader } from "./languages";

describe("catalogs", () => {
  const reference = catalogKeys(catalogs["zh-Hant"]).sort();

  it.each(LANGUAGES)("%s has exactly the keys of zh-Hant", (lng) => {
    expect(catalogKeys(catalogs[lng]).sort()).toEqual(reference);
  });

  it.each(LANGUAGES)("%s has no empty strings", (lng) => {
    for (const key of catalogKeys(catalogs[lng])) {
      expect(translate(lng, key), `${lng}:${key}`).not.toBe("");
      expect(translate(lng, key), `${lng}:${key}`).not.toBe(key);
    }
  });

  it("interpolates values", () => {
    expect(translate("en", "login.throttled", { minutes: 7 })).toContain("7 minutes");
    expect(translate("zh-Hant", "dashboard.welcome", { name: "陳志明" })).toBe("陳志明，您好");
  });

  it("uses traditional characters in zh-Hant and simplified in zh-Hans", () => {
    expect(translate("zh-Hant", "nav.archives")).toBe("檔案庫");
    expect(translate("zh-Hans", "nav.archives")).toBe("档案库");
  });
});

describe("languages", () => {
  it("accepts only the three UI languages", () => {
    expect(isLanguage("zh-Hant")).toBe(true);
    expect(isLanguage("zh-TW")).toBe(false);
    expect(isLanguage("fr")).toBe(false);
    expect(isLanguage(undefined)).toBe(false);
  });

  it("maps Accept-Language headers by quality", () => {
    expect(languageFromHeader("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-Hans");
    expect(languageFromHeader("en-GB,en;q=0.9")).toBe("en");
    expect(languageFromHeader("zh-TW")).toBe("zh-Hant");
    expect(languageFromHeader("fr-FR;q=0.9, en;q=0.5")).toBe("en");
    expect(languageFromHeader("fr")).toBeNull();
    expect(languageFromHeader(null)).toBeNull();
  });
});
