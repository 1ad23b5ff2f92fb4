import { z } from "@hono/zod-openapi";
import { LANGS } from "../../db/schema/common.js";
import { ROLES } from "../../db/schema/users.js";
import { ZPassword } from "../auth/schemas.js";

export const ZUserCreate = z
  .object({
    email: z.string().trim().toLowerCase().email().max(254),
    name: z.string().trim().min(1).max(200),
    password: ZPassword,
    role: z.enum(ROLES),
    /** The organisation, by actor code (e.g. `cn-yunnan`) or id. */
    org: z.string().trim().min(1).max(200),
    locale: z.enum(LANGS).default("en"),
  })
  .openapi("UserCreate");
export type UserCreate = z.input<typeof ZUserCreate>;

export const ZUser = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    orgId: z.string().uuid(),
    /** The organisation's actor code, e.g. `cn-yunnan`. */
    orgCode: z.string(),
    locale: z.enum(LANGS),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("User");
export type User = z.infer<typeof ZUser>;

export const ZUserUpdateSelf = z.object({ locale: z.enum(LANGS).optional(), name: z.string().trim().min(1).max(200).optional() }).openapi("UserUpdateSelf");
