export * from "./states";
export * from "./time-limits";
export * from "./identity";
export * from "./requirements";
export * from "./record";
export * from "./case-number";
export * from "./log";
export * from "./forms";
