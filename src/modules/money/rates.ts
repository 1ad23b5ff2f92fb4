import { asc, desc, eq } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { AppError } from "../../core/errors.js";
import { authorize, isStaff, isUser } from "../../core/policy/index.js";
import { exchangeRates } from "../../db/schema/money.js";
import type { ZExchangeRateCreate, ZExchangeRateQuery } from "./schemas.js";

const toRate = (r: typeof exchangeRates.$inferSelect) => ({ currency: r.currency, date: r.date, usdPerUnit: r.usdPerUnit, source: r.source });

/** Records the rate of a currency on a date (staff). A rate once recorded is not overwritten. */
export async function addExchangeRate(ctx: ServiceContext, input: z.infer<typeof ZExchangeRateCreate>) {
  authorize(ctx.principal, isStaff(ctx.principal), "create", "exchange_rate");
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(exchangeRates)
      .values({ ...input, source: input.source ?? null, createdBy: isUser(ctx.principal) ? ctx.principal.userId : null, createdAt: tx.now() })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError("already_exists", { params: { entity: "exchange_rate", id: `${input.currency} ${input.date}` } });
    await audit(tx, { entity: "exchange_rate", entityId: `${row.currency}:${row.date}`, action: "create", after: row });
    return toRate(row);
  });
}

export async function listExchangeRates(ctx: ServiceContext, query: z.infer<typeof ZExchangeRateQuery>) {
  const rows = await ctx.db
    .select()
    .from(exchangeRates)
    .where(query.currency ? eq(exchangeRates.currency, query.currency) : undefined)
    .orderBy(asc(exchangeRates.currency), desc(exchangeRates.date))
    .limit(5000);
  return { items: rows.map(toRate) };
}
