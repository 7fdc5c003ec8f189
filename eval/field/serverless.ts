// An AWS Lambda function forwarded from CloudWatch: START/END/REPORT platform lines with the
// REPORT figures parsed into fields, and the function's own logs between them.

import type { Scenario } from "../blind/types.js";
import { arrivals, Incident, type Label, type Rng, rngFor, round, windowStart } from "./gen.js";

/**
 * One tenant starts uploading 600 dpi TIFF scans to an image resizer sized for phone photos:
 * scattered over the hour, its invocations use nearly all of the 1,024 MB, run for many seconds,
 * time out or are killed out of memory; everyone else's photos are resized as usual.
 */
export function lambdaImageResizeOom(seed: number): Scenario {
  const name = "lambda-image-resize-oom";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 60 * 60_000;
  const fn = "image-resizer-prod";
  const memSize = 1024;
  const tenants = ["shopfront", "marketplace", "blog", "support", "listings", "avatars"];
  let stream = `2025/06/02/[$LATEST]${rng.hex(32)}`;

  const line = (t: number, level: string, message: string, requestId: string, extra: Record<string, unknown> = {}) => ({
    timestamp: new Date(t).toISOString(),
    level,
    message,
    service: fn,
    aws_request_id: requestId,
    log_group: `/aws/lambda/${fn}`,
    log_stream: stream,
    function_version: "$LATEST",
    ...extra,
  });

  for (const t of arrivals(rng, t0, end, 0.21)) {
    const id = rng.uuid();
    const scans = rng.chance(0.045);
    const cold = rng.chance(0.04);
    if (cold) stream = `2025/06/02/[$LATEST]${rng.hex(32)}`;
    const tenant = scans ? "archive-scans" : rng.pick(tenants);
    const ext = scans
      ? "tif"
      : rng.weighted([
          ["jpg", 8],
          ["png", 3],
          ["webp", 2],
          ["heic", 0.15],
        ] as const);
    const sizeMb = scans ? rng.logNormal(190, 0.25) : rng.logNormal(2.4, 0.7);
    const key = `s3://uploads-prod/${tenant}/${rng.uuid()}.${ext}`;
    let at = t;
    const next = (min: number, max: number) => {
      at += rng.int(min, max);
      return at;
    };
    inc.add(at, line(at, "INFO", `START RequestId: ${id} Version: $LATEST`, id));
    inc.add(next(1, 8), line(at, "INFO", `Processing ${key} (${sizeMb.toFixed(1)} MB, ${ext === "tif" ? "image/tiff" : `image/${ext}`})`, id, { tenant }));

    if (ext === "heic") {
      // Routine: the resizer does not support HEIC and says so at ERROR; the client converts and retries.
      inc.add(next(5, 30), line(at, "ERROR", `Unsupported image format image/heic for ${key}, skipping`, id, { tenant }));
      const d = rng.logNormal(45, 0.3);
      at = t + d;
      inc.add(at, line(at, "INFO", `END RequestId: ${id}`, id));
      inc.add(at + 1, report(rng, at + 1, fn, stream, id, d, memSize, rng.logNormal(150, 0.1), cold), null);
      continue;
    }

    let mem: number;
    let d: number;
    if (scans) {
      mem = Math.min(memSize, 520 + sizeMb * 2.0 + rng.normal() * 30);
      d = Math.min(30_030, rng.logNormal(14_000, 0.5) * (sizeMb / 190));
    } else {
      mem = Math.min(700, 210 + sizeMb * 45 * rng.logNormal(1, 0.2));
      d = rng.chance(0.01) ? rng.logNormal(2400, 0.3) : rng.logNormal(380 + sizeMb * 90, 0.35);
    }
    if (rng.chance(0.06)) inc.add(next(5, 40), line(at, "WARN", `EXIF orientation missing for ${key}, assuming 1`, id));

    if (mem >= memSize - 2) {
      // Killed by the runtime: the REPORT says so.
      at = t + rng.logNormal(6000, 0.4);
      inc.add(at, line(at, "ERROR", `RequestId: ${id} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`, id), "memory");
      inc.add(at + 1, line(at + 1, "INFO", `END RequestId: ${id}`, id));
      inc.add(at + 2, report(rng, at + 2, fn, stream, id, at - t, memSize, memSize, cold, "Runtime.OutOfMemory"), "memory");
      continue;
    }
    if (d >= 30_000) {
      at = t + 30_030 + rng.int(0, 15);
      inc.add(at, line(at, "ERROR", `${new Date(at).toISOString()} ${id} Task timed out after 30.03 seconds`, id), "performance");
      inc.add(at + 1, line(at + 1, "INFO", `END RequestId: ${id}`, id));
      const pct = (mem / memSize) * 100;
      inc.add(at + 2, report(rng, at + 2, fn, stream, id, 30_030, memSize, mem, cold, "Sandbox.Timedout"), pct >= 85 ? "memory" : "performance");
      continue;
    }
    const variants = rng.pick(["thumb,medium,large", "thumb,medium,large", "thumb,large", "thumb,medium,large,xl"]);
    at = t + d;
    inc.add(
      at - 2,
      line(at - 2, "INFO", `Wrote ${variants.split(",").length} variants (${variants}) to s3://cdn-images-prod/${tenant}/ in ${Math.round(d)} ms`, id),
    );
    inc.add(at, line(at, "INFO", `END RequestId: ${id}`, id));
    const pct = (mem / memSize) * 100;
    const label: Label = pct >= 85 ? "memory" : d > 6000 ? "performance" : null;
    inc.add(at + 1, report(rng, at + 1, fn, stream, id, d, memSize, mem, cold), label);
  }

  return inc.scenario(
    name,
    "One tenant's huge TIFF scans, scattered over an hour, push an image-resizing Lambda to its memory limit, into timeouts and out-of-memory kills",
  );
}

function report(
  rng: Rng,
  t: number,
  fn: string,
  stream: string,
  id: string,
  durationMs: number,
  memSize: number,
  memUsed: number,
  cold: boolean,
  errorType?: string,
): Record<string, unknown> {
  const d = round(durationMs, 2);
  const used = Math.round(memUsed);
  const init = cold ? round(rng.logNormal(420, 0.2), 2) : undefined;
  let message = `REPORT RequestId: ${id}\tDuration: ${d.toFixed(2)} ms\tBilled Duration: ${Math.ceil(d)} ms\tMemory Size: ${memSize} MB\tMax Memory Used: ${used} MB`;
  if (init !== undefined) message += `\tInit Duration: ${init.toFixed(2)} ms`;
  if (errorType) message += `\tStatus: error\tError Type: ${errorType}`;
  return {
    timestamp: new Date(t).toISOString(),
    level: "INFO",
    message,
    service: fn,
    aws_request_id: id,
    log_group: `/aws/lambda/${fn}`,
    log_stream: stream,
    duration_ms: d,
    billed_duration_ms: Math.ceil(d),
    memory_size_mb: memSize,
    max_memory_used_mb: used,
    memory_pct: round((used / memSize) * 100, 1),
    ...(init !== undefined ? { init_duration_ms: init } : {}),
  };
}
