/**
 * Page plans and page generation: which household or person goes on which
 * form, in which script, font and date style, with which degradations; then
 * layout, rendering and the ground truth.
 */
import { DATE_STYLES, type DateStyle } from "./dates.ts";
import { personFields, personTruth, pageFormat, recordFields } from "./fields.ts";
import { FONTS, loadFont, type FontStyle, type LoadedFont } from "./fonts.ts";
import { LEDGER_COLUMNS, layoutHouseholdLedger, layoutPersonCard, type FormStyle } from "./forms.ts";
import { PERSON_FIELD_LABELS, type Degradations, type PageKind, type PageTruth, type PersonField, type RecordField } from "./ground-truth.ts";
import { generateHouseholds, type Household } from "./people.ts";
import { Rng } from "./random.ts";
import { boxQuad, quadBounds, renderPage, type PageLayout, type Rgb } from "./render.ts";
import type { Script } from "./script.ts";

export const PROFILES = ["clean", "noisy", "skewed", "stained", "aged", "heavy"] as const;
export type Profile = (typeof PROFILES)[number];

export interface PageSpec {
  id: string;
  kind: PageKind;
  script: Script;
  style: FontStyle;
  dateStyle: DateStyle;
  profile: Profile;
  /** Seed of this page's layout, font and degradation draws. */
  seed: number;
  household: Household;
  /** Which member a person card shows. */
  memberIndex: number;
}

export interface GeneratedPage {
  spec: PageSpec;
  image: Buffer;
  extension: "png" | "jpg";
  truth: PageTruth;
}

const CARD_FIELDS = Object.keys(PERSON_FIELD_LABELS) as PersonField[];
const CARD_RECORD_FIELDS: RecordField[] = ["clerk", "registeredDate"];
const LEDGER_RECORD_FIELDS: RecordField[] = ["householdType", "headName", "householdNumber", "address", "registeredDate", "clerk"];

function dateStylesFor(script: Script): DateStyle[] {
  return script === "traditional" ? [...DATE_STYLES] : DATE_STYLES.filter((d) => !d.startsWith("roc-"));
}

/** A random mix of pages, one household per page. */
export function planRandomPages(seed: number, count: number, kinds: readonly PageKind[]): PageSpec[] {
  const rng = new Rng(seed).fork("plan");
  const households = generateHouseholds(seed, count);
  return households.map((household, i) => {
    const script: Script = rng.chance(0.5) ? "traditional" : "simplified";
    return {
      id: `page-${seed}-${String(i + 1).padStart(4, "0")}`,
      kind: rng.pick(kinds),
      script,
      style: rng.chance(0.5) ? "printed" : "handwriting",
      dateStyle: rng.pick(dateStylesFor(script)),
      profile: rng.pick(PROFILES),
      seed: rng.int(0, 2 ** 31 - 1),
      household,
      memberIndex: rng.int(0, household.members.length - 1),
    };
  });
}

/**
 * The committed fixture set: 12 person cards and 12 household ledgers; in each
 * kind 6 printed and 6 handwritten pages, each degradation profile once per
 * style, and both scripts for every profile. Card i shows a member of the
 * household on ledger i, so the same people appear on two pages in different
 * scripts and fonts. Households are chosen so that the set holds 15-digit IDs,
 * large households and married women written 夫姓+本姓+氏 (old registers, so
 * also pages from before 1985 without ID numbers).
 */
