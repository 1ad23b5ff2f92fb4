import type { JobHandlers } from "../../core/jobs/index.js";

/** Timers of consultations, by job kind. */
export const consultationJobs: JobHandlers = {};
