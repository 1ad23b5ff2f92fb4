import type { JobHandlers } from "../core/jobs/index.js";
import { alertJobs } from "./alerts/digest.js";
import { consultationJobs } from "./consultations/jobs.js";
import { disputeJobs } from "./disputes/jobs.js";
import { obligationJobs } from "./obligations/jobs.js";

/** Every timer Concord runs, by job kind: what a worker (in `serve` or `concord worker`) can fire. */
export const JOB_HANDLERS: JobHandlers = { ...obligationJobs, ...consultationJobs, ...disputeJobs, ...alertJobs };
