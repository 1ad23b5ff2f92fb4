import type { Database } from "../db/client.js";
import { loadReference, type SeedSummary } from "../db/seed/load.js";
import { reference } from "../db/seed/reference.js";

export const seedDatabase = (database: Database): Promise<SeedSummary> => loadReference(database.db, reference);
