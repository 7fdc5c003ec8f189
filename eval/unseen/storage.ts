// An upload path whose three services run two orders of magnitude apart: a Rust metadata lookup
// answers in about 2 ms, the Go upload service's S3 PUTs take about 200 ms, a Python thumbnailer
// takes seconds. The metadata service stalls now and then all window long; its slow lines are
// still faster than the other services' normal ones.

import type { Scenario } from "../blind/types.js";
import { baseTime, Gen, Incident, iso, isoMicro, isoNano, type Label, MIN } from "./kit.js";

export function blobMetaScatteredStalls(seed: number): Scenario {
  const g = new Gen(seed, "blob-meta-scattered-stalls");
  const inc = new Incident();
  const start = baseTime(seed, 16);
  const end = start + 100 * MIN;
  const buckets = ["user-avatars", "product-images", "invoices-pdf", "support-attachments"];

  const meta = (t: number, level: string, message: string, fields: Record<string, unknown>, label: Label = null) => {
    inc.add(t, { timestamp: isoMicro(t, g), level, message, target: "blob_meta::api", service: "blob-meta", ...fields }, label);
  };
  const upload = (t: number, level: string, msg: string, attrs: Record<string, unknown>, label: Label = null) => {
    inc.add(t, { time: isoNano(t, g), level, msg, service: "upload-svc", ...attrs }, label);
  };
  const thumb = (t: number, level: string, message: string, extra: Record<string, unknown>, label: Label = null) => {
    inc.add(t, { timestamp: iso(t), levelname: level, name: "thumbnailer.worker", message, service: "thumbnailer", ...extra }, label);
  };

  for (const t of g.times(start, end, 2600)) {
    const bucket = g.pick(buckets);
    const key = `${bucket}/${g.hex(2)}/${g.hex(2)}/${g.uuid()}.${g.pick(["jpg", "png", "webp", "pdf"])}`;
    const stall = g.chance(0.018);
    const d = stall ? g.logNormal(60, 0.45) : g.logNormal(1.8, 0.4);
    const op = g.weighted([
      ["get", 70],
      ["put", 20],
      ["list", 10],
    ] as const);
    meta(
      t,
      "INFO",
      "request served",
      {
        op,
        key: op === "list" ? `${bucket}/${g.hex(2)}/` : key,
        latency_ms: Math.round(d * 100) / 100,
        status: op === "get" && g.chance(0.06) ? 404 : 200,
        cache: d < 3 && g.chance(0.7) ? "hit" : "miss",
      },
      stall && d > 12 ? "performance" : null,
    );
  }
  for (const t of g.times(start, end, 1100)) {
    const bucket = g.pick(buckets);
    const size = Math.round(g.logNormal(350_000, 1.1));
    const d = Math.round(g.logNormal(190, 0.45) * (1 + size / 8_000_000));
    upload(t, "INFO", "object stored", {
      bucket,
      key: `${g.hex(2)}/${g.hex(2)}/${g.uuid()}`,
      size_bytes: size,
      latency_ms: d,
      etag: `"${g.hex(32)}"`,
      endpoint: "minio.storage.svc:9000",
      status: 200,
    });
    if (g.chance(0.01)) upload(t + d, "WARN", "multipart upload aborted by client", { bucket, upload_id: g.hex(40), parts: g.int(1, 6) });
  }
  for (const t of g.times(start, end, 520)) {
    const d = Math.round(g.logNormal(2600, 0.4));
    thumb(t, "INFO", `rendered ${g.pick(["256x256", "512x512", "1024x1024"])} thumbnails for ${g.uuid()}`, {
      duration_ms: d,
      source_bytes: g.int(80_000, 9_000_000),
      variants: 3,
    });
  }
  for (const t of g.every(start, end, 5 * MIN, 3000)) {
    meta(t, "INFO", "cache stats", {
      entries: g.int(900_000, 1_000_000),
      hit_ratio: Math.round((0.7 + g.next() * 0.05) * 1000) / 1000,
      evictions: g.int(0, 400),
    });
    upload(t + 50, "INFO", "minio health", {
      endpoint: "minio.storage.svc:9000",
      online_disks: 16,
      offline_disks: 0,
      latency_ms: Math.round(g.logNormal(4, 0.3)),
    });
  }

  return inc.build(
    "blob-meta-scattered-stalls",
    "A 2 ms metadata service stalls to tens of ms at random all window long, beside services whose normal latencies are 100x to 1000x higher",
  );
}
