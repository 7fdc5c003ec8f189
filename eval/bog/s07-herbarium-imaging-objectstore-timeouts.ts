// Incident: the herbarium digitisation pipeline's object store (MinIO behind a dead network
// path) has been unreachable since before the window. Every upload attempt times out after 30 s,
// the upload queue grows all window, readiness probes time out. Scanning and the catalog work.
import type { Scenario } from "./types.js";
import { makeRng } from "./rng.js";
import { Timeline, poisson, every, iso, k8sEvent, MIN, HOUR, type Rec } from "./util.js";

export default function s07(seed: number): Scenario {
  const r = makeRng(seed, "s07-herbarium-imaging-objectstore-timeouts");
  const tl = new Timeline();
  const start = Date.UTC(2026, 9, 7, 8, 30, 0) + r.int(0, 59) * 1000;
  const end = start + 3 * HOUR;
  const families = ["Rosaceae", "Poaceae", "Asteraceae", "Fabaceae", "Orchidaceae"];
  const up = (t: number, level: string, target: string, fields: Rec, span: Rec = {}): Rec => ({
    timestamp: iso(t).replace("Z", "123Z"),
    level,
    fields,
    target,
    span: { name: "upload", ...span },
    host: "imaging-worker-01",
  });
  const specimen = () => `HERB-${r.int(200000, 299999)}`;

  // Dominant failure: every upload attempt times out (Rust tracing JSON, ERROR).
  poisson(r, start, end, 5000, (t) => {
    const id = specimen();
    tl.add(
      t,
      up(
        t,
        "ERROR",
        "specimen_uploader::upload",
        {
          message: "upload to object store timed out",
          object_key: `images/${id}/master.tif`,
          bucket: "herbarium-masters",
          endpoint: "https://objstore.herb.internal:9000",
          attempt: r.int(1, 5),
          elapsed_ms: 30000 + r.int(0, 40),
        },
        { specimen: id },
      ),
      "performance",
    );
  });
  every(r, start, end, MIN, (t, i) =>
    tl.add(
      t,
      up(t, "WARN", "specimen_uploader::queue", { message: "upload queue depth high", pending: 2400 + i * r.int(2, 4), oldest_age_s: 5400 + i * 60 }),
      "performance",
    ),
  );

  // Healthy: scans arrive (Serilog compact JSON) and are accepted into the queue.
  poisson(r, start, end, 20_000, (t) => {
    const id = specimen();
    const ms = r.lat(850);
    tl.add(t, {
      "@t": iso(t),
      "@mt": "Scan {SpecimenId} captured in {Elapsed:0.00} ms",
      "@m": `Scan "${id}" captured in ${ms.toFixed(2)} ms`,
      "@i": "7c1d0a2e",
      SpecimenId: id,
      Elapsed: ms,
      Family: r.pick(families),
      Application: "scan-station",
      MachineName: `SCAN-0${r.int(1, 3)}`,
    });
    const t2 = t + r.int(200, 900);
    tl.add(
      t2,
      up(
        t2,
        "INFO",
        "specimen_uploader::intake",
        { message: "scan received, queued for upload", object_key: `images/${id}/master.tif`, bytes: r.int(180_000_000, 260_000_000) },
        { specimen: id },
      ),
    );
  });

  // object store pods: readiness probes time out (kubelet events)
  every(r, start, end, 10 * MIN, (t) => {
    for (const [k, pod] of ["minio-1", "minio-2"].entries())
      tl.add(
        t + k * 700,
        k8sEvent(
          t + k * 700,
          "imaging",
          pod,
          "Unhealthy",
          `Readiness probe failed: Get "http://10.52.3.${17 + k}:9000/minio/health/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        ),
        "performance",
      );
  });

  // catalog-api (pino), unaffected
  const routes = [
    ["/specimens/:id", 28],
    ["/search", 64],
    ["/taxa/:name", 19],
  ] as const;
  poisson(r, start, end, 6000, (t) => {
    const [route, med] = r.pick(routes);
    tl.add(t, {
      level: 30,
      time: t,
      pid: 1,
      hostname: `catalog-api-7f6d9-${r.pick(["c4mhz", "r8tqw"])}`,
      name: "catalog-api",
      msg: "request completed",
      req: { method: "GET", url: route.replace(":id", specimen()).replace(":name", r.pick(families)) },
      res: { statusCode: 200 },
      responseTime: r.lat(med, 0),
      route,
    });
  });

  return tl.build(
    "s07-herbarium-imaging-objectstore-timeouts",
    "Object store unreachable since before the window: every specimen image upload times out at 30 s, queue grows, probes time out.",
  );
}
