export * from "./geo.js";
export * from "./mechanisms.js";
export * from "./projects.js";
export * from "./sets.js";
export * from "./outside.js";
