import { describe, expect, it } from "vitest";
import { GLOSSARY, glossaryFor } from "./glossary";
import { LANGUAGES } from "~/i18n/languages";

describe("glossary of archaic register terms", () => {
  it("explains every term in every UI language", () => {
    for (const g of GLOSSARY) for (const l of LANGUAGES) expect(g.text[l].length, `${g.forms[0]} ${l}`).toBeGreaterThan(10);
  });

  it("finds terms in traditional and simplified text and nothing in plain text", () => {
    expect(glossaryFor(["續柄：長男"], "en").map((g) => g.term)).toEqual(["續柄"]);
    expect(glossaryFor(["户主 除户"], "zh-Hans").map((g) => g.term)).toEqual(["除戶"]);
    expect(glossaryFor(["種族 福", "隱居"], "zh-Hant").map((g) => g.term).sort()).toEqual(["種族", "隱居"].sort());
    expect(glossaryFor(["陳志明 1956-03-12", null], "en")).toEqual([]);
  });
});
