/**
 * The ground truth written beside every generated page image, with a zod
 * schema so that benchmarks and tests can check fixture files they read.
 * Coordinates are pixels of the final image (after skew), origin top left.
 */
import { z } from "zod";
import { DATE_STYLES } from "./dates.ts";

export const PAGE_KINDS = ["person-card", "household-ledger"] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** Person fields a page can show, with their form labels (Traditional, Simplified). */
export const PERSON_FIELD_LABELS = {
  name: ["姓名", "姓名"],
  formerName: ["曾用名", "曾用名"],
  relation: ["與戶主關係", "与户主关系"],
  sex: ["性別", "性别"],
  ethnicity: ["民族", "民族"],
  birthDate: ["出生日期", "出生日期"],
  birthplace: ["出生地", "出生地"],
  nativePlace: ["籍貫", "籍贯"],
  idNumber: ["公民身份號碼", "公民身份号码"],
  address: ["住址", "住址"],
  education: ["文化程度", "文化程度"],
  maritalStatus: ["婚姻狀況", "婚姻状况"],
  occupation: ["職業", "职业"],
  employer: ["服務處所", "服务处所"],
  moveIn: ["何時由何地遷來本址", "何时由何地迁来本址"],
} as const;
export type PersonField = keyof typeof PERSON_FIELD_LABELS;

/** Page-level fields: the household header of a ledger and the signature block of both kinds. */
export const RECORD_FIELD_LABELS = {
  headName: ["戶主姓名", "户主姓名"],
  address: ["住址", "住址"],
  householdType: ["戶別", "户别"],
  householdNumber: ["戶號", "户号"],
  clerk: ["承辦人", "承办人"],
  registeredDate: ["登記日期", "登记日期"],
} as const;
export type RecordField = keyof typeof RECORD_FIELD_LABELS;

const box = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });
const point = z.tuple([z.number(), z.number()]);
const quad = z.tuple([point, point, point, point]);
const rgb = z.tuple([z.number().int(), z.number().int(), z.number().int()]);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const textRunSchema = z.object({
  text: z.string().min(1),
  role: z.enum(["title", "label", "value", "note"]),
  font: z.string(),
  /** Axis-aligned bounds of `quad`, clipped to the image. */
  box,
  /** Corners of the run's upright box after skew: top-left, top-right, bottom-right, bottom-left. */
  quad,
  /** Index into `people` for a person's value, null for labels and page-level values. */
  personIndex: z.number().int().nullable(),
  /** Field key of a value (PersonField or RecordField), null for labels and titles. */
  field: z.string().nullable(),
});

export const degradationsSchema = z.object({
  paper: z.object({ color: rgb, yellowing: z.number().min(0).max(1), mottling: z.number().min(0) }),
  fadedInk: z.object({ strength: z.number().min(0).max(1) }).nullable(),
  stains: z
    .object({
      count: z.number().int().min(1),
      blobs: z.array(z.object({ x: z.number(), y: z.number(), radius: z.number(), alpha: z.number(), color: rgb })),
    })
    .nullable(),
  skew: z.object({ degrees: z.number().min(-5).max(5) }).nullable(),
  blur: z.object({ sigma: z.number().positive() }).nullable(),
  noise: z.object({ sigma: z.number().positive() }).nullable(),
  jpeg: z.object({ quality: z.number().int().min(1).max(100) }).nullable(),
});
export type Degradations = z.infer<typeof degradationsSchema>;

export const personTruthSchema = z.object({
  personId: z.string(),
  householdId: z.string(),
  /** Every field of this person drawn on the page, keyed by PersonField, exactly as drawn. */
  drawn: z.record(z.string(), z.string()),
  // Canonical values. Names are in the page's script.
  fullName: z.string(),
  fullNameSimplified: z.string(),
  surname: z.string(),
  givenName: z.string(),
  /** 'husband-surname-shi' when the page writes a married woman as 夫姓+本姓+氏 (陳林氏). */
  nameForm: z.enum(["full", "husband-surname-shi"]),
  sex: z.enum(["male", "female"]),
  birthDate: isoDate,
  /** The ID as drawn (18 or 15 digits), null when the page shows no ID for this person. */
  idNumber: z.string().nullable(),
  /** The 18-digit form of the person's ID, whether or not the page shows it. */
  idNumber18: z.string().regex(/^\d{17}[\dX]$/),
  relation: z.string(),
  /** Ethnic group in Simplified without 族, e.g. 汉, 蒙古. */
  ethnicity: z.string(),
  birthplaceCode: z.string().regex(/^\d{6}$/),
  nativePlaceCode: z.string().regex(/^\d{6}$/),
  fatherName: z.string(),
  motherName: z.string(),
  spouseName: z.string().nullable(),
  moveIn: z.object({ kind: z.enum(["birth", "original", "moved"]), date: z.string().nullable(), fromCode: z.string().nullable() }),
});
export type PersonTruth = z.infer<typeof personTruthSchema>;

export const pageTruthSchema = z.object({
  id: z.string(),
  kind: z.enum(PAGE_KINDS),
  script: z.enum(["traditional", "simplified"]),
  /** printed: values typed; handwriting: values written in a kai/brush font with jitter. Labels are always printed. */
  style: z.enum(["printed", "handwriting"]),
  dateStyle: z.enum(DATE_STYLES),
  font: z.object({ labels: z.string(), values: z.string() }),
  degradations: degradationsSchema,
  image: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  seed: z.number().int(),
  /** Every text run drawn, in reading order (top to bottom, left to right; a wrapped value gives several). */
  lines: z.array(z.string()),
  runs: z.array(textRunSchema),
  /** Page-level values as drawn, keyed by RecordField. */
  record: z.record(z.string(), z.string()),
  householdId: z.string(),
  people: z.array(personTruthSchema),
  fieldBoxes: z.array(z.object({ personIndex: z.number().int().nullable(), field: z.string(), box, quad })),
});
export type PageTruth = z.infer<typeof pageTruthSchema>;
export type TextRun = z.infer<typeof textRunSchema>;
export type Box = z.infer<typeof box>;
export type Quad = z.infer<typeof quad>;

/**
 * JSON for ground-truth files: indented for diffs, but boxes, quads and other
 * small all-primitive arrays and objects stay on one line.
 */
export function formatTruthJson(value: unknown): string {
  return `${format(value, "")}\n`;

  function isFlat(v: unknown): boolean {
    if (v === null || typeof v !== "object") return true;
    const items = Array.isArray(v) ? v : Object.values(v);
    return items.length <= 8 && items.every((item) => item === null || typeof item !== "object" || (Array.isArray(item) && item.every((x) => typeof x !== "object")));
  }

  function format(v: unknown, indent: string): string {
    if (v === null || typeof v !== "object") return JSON.stringify(v);
    if (isFlat(v)) return JSON.stringify(v);
    const inner = `${indent} `;
    if (Array.isArray(v)) return `[\n${v.map((item) => inner + format(item, inner)).join(",\n")}\n${indent}]`;
    const entries = Object.entries(v).filter(([, item]) => item !== undefined);
    return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${format(item, inner)}`).join(",\n")}\n${indent}}`;
  }
}
