import type { JobHandlers } from "../../core/jobs/index.js";

/** Timers of obligations, by job kind. */
export const obligationJobs: JobHandlers = {};
