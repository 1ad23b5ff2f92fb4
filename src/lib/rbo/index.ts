export * from "./indicators.js";
export * from "./score.js";
export * from "./tfdd.js";
