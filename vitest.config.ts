import { defineConfig } from "vitest/config";

// The API suite (*.api.test.ts) runs twice: on embedded PGlite and on a real PostgreSQL that
// test/pg-global-setup.ts starts from the machine's binaries. Browser tests live in e2e/.
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
        test: { name: "api-pglite", include: ["src/**/*.api.test.ts", "test/**/*.api.test.ts"], env: { CONCORD_TEST_DB: "pglite" } },
      },
      {
        extends: true,
        test: {
          name: "api-postgres",
          include: ["src/**/*.api.test.ts", "test/**/*.api.test.ts"],
          env: { CONCORD_TEST_DB: "postgres" },
          globalSetup: ["test/pg-global-setup.ts"],
        },
      },
      {
        extends: true,
        // Browser tests: Debian's Chromium against `concord serve` on a free loopback port.
        test: { name: "e2e", include: ["e2e/**/*.e2e.test.ts"], globalSetup: ["e2e/global-setup.ts"], testTimeout: 180_000, hookTimeout: 240_000, fileParallelism: false },
      },
    ],
  },
});
