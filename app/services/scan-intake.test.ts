import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { type IntakeLimits, type IntakeRejection, type IntakeResult, inspectScan } from "~/services/scan-intake.server";

const fixtures = fileURLToPath(new URL("../../tests/fixtures/", import.meta.url));
const good = (name: string) => readFileSync(`${fixtures}good-files/${name}`);
const bad = (name: string) => readFileSync(`${fixtures}bad-files/${name}`);

const LIMITS: IntakeLimits = { maxBytes: 20 * 1024 * 1024, maxPixels: 40_000_000, maxPages: 50 };
// A4 at 200 dpi: 595×842 pt × 200/72, rounded up.
const A4_AT_200_DPI = { width: 1653, height: 2339 };
const PDF_TIMEOUT = 60_000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function accepted(result: IntakeResult) {
  if (!result.ok) throw new Error(`expected acceptance, got ${result.reason}: ${result.detail}`);
  return result;
}

/** Share of pixels darker than mid-grey, optionally within a horizontal band of rows. */
async function inkShare(png: Buffer, band?: { top: number; height: number }): Promise<number> {
  let image = sharp(png).greyscale();
  if (band) {
    const { width } = await sharp(png).metadata();
    image = image.extract({ left: 0, top: band.top, width: width!, height: band.height });
  }
  const { data } = await image.raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  for (const value of data) if (value < 128) dark++;
  return dark / data.length;
}

describe("inspectScan rejections", () => {
  it.each<[string, IntakeRejection]>([
    ["empty.png", "empty"],
    ["zip-disguised.png", "wrongType"],
    ["text-disguised.jpg", "wrongType"],
    ["program-disguised.png", "wrongType"],
    ["animation.gif", "wrongType"],
    ["truncated.png", "truncated"],
    ["truncated.jpg", "truncated"],
    ["corrupt.jpg", "corrupt"],
    ["bomb-50000x50000.png", "tooManyPixels"],
    ["image-bomb.pdf", "tooManyPixels"],
    ["corrupt.pdf", "corruptPdf"],
    ["encrypted-user-password.pdf", "encryptedPdf"],
    ["encrypted-owner-only.pdf", "encryptedPdf"],
  ])("rejects %s as %s", async (name, reason) => {
    const result = await inspectScan(bad(name), LIMITS);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.detail).toMatch(/\w/);
  });

  it.each(["bomb-50000x50000.png", "image-bomb.pdf"])("reports the declared size of the bomb in %s", async (name) => {
    const result = await inspectScan(bad(name), LIMITS);
    expect(result).toMatchObject({ ok: false, reason: "tooManyPixels", detail: expect.stringContaining("50000×50000") });
  });

  it("rejects an oversized file before looking inside it", async () => {
    const png = good("register.png");
    expect(await inspectScan(png, { ...LIMITS, maxBytes: png.length - 1 })).toMatchObject({ ok: false, reason: "tooLarge" });
    // The bomb would be tooManyPixels if it were decoded at all.
    const bomb = bad("bomb-50000x50000.png");
    expect(await inspectScan(bomb, { ...LIMITS, maxBytes: 100 })).toMatchObject({ ok: false, reason: "tooLarge" });
    expect(await inspectScan(png, { ...LIMITS, maxBytes: png.length })).toMatchObject({ ok: true });
  });

  it("treats a PNG or JPEG missing only its final marker as truncated", async () => {
    const png = good("register.png");
    const jpeg = good("register.jpg");
    expect(await inspectScan(png.subarray(0, png.length - 12), LIMITS)).toMatchObject({ ok: false, reason: "truncated" });
    expect(await inspectScan(jpeg.subarray(0, jpeg.length - 2), LIMITS)).toMatchObject({ ok: false, reason: "truncated" });
  });

  it("treats a PNG with damaged pixel data as corrupt, not truncated", async () => {
    const png = Buffer.from(good("register.png"));
    png[png.length - 100] ^= 0xff; // inside the last IDAT: its CRC no longer matches
    expect(await inspectScan(png, LIMITS)).toMatchObject({ ok: false, reason: "corrupt" });
  });

  it("treats a cut-off TIFF as truncated, even when its directory is gone", async () => {
    const tiff = good("register-3-pages.tiff");
    for (const share of [0.1, 0.5, 0.9]) {
      expect(await inspectScan(tiff.subarray(0, Math.floor(tiff.length * share)), LIMITS)).toMatchObject({
        ok: false,
        reason: "truncated",
      });
    }
  });

  it("limits TIFF pages by count and by pixels", async () => {
    const tiff = good("register-3-pages.tiff");
    expect(await inspectScan(tiff, { ...LIMITS, maxPages: 2 })).toMatchObject({ ok: false, reason: "tooManyPages" });
    expect(await inspectScan(tiff, { ...LIMITS, maxPages: 3 })).toMatchObject({ ok: true });
    expect(await inspectScan(tiff, { ...LIMITS, maxPixels: 480 * 300 - 1 })).toMatchObject({ ok: false, reason: "tooManyPixels" });
  });

  it(
    "limits PDF pages by count and rendered pages by pixels",
    async () => {
      const pdf = good("register-2-pages.pdf");
      expect(await inspectScan(pdf, { ...LIMITS, maxPages: 1 })).toMatchObject({ ok: false, reason: "tooManyPages" });
      const tooBig = await inspectScan(pdf, { ...LIMITS, maxPixels: A4_AT_200_DPI.width * A4_AT_200_DPI.height - 1 });
      expect(tooBig).toMatchObject({ ok: false, reason: "tooManyPixels", detail: expect.stringContaining("200 dpi") });
    },
    PDF_TIMEOUT
  );

  it(
    "treats a cut-off PDF as corrupt",
    async () => {
      const pdf = good("register-2-pages.pdf");
      expect(await inspectScan(pdf.subarray(0, Math.floor(pdf.length * 0.6)), LIMITS)).toMatchObject({ ok: false, reason: "corruptPdf" });
    },
    PDF_TIMEOUT
  );
});

