import { z } from "@hono/zod-openapi";
import { ACTOR_TYPES } from "../../db/schema/actors.js";
import { ZLocalized } from "../shared/schemas.js";

export const LINK_KINDS = ["project", "agreement", "meeting"] as const;

export const ZNetworkQuery = z.object({
  mechanism: z.string().max(64).optional().openapi({ description: "Only records under this mechanism (code or id)" }),
  from: z.coerce.number().int().min(1900).max(2200).optional().openapi({ description: "Only records dated in or after this year" }),
  to: z.coerce.number().int().min(1900).max(2200).optional().openapi({ description: "Only records dated in or before this year" }),
  kinds: z
    .string()
    .regex(/^(project|agreement|meeting)(,(project|agreement|meeting))*$/, "network_kinds")
    .optional()
    .openapi({ description: "Which links to count, comma-separated (all by default)" }),
});

const ZNode = z.object({
  code: z.string(),
  name: ZLocalized,
  type: z.enum(ACTOR_TYPES),
  country: z.string().nullable(),
  degree: z.number().int(),
  strength: z.number(),
  pagerank: z.number(),
  betweenness: z.number(),
  core: z.number().int(),
  community: z.number().int(),
  brokerage: z.number().int().openapi({ description: "Pairs of its partners in different countries that are not linked to each other" }),
});

export const ZNetwork = z
  .object({
    nodes: z.array(ZNode),
    links: z.array(
      z.object({
        a: z.string(),
        b: z.string(),
        weight: z.number(),
        projects: z.number().int(),
        agreements: z.number().int(),
        meetings: z.number().int(),
        from: z.number().int().nullable(),
        to: z.number().int().nullable(),
      }),
    ),
    communities: z.object({ count: z.number().int(), modularity: z.number() }),
    mixing: z.object({ types: z.array(z.enum(ACTOR_TYPES)), matrix: z.array(z.array(z.number())), assortativity: z.number(), sameType: z.number().openapi({ description: "Share of links joining two actors of the same type" }) }),
    betweennessSampled: z.boolean().openapi({ description: "Betweenness estimated from a sample of sources (large networks)" }),
    rules: z.record(z.string(), z.string()),
  })
  .openapi("CollaborationNetwork");
