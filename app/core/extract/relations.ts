/**
 * Relations to the household head (与户主关系; 續柄 on Taiwanese registers),
 * read into a role, a sex where the word implies one, and a birth order.
 */
import { canonicalText, parseChineseNumber } from "~/core/normalize";

export type RelationRole =
  | "head"
  | "spouse"
  | "child"
  | "child-in-law"
  | "grandchild"
  | "parent"
  | "parent-in-law"
  | "grandparent"
  | "sibling"
  | "other";

export type Relation = {
  /** Canonical text: 户主, 长子, 儿媳... */
  text: string;
  role: RelationRole;
  sex: "male" | "female" | null;
  /** 长子 = 1, 次女 = 2, 三子 = 3. */
  order: number | null;
  /** Adopted, step or foster children: their parents are not the head's couple by birth. */
  adoptive?: true;
  /** 外孙: a daughter's child. */
  maternal?: true;
};

type Entry = Omit<Relation, "text" | "order">;

const FIXED: Record<string, Entry> = {
  户主: { role: "head", sex: null },
  本人: { role: "head", sex: null },
  妻: { role: "spouse", sex: "female" },
  妻子: { role: "spouse", sex: "female" },
  夫: { role: "spouse", sex: "male" },
  丈夫: { role: "spouse", sex: "male" },
  配偶: { role: "spouse", sex: null },
  子: { role: "child", sex: "male" },
  儿子: { role: "child", sex: "male" },
  男: { role: "child", sex: "male" },
  女: { role: "child", sex: "female" },
  女儿: { role: "child", sex: "female" },
  养子: { role: "child", sex: "male", adoptive: true },
  养女: { role: "child", sex: "female", adoptive: true },
  继子: { role: "child", sex: "male", adoptive: true },
  继女: { role: "child", sex: "female", adoptive: true },
  媳: { role: "child-in-law", sex: "female" },
  儿媳: { role: "child-in-law", sex: "female" },
  媳妇: { role: "child-in-law", sex: "female" },
  长媳: { role: "child-in-law", sex: "female" },
  次媳: { role: "child-in-law", sex: "female" },
  婿: { role: "child-in-law", sex: "male" },
  女婿: { role: "child-in-law", sex: "male" },
  孙: { role: "grandchild", sex: null },
  孙子: { role: "grandchild", sex: "male" },
  孙女: { role: "grandchild", sex: "female" },
  外孙: { role: "grandchild", sex: null, maternal: true },
  外孙子: { role: "grandchild", sex: "male", maternal: true },
  外孙女: { role: "grandchild", sex: "female", maternal: true },
  父: { role: "parent", sex: "male" },
  父亲: { role: "parent", sex: "male" },
  母: { role: "parent", sex: "female" },
  母亲: { role: "parent", sex: "female" },
  岳父: { role: "parent-in-law", sex: "male" },
  岳母: { role: "parent-in-law", sex: "female" },
  公公: { role: "parent-in-law", sex: "male" },
  婆婆: { role: "parent-in-law", sex: "female" },
  祖父: { role: "grandparent", sex: "male" },
  祖母: { role: "grandparent", sex: "female" },
  外祖父: { role: "grandparent", sex: "male" },
  外祖母: { role: "grandparent", sex: "female" },
  兄: { role: "sibling", sex: "male" },
  哥哥: { role: "sibling", sex: "male" },
  弟: { role: "sibling", sex: "male" },
  弟弟: { role: "sibling", sex: "male" },
  姐: { role: "sibling", sex: "female" },
  姐姐: { role: "sibling", sex: "female" },
  妹: { role: "sibling", sex: "female" },
  妹妹: { role: "sibling", sex: "female" },
  侄: { role: "other", sex: null },
  侄子: { role: "other", sex: "male" },
  侄女: { role: "other", sex: "female" },
  同居人: { role: "other", sex: null },
  其他: { role: "other", sex: null },
};

const ORDINAL_PREFIX = /^(长|大|次|二|三|四|五|六|七|八|九|十|十一|十二)(子|女|男|媳)$/u;

/** Reads a relation; null when the text is not one. */
export function parseRelation(raw: string): Relation | null {
  const text = canonicalText(typeof raw === "string" ? raw : "").replace(/[\s()（）]/gu, "");
  if (text === "") return null;
  const fixed = FIXED[text];
  if (fixed) return { text, ...fixed, order: null };
  const ordinal = ORDINAL_PREFIX.exec(text);
  if (ordinal) {
    const [, rank, noun] = ordinal;
    const order = rank === "长" || rank === "大" ? 1 : rank === "次" ? 2 : parseChineseNumber(rank);
    const base = FIXED[noun === "男" ? "子" : noun];
    return { text, ...base, order };
  }
  return null;
}

/** Canonical texts of every relation this module reads without an ordinal, for tests and suggestions. */
export const KNOWN_RELATIONS: readonly string[] = Object.keys(FIXED);
