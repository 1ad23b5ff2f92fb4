import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { addAttachment, ATTACHMENT_TYPES, getAttachment } from "../../modules/applications/attachments.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import type { AppEnv } from "../env.js";
import { errors, json } from "../openapi.js";

const ZAttachment = z.object({ id: z.string().uuid(), filename: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(), uploadedAt: z.string() }).openapi("Attachment");
const binary = z.string().openapi({ format: "binary" });
const fileContent = Object.fromEntries(Object.keys(ATTACHMENT_TYPES).map((t) => [t, { schema: binary }]));

export function registerAttachments(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/applications/{ref}/attachments",
      tags: ["fund"],
      summary: "Attach a PDF, PNG or JPEG (at most 10 MB) to a draft or returned application; the body is the file",
      request: { params: ZRefParam, query: z.object({ filename: z.string().min(1).max(300) }), body: { required: true, content: fileContent } },
      responses: { 201: json(ZAttachment, "The stored document"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 413: errors[413], 415: errors[415], 422: errors[422] },
    }),
    async (c) => {
      const data = new Uint8Array(await c.req.arrayBuffer());
      const contentType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      const saved = await addAttachment(c.get("ctx"), c.req.valid("param").ref, { filename: c.req.valid("query").filename, contentType, data });
      return c.json(saved, 201);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/applications/{ref}/attachments/{id}",
      tags: ["fund"],
      summary: "Download a document of an application the caller may see",
      request: { params: ZRefParam.extend({ id: z.string().uuid().openapi({ param: { name: "id", in: "path" } }) }) },
      responses: { 200: { description: "The file", content: fileContent }, 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const { ref, id } = c.req.valid("param");
      const file = await getAttachment(c.get("ctx"), ref, id);
      c.header("Content-Type", file.contentType);
      c.header("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
      return c.body(new Uint8Array(file.data), 200);
    },
  );
}
