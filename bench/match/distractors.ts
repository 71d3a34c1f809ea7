/**
 * Distractor entries: generated households written as a page would write
 * them (bench/generator's page formats), read by two simulated OCR engines
 * (look-alike substitutions from ~/core/normalize, dropped characters, a
 * traditional/simplified mix, tesseract's spaces between CJK characters) and
 * assembled by extraction's own field builder and family derivation, so that
 * they have exactly the shape of entries extracted from real scans. Pure.
 */
import { buildField, deriveFamily, type ExtractedEntry, type ExtractedField, type FieldName } from "~/core/extract";
import type { OcrBox } from "~/core/ocr/types";
import { lookAlikesOf, toSimplified, toTraditional } from "~/core/normalize";
import { DATE_STYLES, type DateStyle } from "../generator/dates.ts";
import { pageFormat, personFields, recordFields } from "../generator/fields.ts";
import { LEDGER_COLUMNS } from "../generator/forms.ts";
import { PERSON_FIELD_LABELS, type PageKind, type PersonField } from "../generator/ground-truth.ts";
import type { Household } from "../generator/people.ts";
import type { Rng } from "../generator/random.ts";
import type { Script } from "../generator/script.ts";

/** Per-character error rates of one simulated engine on one page. */
export type NoiseLevel = { substitute: number; drop: number; mixScript: number; spaces: number; stray?: number };

/**
 * `stray`: a speck, a stain's edge or a stroke from the line above read as a
 * character of its own, per gap between characters. The real pages read
 * for bench:match show it: six of 1,910 people's names over twenty seeds
 * came out a character longer (姚贞人花, 和牛庆云, 杨娣嫦逮), nearly all on
 * handwritten pages.
 */
export const NOISE_LEVELS: Record<"clean" | "typical" | "heavy", NoiseLevel> = {
  clean: { substitute: 0.01, drop: 0.003, mixScript: 0.01, spaces: 0.1, stray: 0.0008 },
  typical: { substitute: 0.03, drop: 0.01, mixScript: 0.03, spaces: 0.25, stray: 0.0025 },
  heavy: { substitute: 0.07, drop: 0.03, mixScript: 0.06, spaces: 0.4, stray: 0.006 },
};

/** What engines make of a stray mark: simple shapes, never a numeral. */
const STRAY_READINGS = ["人", "和", "有", "入", "口", "了", "卜", "几"];

const CJK = /\p{Script=Han}/u;

/**
 * One engine's reading of `text`: each character may be read as a look-alike
 * (in the page's script), dropped, or (on traditional pages) come out in its
 * simplified form; a stray mark may be read as a character between them;
 * tesseract may put spaces between CJK characters. The confidence falls with
 * every error, as real engines' do on hard glyphs.
 */
export function simulateReading(rng: Rng, text: string, script: Script, level: NoiseLevel, engine: "tesseract" | "ppocr"): { text: string; confidence: number } {
  let errors = 0;
  const out: string[] = [];
  for (const ch of Array.from(text)) {
    if (CJK.test(ch) && rng.chance(level.drop)) {
      errors++;
      continue;
    }
    let read = ch;
    if (rng.chance(level.substitute)) {
      const peers = lookAlikesOf(ch);
      if (peers.length > 0) {
        const peer = rng.pick(peers);
        read = script === "traditional" ? toTraditional(peer) : peer;
        errors++;
      } else if (/\d/.test(ch)) {
        read = rng.pick(["1", "7", "3", "8", "0", "6"].filter((d) => d !== ch));
        errors++;
      }
    }
    if (read === ch && script === "traditional" && engine === "ppocr" && CJK.test(ch) && rng.chance(level.mixScript)) read = toSimplified(ch);
    out.push(read);
  }
  if (level.stray && out.some((ch) => CJK.test(ch))) {
    // From a stream of its own (per engine and text), so that the other readings stay as they were without strays.
    const strays = rng.fork(`stray/${engine}/${text}`);
    for (let gap = out.length; gap >= 0; gap--) {
      if (strays.chance(level.stray)) {
        out.splice(gap, 0, strays.pick(STRAY_READINGS));
        errors++;
      }
    }
  }
  let written = out.join("");
  if (engine === "tesseract" && rng.chance(level.spaces)) written = Array.from(written).join(" ");
  const base = rng.range(0.82, 0.98);
  return { text: written, confidence: Math.max(0.2, Math.min(0.99, base - 0.12 * errors - rng.range(0, 0.05))) };
}

