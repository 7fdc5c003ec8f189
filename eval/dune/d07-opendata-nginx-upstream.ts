// d07: nginx JSON access log (log_format escape=json, no level field) in front of an open-data
// portal. One of three API upstreams degrades for ~25 minutes: its proxied requests take seconds,
// some end in 504 after the 60 s proxy timeout, some in 502/500. Everyday 404s, 304s and slow
// bulk CSV downloads stay normal.
import { arrivals, HOUR, type Label, MIN, Rng, startTime, Timeline } from "./shared.js";
import type { Scenario } from "./types.js";

const nginxTime = (t: number) => `${new Date(t).toISOString().slice(0, 19)}+00:00`;

export default function d07(seed: number): Scenario {
  const r = new Rng(seed, "d07-opendata-nginx-upstream");
  const t0 = Math.floor(startTime(r) / 1000) * 1000;
  const t1 = t0 + 2 * HOUR;
  const a = t0 + r.int(40, 70) * MIN;
  const b = a + r.int(20, 30) * MIN;
  const tl = new Timeline();
  const ups = ["10.20.3.12:5000", "10.20.3.13:5000", "10.20.3.14:5000"];
  const sick = r.pick(ups);
  const agents = [
    "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "Mozilla/5.0 (Macintosh) Safari/605.1.15",
    "R (4.4.1 x86_64-pc-linux-gnu)",
  ];
  const slugs = ["air-quality-hourly", "bike-counters", "tree-inventory", "parking-occupancy", "school-enrolment", "noise-sensors"];
  const acc = (t: number, request: string, status: number, rt: number, up: string | null, bytes: number, label: Label = null) =>
    tl.add(
      t,
      {
        time_iso8601: nginxTime(t),
        remote_addr: `${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
        host: "data.citycouncil.example",
        request,
        status: String(status),
        body_bytes_sent: String(bytes),
        request_time: rt.toFixed(3),
        upstream_addr: up ?? "-",
        upstream_status: up ? String(status) : "-",
        upstream_response_time: up ? Math.max(0, rt - 0.001).toFixed(3) : "-",
        http_referer: "-",
        http_user_agent: r.pick(agents),
      },
      label,
    );

  for (const t of arrivals(r, t0, t1, 1_500, 1_000)) {
    const k = r.int(0, 99);
    const slug = r.pick(slugs);
    const up = r.pick(ups);
    const during = t >= a && t < b && up === sick;
    if (k < 30) {
      acc(
        t,
        `GET /assets/${r.pick(["app", "vendor", "maps"])}.${r.hex(8)}.js HTTP/2.0`,
        r.chance(0.3) ? 304 : 200,
        r.int(0, 3) / 1000,
        null,
        r.int(2_000, 180_000),
      );
      continue;
    }
    if (k < 33) {
      acc(t, `GET /dataset/${slug}-${r.int(2019, 2023)} HTTP/2.0`, 404, r.int(3, 9) / 1000, ups[0] ?? null, 1_822);
      continue;
    }
    if (k < 37) {
      acc(t, `GET /dataset/${slug}/resource/${r.hex(8)}-${r.hex(4)}/download/${slug}.csv HTTP/1.1`, 200, r.logn(2.4, 0.35), up, r.int(8e6, 6e7));
      continue;
    }
    const req =
      k < 55
        ? `GET /dataset/${slug} HTTP/2.0`
        : k < 80
          ? `GET /api/3/action/package_search?q=${r.pick(["traffic", "trees", "budget", "air", "water"])}&rows=20 HTTP/2.0`
          : `GET /api/3/action/datastore_search?resource_id=${r.hex(8)}-${r.hex(4)}-${r.hex(4)}&limit=${r.pick([100, 500, 1000])} HTTP/1.1`;
    const normal = k < 55 ? 0.05 : k < 80 ? 0.09 : 0.16;
    if (during && r.chance(0.8)) {
      const x = r.int(0, 99);
      if (x < 15) acc(t, req, 504, 60.0 + r.int(0, 4) / 1000, up, 160, "performance");
      else if (x < 25) acc(t, req, 502, r.float(0.5, 20), up, 150, "error");
      else if (x < 30) acc(t, req, 500, r.float(0.2, 3), up, 291, "error");
      else acc(t, req, 200, r.float(3, 28), up, r.int(4_000, 90_000), "performance");
    } else {
      acc(t, req, 200, r.logn(normal, 0.35), up, r.int(4_000, 90_000));
    }
  }
  // routine 429s from one scraper and health probes
  for (const t of arrivals(r, t0, t1, 3 * MIN, 1_000)) acc(t, "GET /api/3/action/package_list HTTP/1.1", 429, 0, null, 185);
  for (let t = t0 + r.int(0, 9) * 1_000; t < t1; t += 30_000) acc(t, "GET /healthz HTTP/1.1", 200, 0.001, ups[1] ?? null, 2);
  return tl.build(
    "d07-opendata-nginx-upstream",
    "nginx access log of an open-data portal; one upstream degrades for ~25 min with slow requests, 504s and 502/500s",
  );
}
