import type { ServiceContext } from "../../core/context.js";
import type { ImportKind } from "../../db/schema/interop.js";
import type { ImportOptions, ImportSummary } from "./common.js";

/** What the user can set on an import, from the CLI's flags or the API's query. */
export type ImportParams = {
  /** Mechanism code the imported projects belong to; each source has its own by default. */
  mechanism?: string;
  /** IATI: a folder of IATI codelist XML files (Sector.xml, Country.xml…), for names beside codes. */
  codelists?: string;
  /** TFDD files are Latin-1; everything else UTF-8 unless told. */
  encoding?: "utf8" | "latin1";
  /** CSV import: the column-mapping JSON (a path on the CLI, the parsed object through the API). */
  mapping?: unknown;
};

/** Every importer has this one shape, so the CLI, the API's import jobs and the UI treat them alike. */
export type Importer = (ctx: ServiceContext, files: string[], params: ImportParams, opts: ImportOptions) => Promise<ImportSummary>;

/** Each importer loads on first use, so the server and the CLI start without parsing code they may not need. */
const loaders: Record<ImportKind, () => Promise<Importer>> = {
  gcdf: async () => (await import("./gcdf.js")).importGcdf,
  tfdd: async () => (await import("./tfdd.js")).importTfddEvents,
  "tfdd-rbo": async () => (await import("./tfdd.js")).importTfddRbo,
  "tfdd-treaties": async () => (await import("./tfdd.js")).importTfddTreaties,
  iati: async () => (await import("./iati.js")).importIati,
  "csv-actors": async () => (await import("./csv.js")).importCsvActors,
  "csv-projects": async () => (await import("./csv.js")).importCsvProjects,
};

export const importerFor = (kind: ImportKind): Promise<Importer> => loaders[kind]();
