import { describe, expect, it } from "vitest";
import { PgDialect } from "drizzle-orm/pg-core";
import { auditLog } from "../../db/schema/audit.js";
import { projectCountries, projects } from "../../db/schema/projects.js";
import { insertAllStatement, RawJson, recordsetPayload, type TableRows } from "./batch-insert.js";

describe("recordsetPayload", () => {
  it("names only the columns some row sets, by their SQL names and types, and serialises like JSON.stringify", () => {
    const at = new Date("2026-01-02T03:04:05.000Z");
    const rows = [
      { at, channel: "cli", entity: "project", entityId: "p1", action: "import_create", after: { file: "a.xml", line: 3 } },
      { at, channel: "cli", entity: "project", entityId: "p2", action: "import_update", after: null, userId: undefined },
    ];
    const { names, types, payload } = recordsetPayload(auditLog, rows);
    expect(names).toEqual(['"at"', '"channel"', '"entity"', '"entity_id"', '"action"', '"after"']);
    expect(types).toEqual(['"at" timestamp with time zone', '"channel" text', '"entity" text', '"entity_id" text', '"action" text', '"after" jsonb']);
    expect(JSON.parse(payload)).toEqual([
      { at: at.toISOString(), channel: "cli", entity: "project", entity_id: "p1", action: "import_create", after: { file: "a.xml", line: 3 } },
      { at: at.toISOString(), channel: "cli", entity: "project", entity_id: "p2", action: "import_update", after: null },
    ]);
  });

  it("splices raw JSON text in as the column's value, unparsed and unquoted", () => {
    const detail = JSON.stringify({ identifier: "XM-1", titles: [{ text: "A \"quoted\" title, 水" }] });
    const { payload } = recordsetPayload(projects, [
      { code: "XM-1", externalDetail: new RawJson(detail) },
      { code: "XM-2", externalDetail: null },
    ]);
    expect(payload).toContain(`"external_detail":${detail}`);
    expect(JSON.parse(payload)).toEqual([
      { code: "XM-1", external_detail: JSON.parse(detail) },
      { code: "XM-2", external_detail: null },
    ]);
    // A row whose only value is raw JSON is still one object.
    expect(JSON.parse(recordsetPayload(projects, [{ externalDetail: new RawJson("[1,2]") }]).payload)).toEqual([{ external_detail: [1, 2] }]);
  });
});

describe("insertAllStatement", () => {
  it("makes one statement of one insert CTE per table with rows, each reading its own parameter", () => {
    const none = insertAllStatement([{ table: projects, rows: [] }]);
    expect(none).toBeNull();
    const statement = insertAllStatement([
      { table: projects, rows: [{ id: "00000000-0000-4000-8000-000000000001", code: "XM-1" }] },
      { table: auditLog, rows: [] },
      { table: projectCountries, rows: [{ projectId: "00000000-0000-4000-8000-000000000001", countryCode: "LA" }] },
    ] as TableRows[])!;
    const { sql, params } = new PgDialect().sqlToQuery(statement);
    expect(sql).toBe(
      'with i0 as (insert into "projects" ("id", "code") select "id", "code" from jsonb_to_recordset($1::jsonb) as x("id" uuid, "code" text)), ' +
        'i1 as (insert into "project_countries" ("project_id", "country_code") select "project_id", "country_code" from jsonb_to_recordset($2::jsonb) as x("project_id" uuid, "country_code" text)) select 1',
    );
    expect(params.map((p) => JSON.parse(p as string))).toEqual([
      [{ id: "00000000-0000-4000-8000-000000000001", code: "XM-1" }],
      [{ project_id: "00000000-0000-4000-8000-000000000001", country_code: "LA" }],
    ]);
  });
});
