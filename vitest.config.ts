import { defineConfig } from "vitest/config";

// The API suite (*.api.test.ts) runs twice: on embedded PGlite and on a real PostgreSQL that
// test/pg-global-setup.ts starts from the machine's binaries. Browser tests live in e2e/.

// The proofs that take long (every route × role, property-based bad input, hostile files, races,
// killed processes) form their own lane, on both databases too: `npm test` runs every lane,
// `npm run test:heavy` only this one and `npm run test:quick` all the others.
const HEAVY = [
  "test/openapi-matrix.api.test.ts",
  "test/permission-matrix.api.test.ts",
  "test/bad-input.api.test.ts",
  "test/malicious-files.api.test.ts",
  "test/concurrency.api.test.ts",
  "test/faults.api.test.ts",
];
const API = ["src/**/*.api.test.ts", "test/**/*.api.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["src/**/*.test.ts", "test/**/*.test.ts"], exclude: ["**/*.api.test.ts", "**/node_modules/**"] },
      },
      {
        extends: true,
        test: { name: "api-pglite", include: API, exclude: [...HEAVY, "**/node_modules/**"], env: { CONCORD_TEST_DB: "pglite" } },
      },
      {
        extends: true,
        test: { name: "heavy-pglite", include: HEAVY, env: { CONCORD_TEST_DB: "pglite" } },
      },
      {
        extends: true,
        test: {
          name: "api-postgres",
          include: API,
          exclude: [...HEAVY, "**/node_modules/**"],
          env: { CONCORD_TEST_DB: "postgres" },
          globalSetup: ["test/pg-global-setup.ts"],
        },
      },
      {
        extends: true,
        test: { name: "heavy-postgres", include: HEAVY, env: { CONCORD_TEST_DB: "postgres" }, globalSetup: ["test/pg-global-setup.ts"] },
      },
      {
        extends: true,
        // Browser tests: Debian's Chromium against `concord serve` on a free loopback port.
        test: { name: "e2e", include: ["e2e/**/*.e2e.test.ts"], globalSetup: ["e2e/global-setup.ts"], testTimeout: 180_000, hookTimeout: 240_000, fileParallelism: false },
      },
    ],
  },
});
