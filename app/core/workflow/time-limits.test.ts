import { describe, expect, it } from "vitest";
import { DEFAULT_CALENDAR, stageClock, stageDeadline, type WorkCalendar } from "./time-limits";

// 2026-03-02 is a Monday.
const mondayMorning = new Date("2026-03-02T10:00:00+08:00");

describe("stage deadlines", () => {
  it("counts working days from the next day and ends at office midnight", () => {
    expect(stageDeadline(mondayMorning, { workingDays: 3 }).toISOString()).toBe("2026-03-05T15:59:59.999Z");
  });

  it("skips weekends", () => {
    const friday = new Date("2026-03-06T17:30:00+08:00");
    expect(stageDeadline(friday, { workingDays: 1 }).toISOString()).toBe("2026-03-09T15:59:59.999Z");
  });

  it("uses the office's day, not UTC's", () => {
    // 01:00 on Tuesday in the office is still Monday in UTC.
    const earlyTuesday = new Date("2026-03-03T01:00:00+08:00");
    expect(stageDeadline(earlyTuesday, { workingDays: 1 }).toISOString()).toBe("2026-03-04T15:59:59.999Z");
  });

  it("skips holidays and counts make-up working days", () => {
    const calendar: WorkCalendar = { ...DEFAULT_CALENDAR, holidays: ["2026-03-03", "2026-03-04"], workdays: ["2026-03-07"] };
    expect(stageDeadline(mondayMorning, { workingDays: 3 }, calendar).toISOString()).toBe("2026-03-07T15:59:59.999Z");
  });

  it("counts clock hours for hour limits", () => {
    expect(stageDeadline(mondayMorning, { hours: 24 }).toISOString()).toBe("2026-03-03T02:00:00.000Z");
  });

  it("does not loop for ever on a calendar without working days", () => {
    const never: WorkCalendar = { ...DEFAULT_CALENDAR, weekend: [0, 1, 2, 3, 4, 5, 6] };
    expect(stageDeadline(mondayMorning, { workingDays: 2 }, never).getTime()).toBeGreaterThan(mondayMorning.getTime());
  });
});

describe("the stage clock", () => {
  const limits = { searching: { workingDays: 3 }, closed: null };

  it("is overdue only after the deadline, as a pure function of now", () => {
    const before = stageClock("searching", mondayMorning, limits, new Date("2026-03-05T15:00:00Z"));
    expect(before).toMatchObject({ overdue: false, dueSoon: true });
    const after = stageClock("searching", mondayMorning, limits, new Date("2026-03-05T16:00:00Z"));
    expect(after).toMatchObject({ overdue: true, dueSoon: false });
    expect(after.deadline?.toISOString()).toBe("2026-03-05T15:59:59.999Z");
  });

  it("has no deadline for states without a limit", () => {
    expect(stageClock("closed", mondayMorning, limits, new Date("2030-01-01"))).toEqual({ limit: null, deadline: null, overdue: false, dueSoon: false });
    expect(stageClock("approved", mondayMorning, limits, new Date("2030-01-01")).overdue).toBe(false);
  });
});