export function planFixturePages(seed: number): PageSpec[] {
  const rng = new Rng(seed).fork("fixtures");
  const pool = generateHouseholds(seed, 80);
  const specs: PageSpec[] = [];
  const tradDates: DateStyle[] = ["roc-digits", "gregorian-hanzi", "roc-hanzi", "gregorian-digits", "gregorian-dotted", "roc-digits"];
  const simpDates: DateStyle[] = ["gregorian-digits", "gregorian-hanzi", "gregorian-dotted"];
  const slots: { kind: PageKind; style: FontStyle; script: Script; profile: Profile }[] = [];
  for (const kind of ["household-ledger", "person-card"] as const) {
    for (const style of ["printed", "handwriting"] as const) {
      PROFILES.forEach((profile, i) => {
        const even = (i % 2 === 0) !== (style === "handwriting") !== (kind === "person-card");
        slots.push({ kind, style, script: even ? "simplified" : "traditional", profile });
      });
    }
  }
  // Pick the 12 ledger households: traditional slots first take households with a 夫姓本姓氏 woman.
  const ledgerSlots = slots.filter((s) => s.kind === "household-ledger");
  const used = new Set<number>();
  const takeHousehold = (want: (h: Household) => boolean) => {
    let index = pool.findIndex((h, i) => !used.has(i) && want(h));
    if (index < 0) index = pool.findIndex((_, i) => !used.has(i));
    used.add(index);
    return pool[index];
  };
  const hasMarriedStyle = (h: Household) => h.members.some((m) => m.marriedStyleName);
  const has15 = (h: Household) => h.registeredDate >= "1985" && h.members.some((m) => m.idNumber15);
  const hasIds = (h: Household) => h.registeredDate >= "1985";
  const wants = [hasMarriedStyle, has15, hasIds, (h: Household) => h.members.length >= 5];
  let tradCount = 0;
  let simpCount = 0;
  const ledgerHouseholds = ledgerSlots.map((slot, i) => {
    const want = slot.script === "traditional" && i < 6 ? wants[0] : wants[1 + (i % 3)];
    return takeHousehold(want);
  });
  let ledgerIndex = 0;
  let cardIndex = 0;
  for (const slot of slots) {
    const dateStyle = slot.script === "traditional" ? tradDates[tradCount++ % tradDates.length] : simpDates[simpCount++ % simpDates.length];
    const kindShort = slot.kind === "person-card" ? "card" : "ledger";
    const n = slot.kind === "person-card" ? ++cardIndex : ++ledgerIndex;
    const household = ledgerHouseholds[n - 1];
    // A card shows, where it can, someone the ledger's script did not already show in an unusual form.
    const marriedStyle = household.members.findIndex((m) => m.marriedStyleName);
    const memberIndex = slot.kind === "person-card" && slot.script === "traditional" && marriedStyle >= 0 ? marriedStyle : rng.int(0, household.members.length - 1);
    specs.push({
      id: `${kindShort}-${String(n).padStart(2, "0")}-${slot.script === "traditional" ? "trad" : "simp"}-${slot.style === "printed" ? "print" : "hand"}-${slot.profile}`,
      kind: slot.kind,
      script: slot.script,
      style: slot.style,
      dateStyle,
      profile: slot.profile,
      seed: rng.int(0, 2 ** 31 - 1),
      household,
      memberIndex,
    });
  }
  return specs.sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === "person-card" ? -1 : 1));
}

// ---- degradations ---------------------------------------------------------

const WHITE: Rgb = [250, 249, 245];
const AGED: Rgb = [232, 214, 170];

