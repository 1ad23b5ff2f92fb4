import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { createEvent } from "../../modules/events/create.js";
import { countTracks, getEvent, listEvents } from "../../modules/events/read.js";
import { ZEvent, ZEventCreate, ZEventListQuery, ZEventPage, ZEventUpdate, ZOutcome, ZTrackCountQuery, ZTrackCounts, ZTrackOverride } from "../../modules/events/schemas.js";
import { addOutcome, setTrack, updateEvent } from "../../modules/events/write.js";
import { ZRefParam } from "../../modules/shared/schemas.js";
import { etag } from "../../modules/shared/versioned.js";
import type { AppEnv } from "../env.js";
import { body, errors, ifMatchHeader, json } from "../openapi.js";
import { csvResponse, jsonOrCsv, wantsCsv, withCsv } from "../csv.js";

export function registerEvents(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events",
      tags: ["events"],
      summary: "Meetings, declarations and other events on mechanisms' timelines",
      request: { query: withCsv(ZEventListQuery) },
      responses: { 200: jsonOrCsv(ZEventPage, "A page of events"), 400: errors[400] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      if (wantsCsv(query)) return csvResponse(c, "events", query);
      return c.json(await listEvents(c.get("ctx"), query), 200);
    },
  );
  // Registered before /events/{ref} so "tracks" is not read as an event's code.
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/tracks",
      tags: ["events"],
      summary: "Meetings per diplomatic track, optionally of one mechanism (every track listed, zeros included)",
      request: { query: ZTrackCountQuery },
      responses: { 200: json(ZTrackCounts, "Meetings per track"), 400: errors[400] },
    }),
    async (c) => c.json(await countTracks(c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{ref}",
      tags: ["events"],
      summary: "One event with its participants, outcomes and diplomatic track; ETag carries its version",
      request: { params: ZRefParam },
      responses: { 200: json(ZEvent, "The event"), 404: errors[404] },
    }),
    async (c) => {
      const e = await getEvent(c.get("ctx"), c.req.valid("param").ref);
      c.header("ETag", etag(e.version));
      return c.json(e, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/events/{ref}",
      tags: ["events"],
      summary: "Update an event (staff, or an officer of the organisation that recorded it); requires If-Match. Participants, kind or public opening re-derive the track",
      request: { params: ZRefParam, headers: ifMatchHeader, body: body(ZEventUpdate) },
      responses: { 200: json(ZEvent, "Updated"), ...errors },
    }),
    async (c) => {
      const e = await updateEvent(c.get("ctx"), c.req.valid("param").ref, c.req.header("if-match"), c.req.valid("json"));
      c.header("ETag", etag(e.version));
      return c.json(e, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/events/{ref}/outcomes",
      tags: ["events"],
      summary: "Append an outcome to a meeting (staff, or an officer of the organisation that recorded it)",
      request: { params: ZRefParam, body: body(ZOutcome) },
      responses: { 201: json(ZEvent, "The event with the outcome appended"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await addOutcome(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "put",
      path: "/api/v1/events/{ref}/track",
      tags: ["events"],
      summary: "Override a meeting's diplomatic track with a reason (staff), or {track: null} to go back to the derived track",
      request: { params: ZRefParam, body: body(ZTrackOverride) },
      responses: { 200: json(ZEvent, "The event with its track"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await setTrack(c.get("ctx"), c.req.valid("param").ref, c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/events",
      tags: ["events"],
      summary: "Record an event (staff; officers for their own organisation)",
      request: { body: body(ZEventCreate) },
      responses: { 201: json(ZEvent, "Created"), 400: errors[400], 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(await createEvent(c.get("ctx"), c.req.valid("json")), 201),
  );
}
