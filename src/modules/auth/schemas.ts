import { z } from "@hono/zod-openapi";
import { LANGS } from "../../db/schema/common.js";
import { ROLES } from "../../db/schema/users.js";

export const PASSWORD_MIN = 10;

export const ZPassword = z.string().min(PASSWORD_MIN).max(256);

export const ZSignIn = z
  .object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(256) })
  .openapi("SignIn");

export const ZMe = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    orgId: z.string().uuid(),
    orgCode: z.string(),
    locale: z.enum(LANGS),
  })
  .openapi("Me");