function planDegradations(rng: Rng, profile: Profile, width: number, height: number): Degradations {
  const paper = (yellowing: number, mottling: number) => ({
    color: [0, 1, 2].map((i) => Math.round(WHITE[i] + (AGED[i] - WHITE[i]) * yellowing)) as Rgb,
    yellowing: round(yellowing),
    mottling: round(mottling),
  });
  const stains = (count: number) => ({
    count,
    blobs: Array.from({ length: count }, () => ({
      x: Math.round(rng.range(0.05, 0.95) * width),
      y: Math.round(rng.range(0.05, 0.95) * height),
      radius: Math.round(rng.range(40, 170)),
      alpha: round(rng.range(0.12, 0.3)),
      color: rng.pick<Rgb>([
        [170, 120, 60],
        [140, 100, 50],
        [150, 140, 110],
      ]),
    })),
  });
  const skew = () => ({ degrees: round((rng.chance(0.5) ? 1 : -1) * rng.range(0.8, 3)) });
  const none = { fadedInk: null, stains: null, skew: null, blur: null, noise: null, jpeg: null };
  switch (profile) {
    case "clean":
      return { paper: paper(rng.range(0, 0.08), 0), ...none };
    case "noisy":
      return { paper: paper(rng.range(0.05, 0.3), rng.range(0, 0.4)), ...none, blur: { sigma: round(rng.range(0.6, 1.1)) }, noise: { sigma: round(rng.range(6, 10)) }, jpeg: { quality: rng.int(76, 82) } };
    case "skewed":
      return { paper: paper(rng.range(0.1, 0.4), rng.range(0.2, 0.6)), ...none, skew: skew(), noise: { sigma: round(rng.range(2, 4)) }, jpeg: { quality: 82 } };
    case "stained":
      return { paper: paper(rng.range(0.35, 0.75), rng.range(0.5, 1)), ...none, stains: stains(rng.int(2, 5)), fadedInk: rng.chance(0.5) ? { strength: round(rng.range(0.15, 0.3)) } : null, noise: { sigma: 3 }, jpeg: { quality: 82 } };
    case "aged":
      return { paper: paper(rng.range(0.55, 0.95), rng.range(0.6, 1.2)), ...none, fadedInk: { strength: round(rng.range(0.3, 0.5)) }, noise: { sigma: round(rng.range(3, 5)) }, jpeg: { quality: 82 } };
    case "heavy":
      return {
        paper: paper(rng.range(0.6, 1), rng.range(0.8, 1.4)),
        fadedInk: { strength: round(rng.range(0.3, 0.45)) },
        stains: stains(rng.int(1, 3)),
        skew: skew(),
        blur: { sigma: round(rng.range(0.7, 1)) },
        noise: { sigma: round(rng.range(5, 8)) },
        jpeg: { quality: rng.int(76, 80) },
      };
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

// ---- fonts ----------------------------------------------------------------

const PRINTED_LABEL_FONTS: Record<Script, string[]> = {
  traditional: ["Noto Serif CJK TC", "AR PL UMing TW", "Noto Sans CJK TC"],
  simplified: ["Noto Serif CJK SC", "AR PL UMing CN", "Noto Sans CJK SC"],
};
const VALUE_FONTS: Record<FontStyle, Record<Script, string[]>> = {
  printed: { traditional: ["Noto Sans CJK TC", "Noto Serif CJK TC"], simplified: ["Noto Sans CJK SC", "Noto Serif CJK SC"] },
  handwriting: { traditional: ["AR PL UKai TW", "LXGW WenKai"], simplified: ["AR PL UKai CN", "LXGW WenKai"] },
};

/** Picks a font at random, falling back to the others (then to any printed font) until one has every character. */
function chooseFont(rng: Rng, candidates: string[], script: Script, text: string): LoadedFont {
  const first = rng.pick(candidates);
  const order = [first, ...candidates.filter((c) => c !== first), ...FONTS.filter((f) => f.style === "printed" && f.script === script).map((f) => f.family)];
  for (const family of order) {
    const font = loadFont(family);
    if (font.missing(text).length === 0) return font;
  }
  throw new Error(`no font draws every character of: ${text}`);
}

// ---- page generation --------------------------------------------------------

export async function generatePage(spec: PageSpec): Promise<GeneratedPage> {
  const rng = new Rng(spec.seed);
  const { household, script } = spec;
  const fmt = pageFormat(rng.fork("format"), script, spec.dateStyle, spec.kind === "household-ledger", household);
  const members = spec.kind === "person-card" ? [household.members[spec.memberIndex]] : household.members;
  const fields = spec.kind === "person-card" ? CARD_FIELDS : LEDGER_COLUMNS.map(([field]) => field);
  const drawn = members.map((m) => personFields(m, household, fmt, fields));
  const record = recordFields(household, fmt, spec.kind === "person-card" ? CARD_RECORD_FIELDS : LEDGER_RECORD_FIELDS);

  const fontRng = rng.fork("fonts");
  const valueText = [...drawn.flatMap((d) => Object.values(d)), ...Object.values(record)].join("");
  const labelFont = chooseFont(fontRng, PRINTED_LABEL_FONTS[script], script, labelCharacters(script));
  const valueFont = chooseFont(fontRng, VALUE_FONTS[spec.style][script], script, valueText);
  const colorRng = rng.fork("colors");
  const style: FormStyle = {
    script,
    handwriting: spec.style === "handwriting",
    labelFont,
    valueFont,
    formColor: colorRng.weighted<Rgb>(
      [
        [28, 28, 30],
        [128, 42, 32],
        [38, 84, 58],
      ],
      [6, 2, 2],
    ),
    valueColor:
      spec.style === "printed"
        ? [22, 22, 24]
        : colorRng.pick<Rgb>([
            [28, 38, 92],
            [24, 24, 28],
            [34, 62, 150],
          ]),
  };

  const layoutRng = rng.fork("layout");
  const layout: PageLayout =
    spec.kind === "person-card" ? layoutPersonCard({ person: drawn[0], record }, style, layoutRng) : layoutHouseholdLedger({ members: drawn, record }, style, layoutRng);

  const degradations = planDegradations(rng.fork("degradations"), spec.profile, layout.width, layout.height);
  const bedColor: Rgb = rng.fork("bed").pick<Rgb>([
    [48, 48, 50],
    [236, 236, 236],
  ]);
  const rendered = await renderPage(layout, { degradations, bedColor }, rng.fork("render"));
  const extension = rendered.format === "jpeg" ? "jpg" : "png";

  const runs = layout.texts.map((item) => {
    const quad = boxQuad(item.bounds, rendered.transform);
    return { text: item.text, role: item.role, font: item.font.spec.family, box: quadBounds(quad, rendered.width, rendered.height), quad, personIndex: item.personIndex, field: item.field };
  });
  const groups = new Map<string, { personIndex: number | null; field: string; bounds: { x: number; y: number; w: number; h: number } }>();
  for (const item of layout.texts) {
    if (item.role !== "value" || item.field === null) continue;
    const key = `${item.personIndex}/${item.field}`;
    const previous = groups.get(key);
    groups.set(key, { personIndex: item.personIndex, field: item.field, bounds: previous ? union(previous.bounds, item.bounds) : item.bounds });
  }
  const fieldBoxes = [...groups.values()].map(({ personIndex, field, bounds }) => {
    const quad = boxQuad(bounds, rendered.transform);
    return { personIndex, field, box: quadBounds(quad, rendered.width, rendered.height), quad };
  });

  const truth: PageTruth = {
    id: spec.id,
    kind: spec.kind,
    script,
    style: spec.style,
    dateStyle: spec.dateStyle,
    font: { labels: labelFont.spec.family, values: valueFont.spec.family },
    degradations,
    image: `${spec.id}.${extension}`,
    width: rendered.width,
    height: rendered.height,
    seed: spec.seed,
    lines: runs.map((r) => r.text),
    runs,
    record: record as Record<string, string>,
    householdId: household.householdId,
    people: members.map((m, i) => personTruth(m, fmt, drawn[i])),
    fieldBoxes,
  };
  return { spec, image: rendered.image, extension, truth };
}

function union(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }) {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

function labelCharacters(script: Script): string {
  return script === "traditional" ? "常住人口登記表戶口簿變更正記載照片：" + Object.values(PERSON_FIELD_LABELS).map((l) => l[0]).join("") : "常住人口登记表户口簿变更正记载照片：" + Object.values(PERSON_FIELD_LABELS).map((l) => l[1]).join("");
}
