// Everyday flood worded as a resource running out: a Django storefront tracks two or three product-analytics
// events per page view through Segment's analytics-python client; the collection API is slow from this region,
// the client's bounded queue stays full and every dropped event logs a WARNING. Marketing analytics lose a
// sample of page views; shoppers notice nothing and nobody is paged. The real incident is elsewhere: an
// image-resize Celery worker leaks memory on huge uploads and is OOM-killed (memory).
import { Timeline, around, chance, every, int, pick, poisson, pyAsc, rngFor, round, uuid, windowStart } from "./shared.js";
import type { Scenario } from "./types.js";

const PAGES = ["/", "/products/linen-shirt-{n}", "/products/wool-scarf-{n}", "/c/outerwear", "/c/sale", "/search", "/cart"];
const PODS = ["checkout-api-7f9c6d-x2kqp", "checkout-api-7f9c6d-m8w4t"];
const API = ["/api/cart/items", "/api/cart", "/api/checkout/session", "/api/shipping/quote"];

export default function m02(seed: number): Scenario {
  const r = rngFor(seed, "m02");
  const t0 = windowStart(seed, "m02");
  const t1 = t0 + 30 * 60_000;
  const tl = new Timeline();
  const py = (t: number, levelname: string, name: string, message: string, app: string, extra: Record<string, unknown> = {}) => ({
    asctime: pyAsc(t),
    levelname,
    name,
    message,
    app,
    ...extra,
  });

  // Page views (INFO) and, per view, the analytics events the full queue drops (the flood, WARNING).
  poisson(r, t0, t1, 0.7, (t) => {
    const path = pick(r, PAGES).replace("{n}", String(int(r, 10, 480)));
    tl.add(t, py(t, "INFO", "gunicorn.access", `GET ${path} 200`, "storefront-web", { path, status_code: 200, duration_ms: round(around(r, 85, 0.35)) }));
    const drops = chance(r, 0.85) ? int(r, 1, 3) : 0;
    for (let k = 0; k < drops; k++) {
      const tk = t + 2 + k * int(r, 1, 4);
      tl.add(tk, py(tk, "WARNING", "segment", "analytics-python queue is full", "storefront-web", { pathname: "analytics/client.py", lineno: 266 }));
    }
  });
  // checkout-api (pino): ordinary traffic.
  poisson(r, t0, t1, 0.5, (t) => {
    const url = pick(r, API);
    tl.add(t, {
      level: 30,
      time: t,
      pid: 1,
      hostname: pick(r, PODS),
      name: "checkout-api",
      msg: "request completed",
      req: { id: uuid(r), method: url === "/api/cart" ? "GET" : "POST", url },
      res: { statusCode: 200 },
      responseTime: round(around(r, 38, 0.3)),
    });
  });

  // catalog-worker (Celery, JSON formatter): resize tasks, a memory watchdog every 20 s per worker.
  const leakFrom = t0 + int(r, 6, 20) * 60_000;
  const kills: number[] = [leakFrom + int(r, 150, 200) * 1000];
  kills.push((kills[0] as number) + int(r, 140, 190) * 1000);
  const leakTo = (kills[1] as number) + 5000;
  const rising = (t: number) => t >= leakFrom && t < leakTo;
  poisson(r, t0, t1, 0.35, (t) => {
    const id = uuid(r);
    const secs = round(around(r, 1.3, 0.3), 2);
    const task = pick(r, ["catalog.tasks.resize_image", "catalog.tasks.resize_image", "catalog.tasks.sync_inventory"]);
    tl.add(t, py(t, "INFO", "celery.app.trace", `Task ${task}[${id}] succeeded in ${secs}s: None`, "catalog-worker", { task_name: task }));
  });
  for (const w of ["ForkPoolWorker-1", "ForkPoolWorker-2", "ForkPoolWorker-3"]) {
    every(r, t0, t1, 20_000, (t) => {
      const leaking = w === "ForkPoolWorker-3" && rising(t);
      let rss = around(r, 640, 0.08);
      if (leaking) {
        const [k0, k1] = kills as [number, number];
        const frac = t < k0 ? (t - leakFrom) / (k0 - leakFrom) : t < k1 ? (t - k0) / (k1 - k0) : 1;
        rss = 1650 + 395 * frac;
      }
      const lvl = leaking ? "WARNING" : "INFO";
      tl.add(
        t,
        py(t, lvl, "catalog.memwatch", leaking ? "worker memory high" : "worker memory", "catalog-worker", {
          worker: w,
          rss_mb: Math.round(rss),
          limit_mb: 2048,
        }),
        leaking ? "memory" : null,
      );
    });
  }
  for (const k of kills) {
    const job = int(r, 700, 990);
    tl.add(
      k,
      py(k, "ERROR", "celery.pool", "Process 'ForkPoolWorker-3' pid:214 exited with 'signal 9 (SIGKILL)'", "catalog-worker", { reason: "OOMKilled" }),
      "memory",
    );
    const k2 = k + int(r, 20, 80);
    tl.add(
      k2,
      py(
        k2,
        "ERROR",
        "celery.app.trace",
        `Task catalog.tasks.resize_image[${uuid(r)}] raised unexpected: WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: ${job}.')`,
        "catalog-worker",
        {
          task_name: "catalog.tasks.resize_image",
          exc_type: "WorkerLostError",
        },
      ),
      "memory",
    );
  }
  return tl.build(
    "m02-analytics-queue-full",
    "Storefront's analytics client queue stays full and drops events all day (routine); an image worker is OOM-killed twice",
  );
}
