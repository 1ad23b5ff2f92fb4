import { z } from "@hono/zod-openapi";
import { SAMPLED_MAX_PLAYERS } from "../../lib/sharing/shapley.js";

const num = z.number().finite();

/** Coalition values as the contract writes them: every coalition by its sorted 1-based members, "" for the empty one. */
export const ZTableGame = z
  .object({
    players: z.number().int().min(1).max(20),
    values: z.record(z.string().max(100), num).openapi({ description: 'Every coalition\'s value: "" → 0, "1" → v({1}), "1,2" → v({1,2}), …' }),
  })
  .strict()
  .openapi("CoalitionGame");

/** A game from the parties' contributions and a synergy term (src/lib/sharing/shapley.ts synergyGame). */
export const ZSynergyGame = z
  .object({
    contributions: z.array(num.min(0)).min(1).max(SAMPLED_MAX_PLAYERS),
    synergy: num.min(0).max(100).default(0),
  })
  .strict()
  .openapi("SynergyGame");

export const ZGame = z.union([ZTableGame, ZSynergyGame]);

export const ZShapleyRequest = z.object({
  game: ZGame,
  /** Permutations to sample; exact when absent (games of at most 20 players). */
  sample: z.number().int().min(100).max(1_000_000).optional(),
  seed: z.number().int().min(0).max(2 ** 31).default(1),
});

export const ZNashRequest = z.object({
  game: ZGame,
  weights: z.array(num.positive()).optional().openapi({ description: "Bargaining weights, equal when absent" }),
  disagreement: z.array(num).optional().openapi({ description: "What each party gets without agreement; its own value v({i}) when absent" }),
});

export const ZCoreRequest = z.object({ game: ZTableGame, allocation: z.array(num) });

const ZCoreCheck = z
  .object({
    efficiencyGap: z.number(),
    inCore: z.boolean(),
    blocking: z.array(z.object({ coalition: z.array(z.number().int()), excess: z.number() })),
    blockingCount: z.number().int(),
  })
  .openapi("CoreCheck");
export const ZShapleyResult = z
  .object({
    method: z.enum(["exact", "sampled"]),
    shapley: z.array(z.number()),
    standardError: z.array(z.number()).optional(),
    bound95: z.array(z.number()).optional(),
    permutations: z.number().int().optional(),
    core: ZCoreCheck.nullable().openapi({ description: "The Shapley value checked against every coalition (games of at most 20 parties)" }),
  })
  .openapi("ShapleyResult");
export const ZNashResult = z
  .object({ nash: z.array(z.number()), surplus: z.number(), disagreement: z.array(z.number()), core: ZCoreCheck.nullable() })
  .openapi("NashResult");
export { ZCoreCheck };
