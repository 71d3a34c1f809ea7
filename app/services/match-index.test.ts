import { describe, expect, test } from "vitest";
import { prepareEntry } from "~/core/match";
import { entriesFor, makePopulation, makeRng } from "~/core/match/test-population";
import { MatchIndex, U_REUSE_DRIFT, type IndexedEntry } from "./match-index.server";

function archive(persons: number, seed: number): IndexedEntry[] {
  const rng = makeRng(seed);
  return makePopulation(seed, persons)
    .flatMap((p) => entriesFor(rng, p))
    .map((e) => ({ id: e.id, archiveId: "a", pageId: "p", scanSha: "0".repeat(64), pageNumber: 1, kind: "person-card", box: null, fields: e.fields as Record<string, any>, prepared: prepareEntry(e) }));
}

describe("reloading the match index", () => {
  const entries = archive(400, 3);
  const first = new MatchIndex(entries, 1);

  test("keeps the archive u while the archive barely changed, with λ for its new size", () => {
    const grown = entries.concat(archive(2, 99).map((e) => ({ ...e, id: `new-${e.id}` })));
    expect(grown.length - entries.length).toBeLessThanOrEqual(U_REUSE_DRIFT * entries.length);
    const next = new MatchIndex(grown, 2, undefined, { previous: first });
    expect(next.model.fields).toBe(first.model.fields);
    expect(next.uEstimatedAt).toBe(first.uEstimatedAt);
    expect(next.model.priorMatch).toBe(new MatchIndex(grown, 2).model.priorMatch);
    expect(next.model.priorMatch).not.toBe(first.model.priorMatch);
  });

  test("estimates u again once the archive moved further, from the size it was last estimated at", () => {
    const more = entries.concat(archive(20, 98).map((e) => ({ ...e, id: `more-${e.id}` })));
    const next = new MatchIndex(more, 2, undefined, { previous: first });
    expect(next.model.fields).not.toBe(first.model.fields);
    expect(next.model.fields).toEqual(new MatchIndex(more, 2).model.fields);
    expect(next.uEstimatedAt).toBe(more.length);
    // Small steps add up: measured from where u was estimated, not from the last reload.
    let index = first;
    let grown = entries;
    for (let step = 0; step < 8; step++) {
      grown = grown.concat(archive(1, 200 + step).map((e) => ({ ...e, id: `s${step}-${e.id}` })));
      index = new MatchIndex(grown, 3 + step, undefined, { previous: index });
    }
    expect(Math.abs(index.size - index.uEstimatedAt)).toBeLessThanOrEqual(U_REUSE_DRIFT * index.uEstimatedAt);
    expect(index.uEstimatedAt).toBeGreaterThan(entries.length);
  });
});
