import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { audit } from "../../core/audit.js";
import { withTransaction, type ServiceContext } from "../../core/context.js";
import { notFound } from "../../core/errors.js";
import { requireUser } from "../../core/policy/index.js";
import { apiTokens } from "../../db/schema/users.js";
import { generateSecret, hashSecret } from "../auth/crypto.js";

export const TOKEN_PREFIX = "cct_";

export const ZTokenCreate = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** Days until the token stops working; none means until revoked. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .openapi("TokenCreate");

export const ZToken = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("Token");
export type Token = z.infer<typeof ZToken>;

const toToken = (r: typeof apiTokens.$inferSelect): Token => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt?.toISOString() ?? null,
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

/** Creates a token for the signed-in user; the secret is returned this once and never stored. */
export async function createToken(ctx: ServiceContext, raw: z.input<typeof ZTokenCreate>): Promise<Token & { token: string }> {
  const user = requireUser(ctx.principal);
  const input = ZTokenCreate.parse(raw);
  const secret = TOKEN_PREFIX + generateSecret();
  const now = ctx.now();
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(apiTokens)
      .values({
        userId: user.userId,
        name: input.name,
        tokenHash: hashSecret(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        createdAt: now,
        expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
      })
      .returning();
    const token = toToken(row!);
    await audit(tx, { entity: "api_token", entityId: token.id, action: "create", after: token });
    return { ...token, token: secret };
  });
}

export async function listTokens(ctx: ServiceContext): Promise<Token[]> {
  const user = requireUser(ctx.principal);
  const rows = await ctx.db.select().from(apiTokens).where(eq(apiTokens.userId, user.userId)).orderBy(desc(apiTokens.createdAt));
  return rows.map(toToken);
}

/** Revokes one of the caller's own tokens; another user's token is reported as not found. */
export async function revokeToken(ctx: ServiceContext, id: string): Promise<Token> {
  const user = requireUser(ctx.principal);
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .update(apiTokens)
      .set({ revokedAt: ctx.now() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, user.userId), isNull(apiTokens.revokedAt)))
      .returning();
    if (!row) throw notFound("api_token", id);
    const token = toToken(row);
    await audit(tx, { entity: "api_token", entityId: id, action: "revoke", after: token });
    return token;
  });
}
