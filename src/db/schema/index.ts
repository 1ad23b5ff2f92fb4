export * from "./common.js";
export * from "./actors.js";
export * from "./mechanisms.js";
export * from "./users.js";
export * from "./projects.js";
export * from "./events.js";
export * from "./audit.js";
export * from "./fund.js";
