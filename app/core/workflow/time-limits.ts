/**
 * Time limits per stage (辦理時限) and the deadlines they give. Limits are
 * data (working days or clock hours per state); the working calendar is the
 * office's (UTC offset, weekend days, public holidays, make-up working days).
 * Every function takes `now` from the caller.
 */
import type { CaseState } from "./states";

export type TimeLimit = { workingDays: number } | { hours: number };

export interface WorkCalendar {
  /** The office's offset from UTC in minutes (+480 for UTC+8). */
  utcOffsetMinutes: number;
  /** Days of the week that are not working days, 0 = Sunday. */
  weekend: number[];
  /** Public holidays, YYYY-MM-DD (office-local). */
  holidays: string[];
  /** Weekend days that are working days (調休), YYYY-MM-DD. */
  workdays: string[];
}

export type TimeLimits = Partial<Record<CaseState, TimeLimit | null>>;

export const DEFAULT_CALENDAR: WorkCalendar = { utcOffsetMinutes: 480, weekend: [0, 6], holidays: [], workdays: [] };

/** Default limits; an office changes them in its requirement set. */
export const DEFAULT_TIME_LIMITS: TimeLimits = {
  intake: { hours: 24 },
  searching: { workingDays: 10 },
  evidence_review: { workingDays: 5 },
  awaiting_approval: { workingDays: 3 },
  approved: { workingDays: 2 },
  registered: { workingDays: 2 },
  returned: { workingDays: 20 },
  closed: null,
  rejected: null,
};

const DAY = 86_400_000;

function localDay(date: Date, calendar: WorkCalendar): number {
  return Math.floor((date.getTime() + calendar.utcOffsetMinutes * 60_000) / DAY);
}

function isoDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function isWorkingDay(day: number, calendar: WorkCalendar): boolean {
  const iso = isoDay(day);
  if (calendar.workdays.includes(iso)) return true;
  if (calendar.holidays.includes(iso)) return false;
  return !calendar.weekend.includes(new Date(day * DAY).getUTCDay());
}

/**
 * When a stage entered at `enteredAt` is due. Working days count from the
 * next day, as office practice does: entered on Monday with 3 working days
 * is due at the end of Thursday (office time). Hours are clock hours.
 */
export function stageDeadline(enteredAt: Date, limit: TimeLimit, calendar: WorkCalendar = DEFAULT_CALENDAR): Date {
  if ("hours" in limit) return new Date(enteredAt.getTime() + limit.hours * 3_600_000);
  let day = localDay(enteredAt, calendar);
  let left = limit.workingDays;
  // A calendar that has no working days at all would loop for ever.
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    day += 1;
    if (isWorkingDay(day, calendar)) left -= 1;
  }
  // End of that office-local day.
  return new Date((day + 1) * DAY - calendar.utcOffsetMinutes * 60_000 - 1);
}

export interface StageClock {
  limit: TimeLimit | null;
  deadline: Date | null;
  overdue: boolean;
  /** Due within the next 24 hours and not yet overdue. */
  dueSoon: boolean;
}

export function stageClock(
  state: CaseState,
  enteredAt: Date,
  limits: TimeLimits,
  now: Date,
  calendar: WorkCalendar = DEFAULT_CALENDAR,
): StageClock {
  const limit = limits[state] ?? null;
  if (!limit) return { limit: null, deadline: null, overdue: false, dueSoon: false };
  const deadline = stageDeadline(enteredAt, limit, calendar);
  const overdue = now.getTime() > deadline.getTime();
  return { limit, deadline, overdue, dueSoon: !overdue && deadline.getTime() - now.getTime() < DAY };
}
