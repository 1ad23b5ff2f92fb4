import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { disputeStats, getDispute, getDisputeDocument, listDisputes } from "../../modules/disputes/read.js";
import {
  ZDispute,
  ZDisputeClose,
  ZDisputeEntry,
  ZDisputeEntryCreate,
  ZDisputeEscalate,
  ZDisputeListQuery,
  ZDisputeOpen,
  ZDisputePage,
  ZDisputeStats,
  ZDisputeStatsQuery,
} from "../../modules/disputes/schemas.js";
import { addDisputeDocument, addDisputeEntry, closeDispute, DISPUTE_DOCUMENT_TYPES, escalateDispute, openDispute } from "../../modules/disputes/write.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";

const binary = z.string().openapi({ format: "binary" });
const fileContent = Object.fromEntries(Object.keys(DISPUTE_DOCUMENT_TYPES).map((t) => [t, { schema: binary }]));
const refused = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] };

/** Dispute cases: visible to their parties, their mediator and the secretariat only. */
export function registerDisputes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/disputes/stats",
      tags: ["disputes"],
      summary: "Cases by stage and status and the median days to settle, over the cases the caller may see",
      request: { query: ZDisputeStatsQuery },
      responses: { 200: json(ZDisputeStats, "Counts"), 400: errors[400] },
    }),
    async (c) => c.json(await disputeStats(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/disputes",
      tags: ["disputes"],
      summary: "Dispute cases the caller may see (parties, mediator, secretariat)",
      request: { query: ZDisputeListQuery },
      responses: { 200: json(ZDisputePage, "A page of cases"), 400: errors[400] },
    }),
    async (c) => c.json(await listDisputes(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/disputes/{ref}",
      tags: ["disputes"],
      summary: "One case: parties, mediator, stage history, positions, documents, deadline and days left",
      request: { params: ZRefParam },
      responses: { 200: json(ZDispute, "The case"), 400: errors[400], 404: errors[404] },
    }),
    async (c) => c.json(await getDispute(c.get("ctx"), c.req.valid("param").ref), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/disputes",
      tags: ["disputes"],
      summary: "Open a case at negotiation (staff; officers of a party)",
      request: { body: body(ZDisputeOpen) },
      responses: { 201: json(ZDispute, "Opened"), ...refused },
    }),
    async (c) => c.json(await openDispute(c.get("ctx"), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/disputes/{ref}/entries",
      tags: ["disputes"],
      summary: "State a party's position (officers of a party) or add a note (the mediator, staff)",
      request: { params: ZRefParam, body: body(ZDisputeEntryCreate) },
      responses: { 201: json(ZDisputeEntry, "Recorded"), ...refused },
    }),
    async (c) => c.json(await addDisputeEntry(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/disputes/{ref}/documents",
      tags: ["disputes"],
      summary: "File a PDF, PNG or JPEG (at most 10 MB) on an open case (a party, the mediator, staff); the body is the file",
      request: { params: ZRefParam, query: z.object({ filename: z.string().min(1).max(300) }), body: { required: true, content: fileContent } },
      responses: { 201: json(ZDisputeEntry, "The stored document"), ...refused, 413: errors[413], 415: errors[415] },
    }),
    async (c) => {
      const data = new Uint8Array(await c.req.arrayBuffer());
      const contentType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      return c.json(await addDisputeDocument(c.get("ctx"), c.req.valid("param").ref, { filename: c.req.valid("query").filename, contentType, data }), 201);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/disputes/{ref}/documents/{id}",
      tags: ["disputes"],
      summary: "Download a document of a case the caller may see (audited)",
      request: { params: ZRefParam.extend({ id: z.string().uuid().openapi({ param: { name: "id", in: "path" } }) }) },
      responses: { 200: { description: "The file", content: fileContent }, 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const { ref, id } = c.req.valid("param");
      const file = await getDisputeDocument(c.get("ctx"), ref, id);
      c.header("Content-Type", file.contentType);
      c.header("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
      return c.body(new Uint8Array(file.data), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/disputes/{ref}/escalate",
      tags: ["disputes"],
      summary: "Move a case to its next stage (a party or staff); third-party mediation and arbitration need a mediator",
      request: { params: ZRefParam, body: body(ZDisputeEscalate) },
      responses: { 200: json(ZDispute, "The case at its new stage"), ...refused },
    }),
    async (c) => c.json(await escalateDispute(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/disputes/{ref}/close",
      tags: ["disputes"],
      summary: "Close a case as settled, withdrawn or (at arbitration) by award (staff; the opening party may withdraw)",
      request: { params: ZRefParam, body: body(ZDisputeClose) },
      responses: { 200: json(ZDispute, "The closed case"), ...refused },
    }),
    async (c) => c.json(await closeDispute(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
}