describe("inspectScan acceptance", () => {
  it.each([
    ["register.png", "image/png"],
    ["register.jpg", "image/jpeg"],
  ] as const)("keeps the original bytes of single-page %s", async (name, mime) => {
    const bytes = good(name);
    const result = accepted(await inspectScan(bytes, LIMITS));
    expect(result).toMatchObject({ mime, byteSize: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
    expect(result.pages).toHaveLength(1);
    expect(result.pages[0]).toMatchObject({ pageNumber: 1, mime, width: 640, height: 400 });
    expect(result.pages[0].image.equals(bytes)).toBe(true);
  });

  it("splits a multi-page TIFF into lossless PNG pages", async () => {
    const tiff = good("register-3-pages.tiff");
    const result = accepted(await inspectScan(tiff, LIMITS));
    expect(result.mime).toBe("image/tiff");
    expect(result.pages.map((p) => p.pageNumber)).toEqual([1, 2, 3]);
    for (const [index, page] of result.pages.entries()) {
      expect(page).toMatchObject({ mime: "image/png", width: 480, height: 300 });
      expect(page.image.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      const original = await sharp(tiff, { page: index }).raw().toBuffer();
      const converted = await sharp(page.image).raw().toBuffer();
      expect(converted.equals(original)).toBe(true);
    }
    // Different pages, not the first page three times.
    expect(result.pages[0].image.equals(result.pages[1].image)).toBe(false);
  });

  it(
    "renders every page of a scanned PDF at 200 dpi with visible ink",
    async () => {
      const pdf = good("register-2-pages.pdf");
      const copy = Buffer.from(pdf);
      const result = accepted(await inspectScan(pdf, LIMITS));
      expect(pdf.equals(copy)).toBe(true); // pdf.js must not have detached or altered the caller's buffer
      expect(result).toMatchObject({ mime: "application/pdf", byteSize: pdf.length });
      expect(result.pages.map((p) => p.pageNumber)).toEqual([1, 2]);
      for (const page of result.pages) {
        expect(page).toMatchObject({ mime: "image/png", ...A4_AT_200_DPI });
        expect(page.image.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
        const metadata = await sharp(page.image).metadata();
        expect(metadata).toMatchObject({ format: "png", ...A4_AT_200_DPI });
        // The scanned image fills the top of the page (from 78 pt down, 313.5 pt tall) and has ink;
        // the bottom margin is white paper.
        const scanBand = { top: Math.round((78 * 200) / 72), height: Math.round((313 * 200) / 72) };
        expect(await inkShare(page.image, scanBand)).toBeGreaterThan(0.01);
        expect(await inkShare(page.image, { top: 2100, height: 239 })).toBe(0);
      }
    },
    PDF_TIMEOUT
  );

  it(
    "renders Chinese text set in an embedded CID font",
    async () => {
      const result = accepted(await inspectScan(good("register-cjk-text.pdf"), LIMITS));
      expect(result.pages).toHaveLength(1);
      const [page] = result.pages;
      expect(page).toMatchObject({ pageNumber: 1, mime: "image/png", ...A4_AT_200_DPI });
      // Four lines of 28 pt text with baselines from 100 pt to 244 pt.
      const textBand = { top: Math.round((70 * 200) / 72), height: Math.round((185 * 200) / 72) };
      expect(await inkShare(page.image, textBand)).toBeGreaterThan(0.01);
      expect(await inkShare(page.image, { top: 1200, height: 1000 })).toBe(0);
    },
    PDF_TIMEOUT
  );
});

describe("inspectScan on hostile input", () => {
  const assertSettles = async (bytes: Uint8Array) => {
    const result = await inspectScan(Buffer.from(bytes), { maxBytes: 1024 * 1024, maxPixels: 4_000_000, maxPages: 5 });
    expect(typeof result.ok).toBe("boolean");
    if (!result.ok) expect(result.detail.length).toBeGreaterThan(0);
    else expect(result.pages.length).toBeGreaterThan(0);
  };

  // Random bodies behind each accepted magic number, so the bytes reach every decoder, not just the sniffer.
  const magic = fc.constantFrom(
    new Uint8Array(),
    Uint8Array.from(PNG_SIGNATURE),
    Uint8Array.from([0xff, 0xd8, 0xff]),
    Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
    Uint8Array.from(Buffer.from("II*\0", "latin1")),
    Uint8Array.from(Buffer.from("MM\0*", "latin1")),
    Uint8Array.from(Buffer.from("%PDF-1.7\n", "latin1"))
  );

  it(
    "always settles on random bytes",
    async () => {
      await fc.assert(
        fc.asyncProperty(magic, fc.uint8Array({ maxLength: 4096 }), async (head, body) => {
          await assertSettles(Buffer.concat([head, body]));
        }),
        { numRuns: 200, seed: 20_240_611 }
      );
    },
    PDF_TIMEOUT
  );

  it("always settles on good files with mutated headers or cut short", async () => {
    const originals = ["register.png", "register.jpg", "register-3-pages.tiff", "register-cjk-text.pdf"].map(good);
    const mutation = fc.record({
      original: fc.constantFrom(...originals),
      edits: fc.array(fc.tuple(fc.nat({ max: 511 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      // Half the runs keep the whole file, the others cut it at 1–99 %.
      keepPercent: fc.oneof(fc.constant(100), fc.integer({ min: 1, max: 99 })),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ original, edits, keepPercent }) => {
        const bytes = Buffer.from(original);
        for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
        await assertSettles(bytes.subarray(0, Math.ceil((bytes.length * keepPercent) / 100)));
      }),
      { numRuns: 120, seed: 19_491_001 }
    );
  }, 120_000);
});
