import type { z } from "@hono/zod-openapi";
import { ruleAt } from "../../core/errors.js";
import { rng } from "../../lib/random.js";
import { checkCore, EXACT_MAX_PLAYERS, nashBargaining, shapleyExact, shapleySampled, synergyGame, tabulate, tableGame, type Game } from "../../lib/sharing/shapley.js";
import type { ZCoreRequest, ZGame, ZNashRequest, ZShapleyRequest, ZTableGame } from "./schemas.js";

type GameInput = z.infer<typeof ZGame>;

/**
 * The table of a game given by its coalitions. Each key must be its members sorted, without
 * repeats, within 1..players, and every coalition must be there: a missing one is named rather
 * than taken as zero, which would quietly change everyone's share.
 */
export function tableOf(game: z.infer<typeof ZTableGame>): Float64Array {
  const n = game.players;
  const values = new Float64Array(1 << n);
  const seen = new Uint8Array(1 << n);
  for (const [key, v] of Object.entries(game.values)) {
    const members = key === "" ? [] : key.split(",").map((s) => (/^\s*\d+\s*$/.test(s) ? Number(s) : Number.NaN));
    const ok = members.every((m, i) => Number.isInteger(m) && m >= 1 && m <= n && (i === 0 || m > members[i - 1]!));
    if (!ok) throw ruleAt("share_coalition_key", `game.values.${key}`, { key, players: n });
    const mask = members.reduce((s, m) => s | (1 << (m - 1)), 0);
    values[mask] = v;
    seen[mask] = 1;
  }
  const missing = seen.findIndex((s) => !s);
  if (missing >= 0) {
    const key = Array.from({ length: n }, (_, i) => i + 1).filter((i) => missing & (1 << (i - 1))).join(",");
    throw ruleAt("share_coalition_missing", "game.values", { key, count: seen.filter((s) => !s).length });
  }
  if (values[0] !== 0) throw ruleAt("share_empty_coalition", 'game.values.""', {});
  return values;
}

function gameOf(input: GameInput): { game: Game; table: Float64Array | null } {
  if ("values" in input) {
    const table = tableOf(input);
    return { game: tableGame(input.players, table), table };
  }
  const game = synergyGame(input.contributions, input.synergy);
  return { game, table: game.players <= EXACT_MAX_PLAYERS ? tabulate(game) : null };
}

const coreOf = (game: Game, table: Float64Array | null, allocation: readonly number[]) => (table ? checkCore(game.players, table, allocation, 5) : null);

export function shapley(req: z.infer<typeof ZShapleyRequest>) {
  const { game, table } = gameOf(req.game);
  if (req.sample === undefined) {
    if (!table) throw ruleAt("share_too_many_players", "game", { players: game.players, max: EXACT_MAX_PLAYERS });
    const phi = shapleyExact(game.players, table);
    return { method: "exact" as const, shapley: phi, core: coreOf(game, table, phi) };
  }
  const s = shapleySampled(game, req.sample, rng(req.seed));
  return { method: "sampled" as const, shapley: s.shapley, standardError: s.standardError, bound95: s.bound95, permutations: s.permutations, core: coreOf(game, table, s.shapley) };
}

export function nash(req: z.infer<typeof ZNashRequest>) {
  const { game, table } = gameOf(req.game);
  const n = game.players;
  for (const [name, arr] of [
    ["weights", req.weights],
    ["disagreement", req.disagreement],
  ] as const)
    if (arr && arr.length !== n) throw ruleAt("share_length", name, { expected: n });
  const disagreement = req.disagreement ?? Array.from({ length: n }, (_, i) => game.value(1 << i));
  const r = nashBargaining(game.value((1 << n) - 1), disagreement, req.weights ?? Array(n).fill(1));
  if (!r.allocation) throw ruleAt("share_no_surplus", "game", { surplus: r.surplus });
  return { nash: r.allocation, surplus: r.surplus, disagreement, core: coreOf(game, table, r.allocation) };
}

export function core(req: z.infer<typeof ZCoreRequest>) {
  const table = tableOf(req.game);
  if (req.allocation.length !== req.game.players) throw ruleAt("share_length", "allocation", { expected: req.game.players });
  return checkCore(req.game.players, table, req.allocation, 10);
}
