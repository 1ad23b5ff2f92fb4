import type { Database } from "../db/client.js";
import { loadReference, type SeedSummary } from "../db/seed/load.js";

/** Loads the reference dataset; imported lazily because it is large and most commands never need it. */
export async function seedDatabase(database: Database): Promise<SeedSummary> {
  const { reference } = await import("../db/seed/reference.js");
  return loadReference(database.db, reference);
}
