import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { consultationClocks, getConsultation, listConsultations } from "../../modules/consultations/read.js";
import {
  ZClockBoard,
  ZConsultation,
  ZConsultationCheck,
  ZConsultationClose,
  ZConsultationEntryCreate,
  ZConsultationExtend,
  ZConsultationListQuery,
  ZConsultationPage,
  ZConsultationReceipt,
  ZConsultationResubmit,
  ZConsultationSubmit,
} from "../../modules/consultations/schemas.js";
import {
  checkConsultation,
  closeConsultation,
  extendConsultation,
  receiveConsultation,
  recordConsultationEntry,
  resubmitConsultation,
  submitConsultation,
} from "../../modules/consultations/write.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import type { AppEnv } from "../env.js";
import { body, errors, json } from "../openapi.js";

const stepErrors = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] };

export function registerConsultations(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/consultations",
      tags: ["consultations"],
      summary: "Prior notifications and consultations (signed-in users), running clocks first",
      request: { query: ZConsultationListQuery },
      responses: { 200: json(ZConsultationPage, "A page of consultations"), 400: errors[400], 401: errors[401] },
    }),
    async (c) => c.json(await listConsultations(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/consultations/clocks",
      tags: ["consultations"],
      summary: "Every open consultation and what it waits for next (staff)",
      responses: { 200: json(ZClockBoard, "Open consultations, running clocks first"), 401: errors[401], 403: errors[403] },
    }),
    async (c) => c.json(await consultationClocks(c.get("ctx")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/consultations/{ref}",
      tags: ["consultations"],
      summary: "One consultation with its parties, receipts, timeline and clock",
      request: { params: ZRefParam },
      responses: { 200: json(ZConsultation, "The consultation"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(await getConsultation(c.get("ctx"), c.req.valid("param").ref), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/consultations",
      tags: ["consultations"],
      summary: "Notify a planned project with transboundary impact (an officer of the proposing country, or staff)",
      request: { body: body(ZConsultationSubmit) },
      responses: { 201: json(ZConsultation, "Submitted"), 400: errors[400], 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(await submitConsultation(c.get("ctx"), c.req.valid("json")), 201),
  );

  /** The steps of the procedure share one shape: a body in, the consultation after the step out. */
  const step = <S extends z.ZodTypeAny>(path: string, summary: string, schema: S) =>
    createRoute({
      method: "post",
      path: `/api/v1/consultations/{ref}/${path}`,
      tags: ["consultations"],
      summary,
      request: { params: ZRefParam, body: body(schema) },
      responses: { 200: json(ZConsultation, "The consultation after the step"), ...stepErrors },
    });

  app.openapi(step("check", "Completeness check (staff): forward to the affected parties, or return with a reason", ZConsultationCheck), async (c) =>
    c.json(await checkConsultation(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(step("resubmit", "Resubmit a returned notification (the proposer, or staff)", ZConsultationResubmit), async (c) =>
    c.json(await resubmitConsultation(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(step("receipt", "Acknowledge receipt for an affected party (its officer, or staff on its behalf); the last receipt starts the clock", ZConsultationReceipt), async (c) =>
    c.json(await receiveConsultation(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(step("entries", "Record a reply, technical review, meeting or note while consulting", ZConsultationEntryCreate), async (c) =>
    c.json(await recordConsultationEntry(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(step("extend", "Extend the period by joint decision of every party (staff)", ZConsultationExtend), async (c) =>
    c.json(await extendConsultation(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(step("close", "Record the outcome (staff; the proposer may withdraw)", ZConsultationClose), async (c) =>
    c.json(await closeConsultation(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
}