const FIELD_OF: Record<PersonField, FieldName> = {
  name: "name",
  formerName: "formerNames",
  relation: "relation",
  sex: "sex",
  ethnicity: "ethnicity",
  birthDate: "birthDate",
  birthplace: "birthPlace",
  nativePlace: "nativePlace",
  idNumber: "idNumber",
  address: "address",
  education: "education",
  maritalStatus: "maritalStatus",
  occupation: "occupation",
  employer: "employer",
  moveIn: "moveIn",
};

const CARD_FIELDS = Object.keys(PERSON_FIELD_LABELS) as PersonField[];
const LEDGER_FIELDS = LEDGER_COLUMNS.map(([field]) => field);

function fakeBox(rng: Rng, text: string): OcrBox {
  return { x: rng.int(80, 1400), y: rng.int(150, 1100), w: 28 * Math.max(1, Array.from(text).length), h: rng.int(28, 36) };
}

/** A field as extraction builds it from two engines' readings of the drawn text (null when nothing usable was read). */
export function simulatedField(rng: Rng, field: FieldName, drawn: string, script: Script, level: NoiseLevel): ExtractedField | null {
  const box = fakeBox(rng, drawn);
  const candidates = (["tesseract", "ppocr"] as const)
    // Now and then one engine does not see the text at all.
    .filter(() => !rng.chance(0.03))
    .map((engine) => ({ ...simulateReading(rng, drawn, script, level, engine), engine }))
    .filter((c) => c.text.trim() !== "");
  if (candidates.length === 0) return null;
  return buildField(field, [{ box, candidates }]);
}

export type DistractorPage = { kind: PageKind; script: Script; entries: ExtractedEntry[]; household: { headName?: string; address?: string } | null };

function pickDateStyle(rng: Rng, script: Script): DateStyle {
  return rng.pick(script === "traditional" ? [...DATE_STYLES] : DATE_STYLES.filter((d) => !d.startsWith("roc-")));
}

/**
 * The entries of one simulated page: a person card of one member, or the
 * household ledger of all of them (with the household's head and address
 * copied to each row and family links derived as extraction does).
 */
export function distractorPage(rng: Rng, household: Household, kind: PageKind): DistractorPage {
  const script: Script = rng.chance(0.5) ? "traditional" : "simplified";
  const dateStyle = pickDateStyle(rng, script);
  const fmt = pageFormat(rng.fork("format"), script, dateStyle, kind === "household-ledger", household);
  const level = rng.weighted([NOISE_LEVELS.clean, NOISE_LEVELS.typical, NOISE_LEVELS.heavy], [3, 5, 2]);
  const members = kind === "person-card" ? [rng.pick(household.members)] : household.members;
  const fields = kind === "person-card" ? CARD_FIELDS : LEDGER_FIELDS;
  const record = recordFields(household, fmt, ["headName", "address"]);
  const entries: ExtractedEntry[] = members.map((person, index) => {
    const drawn = personFields(person, household, fmt, fields);
    const out: ExtractedEntry["fields"] = {};
    for (const [key, text] of Object.entries(drawn) as [PersonField, string][]) {
      const field = simulatedField(rng, FIELD_OF[key], text, script, level);
      if (field) out[FIELD_OF[key]] = field;
    }
    const boxes = Object.values(out).map((f) => f!.box).filter((b): b is OcrBox => b !== null);
    const box = boxes.length === 0 ? null : { x: Math.min(...boxes.map((b) => b.x)), y: Math.min(...boxes.map((b) => b.y)), w: 600, h: 40 };
    return { index, kind, fields: out, box };
  });
  let household_: DistractorPage["household"] = null;
  if (kind === "household-ledger") {
    const head = record.headName ? simulatedField(rng, "householdHead", record.headName, script, level) : null;
    const address = record.address ? simulatedField(rng, "address", record.address, script, level) : null;
    for (const entry of entries) {
      if (head) entry.fields.householdHead = { ...head, alternatives: [...head.alternatives] };
      if (address && !entry.fields.address) entry.fields.address = { ...address, alternatives: [...address.alternatives] };
    }
    deriveFamily(entries);
    household_ = { ...(head?.value ? { headName: head.value } : {}), ...(address?.value ? { address: address.value } : {}) };
  } else {
    const entry = entries[0];
    if (entry.fields.relation?.value === "户主" && entry.fields.name?.value) entry.fields.householdHead = { ...entry.fields.name, alternatives: [...entry.fields.name.alternatives] };
    const headName = entry.fields.householdHead?.value;
    const address = entry.fields.address?.value;
    household_ = headName || address ? { ...(headName ? { headName } : {}), ...(address ? { address } : {}) } : null;
  }
  return { kind, script, entries, household: household_ };
}
