import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateWebApiSchema, openApiDocument, SCHEMA_FILE } from "./web-api-schema.js";

describe("web UI API types", () => {
  it("match the OpenAPI document the server produces (run `npm run gen:api` after changing a route)", async () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(await generateWebApiSchema());
  }, 60_000);
});

describe("web UI labels", () => {
  // Each enum the UI shows by name, and where its labels live in locales/<lang>/web.json.
  const LABELLED: [schema: string, property: string, prefix: string][] = [
    ["ProjectSummary", "status", "status"],
    ["Alert", "kind", "alerts.kinds"],
    ["Alert", "severity", "alerts.severity"],
    ["AlertSubscription", "channel", "alerts.channels"],
    ["CooperationModeCount", "mode", "provinces.mode"],
    ["ProjectSummary", "visibility", "visibility"],
    ["Phase", "status", "phaseStatus"],
    ["ProgressReport", "status", "reportStatus"],
    ["Party", "role", "partyRole"],
    ["Party", "actorType", "actorType"],
    ["Member", "role", "memberRole"],
    ["Actor", "level", "govLevel"],
    ["Event", "kind", "eventKind"],
    ["Transaction", "type", "transaction"],
    ["Me", "role", "role"],
    ["Call", "state", "callState"],
    ["Application", "status", "applicationStatus"],
    ["PhaseEvent", "action", "phaseAction"],
    ["PhaseEvent", "reason", "suspendReason"],
    ["FundingGap", "by", "gapBy"],
    ["Obligation", "status", "agreements.state"],
    ["AgreementSummary", "kind", "agreements.kinds"],
    ["ConsultationSummary", "status", "consultations.status"],
    ["ConsultationSummary", "subject", "consultations.subjects"],
    ["ConsultationSummary", "outcome", "consultations.outcome"],
    ["ConsultationEntry", "kind", "consultations.entry"],
    ["ConsultationMilestone", "kind", "consultations.next"],
    ["DisputeSummary", "stage", "disputes.stage"],
    ["DisputeSummary", "status", "disputes.statusName"],
    ["BulletinSummary", "category", "bulletinCategory"],
    ["Comment", "status", "feedback.status"],
    ["Comment", "subject", "feedback.subject"],
  ];
  type JsonSchema = { enum?: unknown[]; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; type?: unknown; properties?: Record<string, JsonSchema> };
  const enumOf = (s: JsonSchema | undefined): string[] =>
    !s ? [] : s.enum ? s.enum.filter((v): v is string => typeof v === "string") : [...(s.anyOf ?? []), ...(s.oneOf ?? [])].flatMap(enumOf);

  it.each(LABELLED)("has an English label for every value of %s.%s", async (schema, property, prefix) => {
    const web = JSON.parse(readFileSync(new URL("../locales/en/web.json", import.meta.url), "utf8")) as Record<string, unknown>;
    // A prefix may be nested ("disputes.stage"): walk down to the object holding the labels.
    const labels = prefix.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], web) as Record<string, unknown> | undefined;
    const doc = (await openApiDocument()) as { components: { schemas: Record<string, JsonSchema> } };
    const values = enumOf(doc.components.schemas[schema]?.properties?.[property]);
    expect(values.length, `${schema}.${property} is an enum`).toBeGreaterThan(0);
    for (const v of values) expect(labels?.[v], `${prefix}.${v}`).toBeTypeOf("string");
  });
});
