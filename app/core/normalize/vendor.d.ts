// The parts of lunar-javascript (which ships no types) that normalize uses.
declare module "lunar-javascript" {
  export interface Solar {
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    toYmd(): string;
    getLunar(): Lunar;
  }
  export interface Lunar {
    getYear(): number;
    /** Negative for a leap month. */
    getMonth(): number;
    getDay(): number;
    getSolar(): Solar;
  }
  export interface LunarMonth {
    getYear(): number;
    getMonth(): number;
    getDayCount(): number;
    isLeap(): boolean;
  }
  export interface LunarYear {
    getYear(): number;
    /** 0 when the year has no leap month. */
    getLeapMonth(): number;
    /** A negative month asks for the leap month; null when there is no such month. */
    getMonth(month: number): LunarMonth | null;
  }
  export const Lunar: {
    /** Throws when the month or day does not exist in that lunar year. */
    fromYmd(year: number, month: number, day: number): Lunar;
  };
  export const LunarYear: {
    fromYear(year: number): LunarYear;
  };
  export const Solar: {
    fromYmd(year: number, month: number, day: number): Solar;
  };
}
