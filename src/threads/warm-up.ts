/**
 * A ready detection thread compiles its code before the first incident, not during it.
 *
 * V8 compiles a thread's hot code only once that code has run for a while: on a new thread the
 * first 100k-log incident took 1.4-1.6 s against about 0.5 s for the same incident a dozen
 * incidents later. A thread kept ready (DETECTION_THREADS_READY) has nothing to do until an
 * incident comes, so it spends that time running the whole pipeline (parsing, detection with
 * its helper thread, the answer's JSON) on an incident of its own making, held in memory. Nothing
 * of it leaves the thread: no Valkey key is read or written, no metric counts it, the memory
 * across incidents never sees it. A real incident that arrives meanwhile waits at most for the
 * round in progress.
 */
import { createRandom } from "../detection/forest/random.js";

/** Logs in the incident of a warm-up round: enough for the paths of a large incident (the helper's forest and bursts). */
export const WARM_UP_LOGS = 20_000;
const SERVICES = ["api-gateway", "orders", "payments", "inventory", "auth"] as const;
const ROUTES = ["/api/orders", "/api/items", "/api/cart", "/api/users/me", "/api/checkout"] as const;

/**
 * The incident of a warm-up round, as JSON lines the way producers store them: five services
 * over an hour, with the field names, levels and message kinds of real logs, and a few of each
 * anomaly type (slow requests, memory climbing, errors, an unusual line), so that every stage of
 * detection has work to do. Deterministic.
 */
export function warmUpIncident(n = WARM_UP_LOGS, endMs = Date.now()): string[] {
  const rnd = createRandom(11);
  const startMs = endMs - 3_600_000;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const ms = startMs + Math.floor((i * 3_600_000) / n);
    const service = SERVICES[rnd.int(SERVICES.length)]!;
    const route = ROUTES[rnd.int(ROUTES.length)]!;
    const late = i > n * 0.8;
    const entry: Record<string, unknown> = { timestamp: new Date(ms).toISOString(), service, trace_id: (i * 2654435761) % 4294967296 };
    const kind = rnd.int(100);
    if (kind < 60) {
      const rt = late && service === "payments" && rnd.int(10) === 0 ? 4000 + rnd.int(3000) : 20 + rnd.int(80);
      Object.assign(entry, { level: "INFO", message: `GET ${route}/${rnd.int(5000)} 200 in ${rt}ms`, response_time: rt });
    } else if (kind < 80) {
      const mem = late && service === "inventory" ? 85 + rnd.int(14) : 40 + rnd.int(20);
      Object.assign(entry, { level: "INFO", message: `heap usage ${mem}% after collection`, memory_usage: mem });
    } else if (kind < 93) {
      Object.assign(entry, { level: "DEBUG", message: `cache ${rnd.int(2) === 0 ? "hit" : "miss"} for key user:${rnd.int(900)}` });
    } else if (kind < 98) {
      Object.assign(entry, { level: "WARN", message: `retrying call to ${SERVICES[rnd.int(SERVICES.length)]} (attempt ${1 + rnd.int(3)})` });
    } else if (late && service === "orders") {
      Object.assign(entry, {
        level: "ERROR",
        message: `failed to place order ${rnd.int(90_000)}: NullPointerException at OrderService.java:${100 + rnd.int(5)}`,
      });
    } else {
      Object.assign(entry, { level: "INFO", message: `config reloaded by ${rnd.int(50) === 0 ? "unknown actor" : "deploy-bot"}, ${rnd.int(40)} keys changed` });
    }
    lines.push(JSON.stringify(entry));
  }
  return lines;
}

/**
 * Runs `round` up to `rounds` times, one after the other, yielding to the event loop between
 * rounds, and stops early once `stop()` says so. Returns the rounds completed; a round that
 * throws ends the warm-up with its error.
 */
export async function warmUp(round: () => Promise<void>, stop: () => boolean, rounds: number): Promise<number> {
  let done = 0;
  while (done < rounds && !stop()) {
    await round();
    done++;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return done;
}
