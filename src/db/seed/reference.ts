import type { ReferenceData } from "./types.js";
import { actors } from "./reference/actors.js";
import { countries } from "./reference/countries.js";
import { events } from "./reference/events.js";
import { mechanisms, participantCounts } from "./reference/mechanisms.js";
import { projects } from "./reference/projects.js";

/** Concord's reference dataset: facts from the five studies, plus clearly flagged sample projects. */
export const reference: ReferenceData = { countries, actors, mechanisms, participantCounts, events, projects };
