import { z } from "@hono/zod-openapi";
import { LANGS } from "../../db/schema/common.js";
import { ROLES } from "../../db/schema/users.js";

export const PASSWORD_MIN = 10;

/** Passwords long enough to pass the length rule that guessing lists still try first. */
const COMMON_PASSWORDS = new Set(["password123", "password1234", "1234567890", "12345678910", "0123456789", "qwertyuiop", "qwerty1234", "qwerty123456", "1q2w3e4r5t", "abcdefghij", "iloveyou123", "administrator", "letmein123", "welcome123", "passw0rd123", "changeme123", "concord123", "concord2024"]);

/**
 * Long enough, and not trivially guessable: at least four different characters (no
 * "aaaaaaaaaa" or "abababab…") and not on the list of common passwords.
 */
export const ZPassword = z
  .string()
  .min(PASSWORD_MIN)
  .max(256)
  .refine((p) => p.length < PASSWORD_MIN || (new Set(p.toLowerCase()).size >= 4 && !COMMON_PASSWORDS.has(p.toLowerCase())), { message: "password_weak" });

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
