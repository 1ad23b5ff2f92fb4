import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { DEFAULT_PUBLISHER, exportIati, ZIatiExportQuery } from "../../modules/exports/iati.js";
import type { AppEnv } from "../env.js";
import { errorForLog } from "../errors.js";
import { errors } from "../openapi.js";
import { byteStream } from "../stream.js";

export function registerExports(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/exports/iati",
      tags: ["projects"],
      summary: "The projects the caller may see, filtered as the project list, as an IATI 2.03 activity file",
      description:
        "Streams an IATI 2.03 `iati-activities` document (valid against the 2.03 schema) with one activity per project matching the filters, in project-code order, with the same visibility as GET /api/v1/projects (the public sees only published public projects). " +
        "Projects imported from IATI are written as imported, with the title, status and dates changed in Concord and the transactions recorded in Concord since. " +
        `Other projects are described from Concord's records; their activity identifiers start with the owner organisation's IATI identifier, or with the publisher's (CONCORD_IATI_PUBLISHER, default ${DEFAULT_PUBLISHER}).`,
      request: { query: ZIatiExportQuery },
      responses: {
        200: {
          description: "The IATI activity file, as an attachment named concord-iati-YYYYMMDD.xml",
          content: { "application/xml": { schema: z.string().openapi({ format: "binary" }) } },
        },
        400: errors[400],
      },
    }),
    async (c) => {
      const ctx = c.get("ctx");
      const result = await exportIati(ctx, c.req.valid("query"));
      const stamp = ctx.now().toISOString().slice(0, 10).replace(/-/g, "");
      c.header("Content-Type", "application/xml; charset=utf-8");
      c.header("Content-Disposition", `attachment; filename=concord-iati-${stamp}.xml`);
      c.header("Cache-Control", "no-store");
      const onError = (err: unknown) => ctx.log?.error({ err: errorForLog(err), requestId: c.get("requestId"), path: c.req.path }, "IATI export failed while streaming");
      return c.body(byteStream(result.chunks, onError), 200);
    },
  );
}
