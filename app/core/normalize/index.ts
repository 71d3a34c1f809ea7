export * from "./text";
export * from "./confusions";
export * from "./numerals";
export * from "./dates";
export * from "./id-number";
export * from "./region";
export * from "./names";
