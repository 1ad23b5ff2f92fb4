import { asc } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import type { ServiceContext } from "../../core/context.js";
import { countries } from "../../db/schema/actors.js";
import { ZLocalized } from "../shared/schemas.js";

export const ZCountry = z.object({ code: z.string(), iso3: z.string(), name: ZLocalized, region: z.string().nullable() }).openapi("Country");

export async function listCountries(ctx: ServiceContext): Promise<z.infer<typeof ZCountry>[]> {
  return ctx.db.select().from(countries).orderBy(asc(countries.code));
}
