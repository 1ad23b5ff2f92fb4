import type { JobHandlers } from "../../core/jobs/index.js";

/** Timers of disputes, by job kind. */
export const disputeJobs: JobHandlers = {};
