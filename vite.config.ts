import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** Builds the web UI from src/web into dist/web, which `concord serve` serves beside the API. */
export default defineConfig({
  root: fileURLToPath(new URL("./src/web", import.meta.url)),
  base: "/",
  plugins: [react()],
  // Translations are imported from locales/ at the repository root.
  server: { fs: { allow: [fileURLToPath(new URL(".", import.meta.url))] }, proxy: { "/api": "http://localhost:8080", "/openapi.json": "http://localhost:8080" } },
  build: {
    outDir: fileURLToPath(new URL("./dist/web", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
});
