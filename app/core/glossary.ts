import type { Language } from "~/i18n/languages";

/**
 * Archaic register terms residents and young officers do not know, with a
 * plain explanation in each UI language. Shown beside any hit or field whose
 * text contains one (matched on simplified and traditional forms).
 */
export type GlossaryTerm = { forms: string[]; text: Record<Language, string> };

export const GLOSSARY: GlossaryTerm[] = [
  {
    forms: ["隱居", "隐居"],
    text: {
      "zh-Hant": "隱居：日治時期戶口調查簿用語，指戶長將家長權讓與繼承人而退居，並非隱遁山林。",
      "zh-Hans": "隐居：日治时期户口调查簿用语，指户长将家长权让与继承人而退居，并非隐遁山林。",
      en: "隱居 (inkyo): a Japanese-era register term for a household head who retired and handed headship to an heir; it does not mean living as a recluse.",
    },
  },
  {
    forms: ["一家分立", "一家創立", "一家创立"],
    text: {
      "zh-Hant": "一家分立／一家創立：由原戶分出，另立新戶（新的戶長與戶籍）。",
      "zh-Hans": "一家分立／一家创立：由原户分出，另立新户（新的户长与户籍）。",
      en: "一家分立 / 一家創立: a member split off from the original household and founded a new household with its own head and register.",
    },
  },
  {
    forms: ["續柄", "续柄"],
    text: {
      "zh-Hant": "續柄：與戶長的關係（如長男、妻、孫），相當於今日的「與戶主關係」。",
      "zh-Hans": "续柄：与户长的关系（如长男、妻、孙），相当于今日的“与户主关系”。",
      en: "續柄 (zokugara): the person's relation to the household head (eldest son, wife, grandson…), today's \"relation to head\".",
    },
  },
  {
    forms: ["種族", "种族"],
    text: {
      "zh-Hant": "種族：日治時期登記的族別，「福」指福建（閩南）系、「廣」指廣東（客家）系，「熟」「生」指平埔及原住民。",
      "zh-Hans": "种族：日治时期登记的族别，“福”指福建（闽南）系、“广”指广东（客家）系，“熟”“生”指平埔及原住民。",
      en: "種族: the group recorded in Japanese-era registers: 福 = of Fujian (Hoklo) origin, 廣 = of Guangdong (Hakka) origin, 熟/生 = plains or mountain Indigenous peoples.",
    },
  },
  {
    forms: ["除戶", "除户"],
    text: {
      "zh-Hant": "除戶：因死亡、遷出、婚出等原因，將該人從本戶登記中除去。",
      "zh-Hans": "除户：因死亡、迁出、婚出等原因，将该人从本户登记中除去。",
      en: "除戶: the person was removed from this household's register (death, moving out, marrying out…).",
    },
  },
  {
    forms: ["寄留", "寄留人"],
    text: {
      "zh-Hant": "寄留：暫時居住於本戶但戶籍在他處的人。",
      "zh-Hans": "寄留：暂时居住于本户但户籍在他处的人。",
      en: "寄留: a person living in this household temporarily while registered elsewhere.",
    },
  },
  {
    forms: ["媳婦仔", "媳妇仔", "養女", "养女"],
    text: {
      "zh-Hant": "媳婦仔：自幼收養、預定將來與本家兒子成婚的女孩（童養媳）；養女為收養的女兒。",
      "zh-Hans": "媳妇仔：自幼收养、预定将来与本家儿子成婚的女孩（童养媳）；养女为收养的女儿。",
      en: "媳婦仔: a girl adopted young to marry a son of the family later (a \"little daughter-in-law\"); 養女 is an adopted daughter.",
    },
  },
  {
    forms: ["籍貫", "籍贯"],
    text: {
      "zh-Hant": "籍貫：祖籍所在地，常與出生地不同。",
      "zh-Hans": "籍贯：祖籍所在地，常与出生地不同。",
      en: "籍貫 (native place): the family's ancestral home, often not where the person was born.",
    },
  },
];

/** The glossary entries whose forms appear in any of the texts. */
export function glossaryFor(texts: (string | null | undefined)[], language: Language): { term: string; text: string }[] {
  const joined = texts.filter(Boolean).join(" ");
  return GLOSSARY.filter((g) => g.forms.some((f) => joined.includes(f))).map((g) => ({ term: g.forms[0], text: g.text[language] }));
}
