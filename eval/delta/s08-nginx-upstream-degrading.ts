// s08: the nginx edge of a public-transit journey-planner API, running in Docker: the access
// log is JSON (log_format escape=json, values quoted as most configs write them) on stdout and
// the error log is text on stderr, both wrapped in Docker's json-file envelope. The journey
// planner upstream degrades: journeys get slower and slower, then time out (504 at 60 s,
// clients giving up with 499), one planner instance dies (connection refused, marked down,
// fast 502s from "no live upstreams"), and ops adds an instance and reloads nginx. Departures,
// stop search, tiles and static files stay healthy throughout.
import { type Label, MIN, Rng, SEC, Timeline, arrivals, baseTime, between, every, isoNano, progress, seedFor, slashTime } from "./rng.js";
import type { Scenario } from "./types.js";

export function nginxUpstreamDegrading(seed: number): Scenario {
  const r = new Rng(seedFor(seed, "s08-nginx-upstream-degrading"));
  const tl = new Timeline();
  const start = baseTime(r, 6, 15);
  const end = start + r.int(120, 180) * MIN;
  const vol = r.float(0.85, 1.15);
  const dStart = start + (end - start) * r.float(0.3, 0.5);
  const tSlow = dStart + r.int(12, 18) * MIN; // journeys routinely above 10 s from here
  const tDead = tSlow + r.int(5, 10) * MIN; // planner-2 crashes
  const tFix = tDead + r.int(8, 14) * MIN; // planner-3 added, nginx reloaded
  const tOk = tFix + r.int(2, 4) * MIN;
  const host = "api.metrolink-journeys.example";
  const up1 = `10.0.4.${r.int(10, 40)}:8080`;
  const up2 = `10.0.4.${r.int(41, 80)}:8080`;
  const up3 = `10.0.4.${r.int(81, 120)}:8080`;
  const depUp = [`10.0.5.${r.int(10, 40)}:8081`, `10.0.5.${r.int(41, 80)}:8081`];
  const tileUp = `10.0.6.${r.int(10, 90)}:8082`;
  const workers = [29, 30, 31, 32];
  let conn = r.int(10000, 90000);
  const stops = Array.from({ length: 60 }, () => `${r.pick(["stop", "station"])}:${r.int(1000, 99999)}`);

  const offsetTime = (t: number) => `${new Date(Math.floor(t)).toISOString().slice(0, 19)}+00:00`;
  const agent = () =>
    r.weighted([
      ["MetroLink/7.4.2 (iPhone; iOS 17.5; Scale/3.00)", 4],
      ["MetroLink/7.4.1 (Android 14; Pixel 8)", 4],
      ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36", 3],
      ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", 2],
      ["okhttp/4.12.0", 1],
    ] as const);
  const client = () => `${r.pick(["86.12", "31.94", "92.40", "188.29", "2.99"])}.${r.int(1, 254)}.${r.int(1, 254)}`;
  const access = (
    t: number,
    method: string,
    uri: string,
    status: number,
    rt: number,
    upstream: string,
    upStatus: string,
    upTime: string,
    cache = "-",
    label: Label = null,
    addr = client(),
  ) => {
    // The access log line is written (and stamped) when the request ends.
    const te = t + rt * 1000;
    const inner = {
      time_iso8601: offsetTime(te),
      remote_addr: addr,
      request_id: r.hex(32),
      request: `${method} ${uri} HTTP/2.0`,
      status: String(status),
      body_bytes_sent: String(status === 200 ? r.int(400, 24000) : status === 204 ? 0 : r.int(150, 600)),
      request_time: rt.toFixed(3),
      upstream_addr: upstream,
      upstream_status: upStatus,
      upstream_response_time: upTime,
      upstream_cache_status: cache,
      http_referer: uri.startsWith("/tiles") || uri.startsWith("/static") ? `https://${host.replace("api.", "www.")}/` : "-",
      http_user_agent: agent(),
      host,
    };
    tl.add(te, { log: `${JSON.stringify(inner)}\n`, stream: "stdout", time: isoNano(te) }, label);
  };
  const errlog = (t: number, level: string, text: string, label: Label = null) => {
    const w = r.pick(workers);
    const who = text.startsWith("1#1: ") ? "" : `${w}#${w}: `;
    tl.add(t, { log: `${slashTime(t)} [${level}] ${who}${text}\n`, stream: "stderr", time: isoNano(t) }, label);
  };

  // Planner latency multiplier over time (1 = healthy).
  const factor = (t: number) => {
    if (t < dStart || t >= tOk) return 1;
    if (t < tSlow) return 1 + 14 * progress(t, dStart, tSlow) ** 1.5;
    if (t < tFix) return r.float(15, 60);
    return 1 + 20 * (1 - progress(t, tFix, tOk));
  };
  const journeysRate = (t: number) => (between(t, dStart, tOk) ? 1.5 : 1);

  // ---- journeys (planner upstream) ----
  for (const t of arrivals(r, start, end, 9000 / vol, journeysRate, 1.5)) {
    const from = r.pick(stops);
    const to = r.pick(stops);
    const uri = `/api/v2/journeys?from=${from}&to=${to}&departure=${offsetTime(t + r.int(0, 7200) * SEC)
      .slice(0, 16)
      .replace(":", "%3A")}&modes=${r.pick(["all", "rail", "bus,tram", "all"])}`;
    const base = r.logNormal(0.32, 0.35);
    const f = factor(t);
    const upstreams = t >= tFix ? [up1, up3] : t >= tDead ? [up1, up2] : [up1, up2];
    let upstream = r.pick(upstreams);
    // planner-2 dead: connection refused, nginx retries the other upstream, or has none left.
    if (upstream === up2 && between(t, tDead, tFix)) {
      const disabled = r.chance(0.65);
      if (disabled && r.chance(0.5)) {
        errlog(
          t + 1,
          "error",
          `*${conn} no live upstreams while connecting to upstream, client: ${client()}, server: ${host}, request: "GET ${uri} HTTP/2.0", upstream: "http://planner${uri}", host: "${host}"`,
          "error",
        );
        access(t, "GET", uri, 502, r.float(0, 0.002), "planner", "-", "-", "-", "error");
        conn++;
        continue;
      }
      errlog(
        t + 1,
        "error",
        `*${conn} connect() failed (111: Connection refused) while connecting to upstream, client: ${client()}, server: ${host}, request: "GET ${uri} HTTP/2.0", upstream: "http://${up2}${uri}", host: "${host}"`,
        "error",
      );
      if (r.chance(0.2))
        errlog(
          t + 2,
          "warn",
          `*${conn} upstream server temporarily disabled while connecting to upstream, client: ${client()}, server: ${host}, request: "GET ${uri} HTTP/2.0", upstream: "http://${up2}${uri}", host: "${host}"`,
          "error",
        );
      upstream = `${up2}, ${up1}`;
    }
    const rt = base * f;
    conn++;
    if (rt >= 60) {
      errlog(
        t + 60000,
        "error",
        `*${conn} upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${client()}, server: ${host}, request: "GET ${uri} HTTP/2.0", upstream: "http://${up1}${uri}", host: "${host}"`,
        "performance",
      );
      access(
        t,
        "GET",
        uri,
        504,
        60.001 + r.float(0, 0.01),
        upstream,
        upstream.includes(",") ? "502, 504" : "504",
        upstream.includes(",") ? "0.000, 60.001" : "60.001",
        "-",
        "performance",
      );
      continue;
    }
    const patience = r.float(8, 30);
    if (rt > patience && r.chance(0.6)) {
      access(t, "GET", uri, 499, patience, upstream, "-", upstream.includes(",") ? "0.000, -" : "-", "-", "performance");
      continue;
    }
    // Healthy background: a few users give up anyway.
    if (f === 1 && r.chance(0.01)) {
      const g = r.float(0.1, base);
      access(t, "GET", uri, 499, g, upstream, "-", "-");
      continue;
    }
    const label: Label = rt > 1.5 ? "performance" : null;
    const upT = upstream.includes(",") ? `0.000, ${(rt - 0.001).toFixed(3)}` : (rt - 0.001).toFixed(3);
    access(t, "GET", uri, 200, rt, upstream, upstream.includes(",") ? "502, 200" : "200", upT, "-", label);
  }

  // ---- departures (healthy, partly cached) ----
  for (const t of arrivals(r, start, end, 4500 / vol)) {
    const uri = `/api/v2/stops/${r.pick(stops)}/departures?limit=${r.pick([5, 10, 20])}`;
    if (r.chance(0.4)) access(t, "GET", uri, 200, r.float(0, 0.002), "-", "-", "-", "HIT");
    else {
      const rt = r.logNormal(0.031, 0.35);
      access(t, "GET", uri, 200, rt, r.pick(depUp), "200", (rt - 0.001).toFixed(3), r.chance(0.8) ? "MISS" : "EXPIRED");
    }
  }
  for (const t of arrivals(r, start, end, 16000 / vol)) {
    const rt = r.logNormal(0.028, 0.3);
    access(
      t,
      "GET",
      `/api/v2/stops/search?q=${r.pick(["central", "harb", "univ", "airport", "market", "north", "st+ma", "park"])}`,
      200,
      rt,
      r.pick(depUp),
      "200",
      (rt - 0.001).toFixed(3),
      "-",
    );
  }
  for (const t of arrivals(r, start, end, 40000 / vol)) {
    const rt = r.logNormal(0.014, 0.3);
    access(t, "GET", "/api/v2/alerts?lang=en", 200, rt, r.pick(depUp), "200", (rt - 0.001).toFixed(3), "-");
  }
  for (const t of arrivals(r, start, end, 90000 / vol)) {
    const rt = r.logNormal(0.05, 0.3);
    access(t, "POST", "/api/v2/feedback", 201, rt, r.pick(depUp), "201", (rt - 0.001).toFixed(3), "-");
  }

  // ---- tiles and static ----
  for (const t of arrivals(r, start, end, 5200 / vol)) {
    const z = r.int(11, 16);
    const uri = `/tiles/${z}/${r.int(1000, 40000)}/${r.int(1000, 30000)}.pbf`;
    if (r.chance(0.85)) access(t, "GET", uri, 200, r.float(0, 0.002), "-", "-", "-", "HIT");
    else {
      const rt = r.logNormal(0.07, 0.35);
      access(t, "GET", uri, 200, rt, tileUp, "200", (rt - 0.001).toFixed(3), "MISS");
    }
  }
  const bundle = r.hex(8);
  for (const t of arrivals(r, start, end, 20000 / vol)) {
    const uri = r.pick([`/static/js/app.${bundle}.js`, `/static/css/main.${r.hex(8)}.css`, "/favicon.ico", "/manifest.webmanifest"]);
    access(t, "GET", uri, r.chance(0.3) ? 304 : 200, r.float(0, 0.003), "-", "-", "-");
  }
  for (const t of every(r, start, end, 30 * SEC, 2 * SEC)) {
    access(t, "GET", "/healthz", 200, 0, "-", "-", "-", "-", null, "10.0.0.11");
    access(t + r.int(100, 5000), "GET", "/healthz", 200, 0, "-", "-", "-", "-", null, "10.0.0.12");
  }
  // Scanners.
  for (const t of arrivals(r, start, end, 3 * MIN)) {
    const a = `${r.pick(["45.148", "193.41", "185.224", "104.248"])}.${r.int(1, 254)}.${r.int(1, 254)}`;
    const uri = r.pick(["/wp-login.php", "/.env", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/.git/config", "/admin/config.php", "/actuator/env"]);
    access(t, "GET", uri, 404, r.float(0, 0.002), "-", "-", "-", "-", null, a);
    if (uri === "/.env" || uri === "/.git/config")
      errlog(
        t + 1,
        "error",
        `*${conn++} open() "/usr/share/nginx/html${uri}" failed (2: No such file or directory), client: ${a}, server: ${host}, request: "GET ${uri} HTTP/1.1", host: "${host}"`,
      );
  }
  // Routine error-log noise.
  for (const t of arrivals(r, start, end, 11 * MIN)) {
    errlog(
      t,
      "warn",
      `*${conn++} an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${r.int(1, 9)}/${r.int(10, 99)}/00000${r.int(10000, 99999)} while reading upstream, client: ${client()}, server: ${host}, request: "GET /api/v2/journeys?from=${r.pick(stops)}&to=${r.pick(stops)}&modes=all HTTP/2.0", upstream: "http://${r.pick([up1, up2])}/api/v2/journeys", host: "${host}"`,
    );
  }

  // ---- ops adds a third planner and reloads nginx ----
  errlog(tFix, "notice", `1#1: signal 1 (SIGHUP) received from ${r.int(300, 900)}, reconfiguring`, "pattern");
  errlog(tFix + 2, "notice", "1#1: reconfiguring", "pattern");
  for (let i = 0; i < 4; i++) errlog(tFix + 10 + i, "notice", `1#1: start worker process ${r.int(40, 90) + i}`, "pattern");
  errlog(tFix + 400, "notice", `1#1: signal 17 (SIGCHLD) received from ${r.pick(workers)}`, "pattern");

  return tl.build(
    "transit-api-nginx-planner-degrading",
    "nginx JSON access log and text error log (Docker envelope) for a journey-planner API: the planner upstream slows to 504s, one instance dies (refused, 502s), others stay healthy.",
  );
}
