import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The browser tests need the built UI; a checkout that skipped `npm install`'s build gets one here. */
export default function setup() {
  const root = fileURLToPath(new URL("..", import.meta.url));
  if (existsSync(`${root}dist/web/index.html`)) return;
  // A separate process: vitest sets NODE_ENV=test, which would make a development build of React.
  const vite = `${root}node_modules/vite/bin/vite.js`;
  const r = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: root, env: { ...process.env, NODE_ENV: "production" }, stdio: "inherit", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`vite build failed (${r.status ?? r.signal})`);
}
