import type { Logger } from "pino";
import type { Principal, ServiceContext } from "../core/context.js";
import type { Database } from "../db/client.js";
import type { Lang } from "../lib/i18n/index.js";

export type AppDeps = {
  database: Database;
  logger?: Logger;
  now: () => Date;
  /** Mark cookies Secure; on when served over https (or behind a proxy that terminates it). */
  secureCookies?: boolean;
  /** Trust X-Forwarded-For for the client address (only behind a proxy you run). */
  trustProxy?: boolean;
  /** Serves the built web UI from this directory when given. */
  webRoot?: string;
};

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    principal: Principal;
    authMethod: "cookie" | "token" | undefined;
    lang: Lang;
    requestId: string;
    secure: boolean;
    ctx: ServiceContext;
  };
};
