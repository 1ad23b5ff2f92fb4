/**
 * A load generator for `npm run bench`, run as its own process so that the requests it sends do
 * not share an event loop with the server or the harness: `tsx bench/load.ts URL TOKEN CLIENTS
 * SECONDS MAX_REQUESTS` keeps CLIENTS requests in flight on loopback until SECONDS pass or
 * MAX_REQUESTS are sent, and prints one JSON line: requests, errors, seconds, rps, p50 and p95 in ms.
 */
import { Agent, request } from "node:http";
import { percentile } from "./stats.js";

const [url, token, clientsArg, secondsArg, maxArg] = process.argv.slice(2);
const clients = Number(clientsArg);
const seconds = Number(secondsArg);
const max = Number(maxArg);
const agent = new Agent({ keepAlive: true, maxSockets: clients });

/** One GET on a kept-alive connection; resolves to the status once the whole body is read. */
const get = () =>
  new Promise<number>((resolve, reject) => {
    const req = request(url!, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });

const times: number[] = [];
let sent = 0;
let errors = 0;
const start = performance.now();
const deadline = start + seconds * 1000;

async function client() {
  while (sent < max && performance.now() < deadline) {
    sent++;
    const t0 = performance.now();
    try {
      if ((await get()) !== 200) errors++;
    } catch {
      errors++;
    }
    times.push(performance.now() - t0);
  }
}

await Promise.all(Array.from({ length: clients }, client));
const elapsed = (performance.now() - start) / 1000;
process.stdout.write(`${JSON.stringify({ requests: times.length, errors, seconds: elapsed, rps: times.length / elapsed, p50: percentile(times, 50), p95: percentile(times, 95) })}\n`);
agent.destroy();
