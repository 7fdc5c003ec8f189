/**
 * Public API of a brokerage app behind nginx. The edge writes a JSON access log (nginx
 * variables: time_iso8601, request, status, request_time, upstream_* ...) and its error
 * log; the upstreams write their own logs (gunicorn/Python accounts-api, Go quotes-api,
 * Node media-api, auth-api). Internet background noise is constant and harmless:
 * scanner sweeps for /.env, /wp-login.php, /.git/config and friends (404/444), TLS
 * handshakes sent to the plain-HTTP port (400 with binary request lines), censys/zgrab
 * probes, the odd 401/404/499 from real clients. The incident: after a deploy,
 * accounts-api's positions query turns slow, its gunicorn workers saturate, requests take
 * several seconds, then nginx gives up after 30 s (504, "upstream timed out"), gunicorn
 * kills and reboots timed-out workers, and nginx gets refused/closed connections (502)
 * for 12-30 minutes before a rollback restores it. Other upstreams are unaffected.
 */
import type { AnomalyType, Scenario } from "./types.js";
import { Rng } from "./rng.js";

type Label = AnomalyType | null;
interface Line {
  t: number;
  k: number;
  n: number;
  e: Record<string, unknown>;
  l: Label;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function isoSec(t: number): string {
  return new Date(Math.floor(t)).toISOString().slice(0, 19) + "+00:00";
}
function clf(t: number): string {
  const d = new Date(Math.floor(t));
  const p = (v: number): string => String(v).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
function errTime(t: number): string {
  return new Date(Math.floor(t)).toISOString().slice(0, 19).replace("T", " ").replace(/-/g, "/");
}

interface Upstream {
  name: string;
  addrs: string[];
}

export function s07EdgeNginxUpstream(seed: number): Scenario {
  const rng = new Rng(seed, "s07-edge-nginx-upstream");
  const lines: Line[] = [];
  let n = 0;
  // nginx stamps whole seconds; order lines by the time they carry
  const add = (t: number, e: Record<string, unknown>, l: Label): void => {
    const key = e.service === "edge-nginx" ? Math.floor(t / 1000) * 1000 : Math.floor(t);
    lines.push({ t, k: key, n: n++, e, l });
  };

  const spanMin = rng.int(75, 115);
  const span = spanMin * 60_000;
  const start = rng.start2026(span, 7, 13);
  const end = start + span;
  const A = start + Math.floor(span * rng.float(0.2, 0.62));
  const phase2 = A + rng.int(3, 6) * 60_000;
  const B = Math.min(end - 3 * 60_000, A + rng.int(12, 30) * 60_000);

  const net = (): string => `10.40.${rng.int(1, 6)}`;
  const ups: Record<string, Upstream> = {
    quotes: { name: "quotes_api", addrs: [`${net()}.${rng.int(10, 250)}:8080`, `${net()}.${rng.int(10, 250)}:8080`, `${net()}.${rng.int(10, 250)}:8080`] },
    accounts: { name: "accounts_api", addrs: [`${net()}.${rng.int(10, 250)}:8000`, `${net()}.${rng.int(10, 250)}:8000`] },
    media: { name: "media_api", addrs: [`${net()}.${rng.int(10, 250)}:3000`] },
    auth: { name: "auth_api", addrs: [`${net()}.${rng.int(10, 250)}:9000`] },
  };
  const clientUAs = [
    "BrokerApp/5.14.2 (iPhone; iOS 19.3)",
    "BrokerApp/5.14.1 (Android 15; SM-S921B)",
    "okhttp/4.12.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0 Safari/537.36",
  ];
  const clientIp = (): string =>
    rng.pick([
      `${rng.int(80, 95)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      `2a02:${rng.hex(4)}:${rng.hex(4)}::${rng.hex(3)}`,
      `${rng.int(176, 188)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    ]);

  const access = (
    t: number,
    o: {
      ip: string;
      method: string;
      uri: string;
      proto?: string;
      status: number;
      bytes: number;
      rt: number;
      up?: Upstream;
      urt?: number;
      ust?: string;
      ua: string;
      ref?: string;
      rawRequest?: string;
    },
  ): Record<string, unknown> => {
    const request = o.rawRequest ?? `${o.method} ${o.uri} ${o.proto ?? "HTTP/1.1"}`;
    const rt = o.rt.toFixed(3);
    const addr = o.up ? rng.pick(o.up.addrs) : "-";
    const urt = o.up ? (o.urt ?? o.rt).toFixed(3) : "-";
    return {
      time: isoSec(t),
      msec: (t / 1000).toFixed(3),
      service: "edge-nginx",
      remote_addr: o.ip,
      request_id: rng.hex(32),
      request,
      method: o.method,
      uri: o.uri,
      status: o.status,
      body_bytes_sent: o.bytes,
      request_time: Number(rt),
      upstream_name: o.up ? o.up.name : "-",
      upstream_addr: addr,
      upstream_status: o.up ? (o.ust ?? String(o.status)) : "-",
      upstream_response_time: urt,
      http_referer: o.ref ?? "-",
      http_user_agent: o.ua,
      message: `${o.ip} - - [${clf(t)}] "${request}" ${o.status} ${o.bytes} "${o.ref ?? "-"}" "${o.ua}" rt=${rt} urt=${urt}`,
    };
  };
  const nginxErr = (t: number, level: string, text: string): Record<string, unknown> => ({
    time: isoSec(t),
    service: "edge-nginx",
    level,
    log: "error",
    message: `${errTime(t)} [${level}] ${rng.int(20, 31)}#${rng.int(20, 31)}: *${rng.int(100000, 9999999)} ${text}`,
  });
  const gunicorn = (t: number, level: string, text: string): Record<string, unknown> => ({
    timestamp: new Date(Math.floor(t)).toISOString().replace("Z", "+00:00"),
    levelname: level,
    name: "gunicorn.error",
    service: "accounts-api",
    message: text,
  });
  const pyApp = (t: number, level: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    timestamp: new Date(Math.floor(t)).toISOString().replace("Z", "+00:00"),
    levelname: level,
    name: "accounts.db",
    service: "accounts-api",
    message: text,
    ...extra,
  });
  const goApp = (t: number, level: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    level,
    ts: new Date(Math.floor(t)).toISOString(),
    msg,
    service: "quotes-api",
    ...extra,
  });
  const nodeApp = (t: number, svc: string, level: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    level,
    time: Math.floor(t),
    service: svc,
    msg,
    ...extra,
  });
  const loop = (perMin: number, fn: (t: number) => void): void => {
    const gap = 60_000 / perMin;
    let t = start + rng.exp(gap);
    while (t < end) {
      fn(t);
      t += rng.exp(gap);
    }
  };
  const syms = ["ACME", "GLBX", "NWST", "ORCL", "TSLA", "SAP", "ASML", "NOVN", "UBSG", "NESN", "ROG", "SIE"];

  // ---- legitimate API traffic -----------------------------------------------------------
  loop(rng.float(12, 16), (t) => {
    const k = rng.int(1, 6);
    const s: string[] = [];
    for (let i = 0; i < k; i++) s.push(rng.pick(syms));
    const rt = rng.logNormal(0.024, 0.35);
    add(
      t,
      access(t, {
        ip: clientIp(),
        method: "GET",
        uri: `/v1/quotes?symbols=${s.join(",")}`,
        status: 200,
        bytes: 180 + k * 140 + rng.int(0, 40),
        rt,
        urt: rt - 0.001,
        up: ups.quotes,
        ua: rng.pick(clientUAs),
      }),
      null,
    );
  });
  loop(rng.float(3, 5), (t) => {
    const sym = rng.pick(syms);
    const rt = rng.logNormal(0.006, 0.4);
    add(
      t,
      access(t, {
        ip: clientIp(),
        method: "GET",
        uri: `/media/logos/${sym.toLowerCase()}.png`,
        status: rng.chance(0.7) ? 200 : 304,
        bytes: rng.int(2000, 9000),
        rt,
        up: ups.media,
        ua: rng.pick(clientUAs),
        ref: "https://app.broker.example/portfolio",
      }),
      null,
    );
  });
  loop(rng.float(1.5, 2.5), (t) => {
    const rt = rng.logNormal(0.085, 0.3);
    const st = rng.chance(0.94) ? 200 : 401;
    add(
      t,
      access(t, {
        ip: clientIp(),
        method: "POST",
        uri: "/v1/auth/token",
        status: st,
        bytes: st === 200 ? 1210 : 64,
        rt,
        up: ups.auth,
        ua: rng.pick(clientUAs),
      }),
      null,
    );
  });

  // accounts traffic, subject to the incident
  let workerPid = rng.int(20, 60);
  loop(rng.float(7, 9.5), (t) => {
    const acct = rng.int(1_000_000, 9_999_999);
    const kind = rng.weighted([
      ["summary", 4],
      ["positions", 4],
      ["orders", 2],
    ] as const);
    const uri =
      kind === "summary" ? `/v1/accounts/${acct}` : kind === "positions" ? `/v1/accounts/${acct}/positions` : `/v1/accounts/${acct}/orders?status=open`;
    const ip = clientIp();
    const ua = rng.pick(clientUAs);
    const inc = t >= A && t < B;
    if (!inc) {
      const rt = rng.logNormal(kind === "positions" ? 0.09 : 0.05, 0.35);
      const st = rng.chance(0.985) ? 200 : rng.pick([404, 401, 499]);
      add(
        t,
        access(t, {
          ip,
          method: "GET",
          uri,
          status: st,
          bytes: st === 200 ? rng.int(600, 9000) : 0,
          rt,
          up: ups.accounts,
          ua,
          ust: st === 499 ? "-" : undefined,
        }),
        null,
      );
      return;
    }
    const up = ups.accounts!;
    if (t < phase2) {
      const rt = kind === "positions" ? rng.float(4, 24) : rng.float(2.5, 9);
      add(t + rt * 1000, access(t + rt * 1000, { ip, method: "GET", uri, status: 200, bytes: rng.int(600, 9000), rt, up, ua }), "performance");
      return;
    }
    const outcome = rng.weighted([
      ["timeout", 4],
      ["slow", 2.5],
      ["refused", 1.5],
      ["closed", 1],
      ["ok", 1],
    ] as const);
    if (outcome === "timeout") {
      const rt = 30 + rng.float(0.001, 0.02);
      const te = t + rt * 1000;
      add(
        te,
        nginxErr(
          te,
          "error",
          `upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${ip}, server: api.broker.example, request: "GET ${uri} HTTP/1.1", upstream: "http://${rng.pick(up.addrs)}${uri}", host: "api.broker.example"`,
        ),
        "performance",
      );
      add(te + 1, access(te + 1, { ip, method: "GET", uri, status: 504, bytes: 160, rt, up, ust: "504", ua }), "performance");
    } else if (outcome === "slow") {
      const rt = rng.float(3, 27);
      add(t + rt * 1000, access(t + rt * 1000, { ip, method: "GET", uri, status: 200, bytes: rng.int(600, 9000), rt, up, ua }), "performance");
    } else if (outcome === "refused" || outcome === "closed") {
      const rt = outcome === "refused" ? rng.float(0.001, 0.004) : rng.float(0.5, 12);
      const te = t + rt * 1000;
      const text =
        outcome === "refused"
          ? `connect() failed (111: Connection refused) while connecting to upstream, client: ${ip}, server: api.broker.example, request: "GET ${uri} HTTP/1.1", upstream: "http://${rng.pick(up.addrs)}${uri}", host: "api.broker.example"`
          : `upstream prematurely closed connection while reading response header from upstream, client: ${ip}, server: api.broker.example, request: "GET ${uri} HTTP/1.1", upstream: "http://${rng.pick(up.addrs)}${uri}", host: "api.broker.example"`;
      add(te, nginxErr(te, "error", text), "error");
      add(te + 1, access(te + 1, { ip, method: "GET", uri, status: 502, bytes: 150, rt, up, ust: "502", ua }), "error");
    } else {
      const rt = rng.logNormal(0.05, 0.3);
      add(t, access(t, { ip, method: "GET", uri: `/v1/accounts/${acct}`, status: 200, bytes: rng.int(600, 2000), rt, up, ua }), null);
    }
  });

  // ---- accounts-api's own logs during the incident -------------------------------------
  let tt = A + rng.int(20_000, 60_000);
  while (tt < B) {
    const secs = rng.float(4, 28);
    add(
      tt,
      pyApp(
        tt,
        "WARNING",
        `slow query (${secs.toFixed(2)}s): SELECT p.instrument_id, p.qty, p.avg_price, i.symbol FROM positions p JOIN instruments i ON i.id = p.instrument_id WHERE p.account_id = %s ORDER BY i.symbol`,
        { duration_ms: Math.round(secs * 1000) },
      ),
      "performance",
    );
    tt += rng.int(15_000, 70_000);
  }
  tt = phase2 + rng.int(5_000, 30_000);
  while (tt < B) {
    const pid = workerPid;
    add(tt, gunicorn(tt, "CRITICAL", `WORKER TIMEOUT (pid:${pid})`), "performance");
    add(tt + 40, gunicorn(tt + 40, "ERROR", `Worker (pid:${pid}) was sent SIGKILL! Perhaps out of memory?`), "error");
    workerPid += rng.int(1, 9);
    add(tt + 900, gunicorn(tt + 900, "INFO", `Booting worker with pid: ${workerPid}`), "pattern");
    tt += rng.int(15_000, 75_000);
  }
  // routine app chatter
  loop(0.5, (t) => add(t, pyApp(t, "INFO", `db pool stats size=10 checked_out=${rng.int(0, 4)} overflow=0`), null));
  loop(2, (t) => add(t, goApp(t, "info", "price feed batch applied", { symbols: rng.int(200, 900), lag_ms: rng.int(3, 40) }), null));
  loop(0.2, (t) => add(t, goApp(t, "warn", "stale quote dropped", { symbol: rng.pick(syms), age_ms: rng.int(1500, 4000) }), null));
  loop(0.25, (t) => add(t, nodeApp(t, "media-api", "info", `logo cache evicted ${rng.int(3, 40)} entries`), null));
  loop(0.1, (t) => add(t, nodeApp(t, "auth-api", "info", "refresh token family rotated", { families: rng.int(1, 20) }), null));

  // ---- internet background noise ---------------------------------------------------------
  const scanPaths = [
    "/.env",
    "/wp-login.php",
    "/.git/config",
    "/phpmyadmin/index.php",
    "/cgi-bin/luci/;stok=/locale",
    "/actuator/env",
    "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
    "/boaform/admin/formLogin",
    "/config.json",
    "/server-status",
    "/.aws/credentials",
    "/admin/.env",
    "/wp-content/plugins/wp-file-manager/readme.txt",
    "/HNAP1/",
    "/solr/admin/info/system",
    "/owa/auth/logon.aspx",
    "/.DS_Store",
    "/backup.zip",
    "/api/v1/pods",
    "/console/login/LoginForm.jsp",
  ];
  const botUAs = [
    "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
    "Mozilla/5.0 zgrab/0.x",
    "masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
    "Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers' presences on the Internet.",
    "python-requests/2.31.0",
    "curl/8.5.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.190 Safari/537.36",
  ];
  loop(rng.float(0.35, 0.6), (t) => {
    // a sweep from one address
    const ip = `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    const ua = rng.pick(botUAs);
    const k = rng.int(3, 18);
    let ts = t;
    for (let i = 0; i < k; i++) {
      const p = rng.pick(scanPaths);
      const st = rng.chance(0.8) ? 404 : 444;
      add(
        ts,
        access(ts, { ip, method: rng.chance(0.85) ? "GET" : "POST", uri: p, status: st, bytes: st === 404 ? 153 : 0, rt: rng.float(0, 0.002), ua }),
        null,
      );
      ts += rng.int(50, 2500);
    }
  });
  loop(rng.float(0.4, 0.8), (t) => {
    const ip = `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    const r = rng.weighted([
      ["tls", 3],
      ["empty", 2],
      ["root", 3],
      ["connect", 1],
    ] as const);
    if (r === "tls") {
      let raw = "";
      const k = rng.int(8, 20);
      for (let i = 0; i < k; i++) raw += `\\x${rng.hex(2).toUpperCase()}`;
      add(t, access(t, { ip, method: "-", uri: "-", status: 400, bytes: 157, rt: rng.float(0, 0.3), ua: "-", rawRequest: `\\x16\\x03\\x01${raw}` }), null);
    } else if (r === "empty") {
      add(t, access(t, { ip, method: "-", uri: "-", status: 400, bytes: 0, rt: rng.float(0, 1.2), ua: "-", rawRequest: "" }), null);
    } else if (r === "root") {
      add(t, access(t, { ip, method: "GET", uri: "/", proto: rng.pick(["HTTP/1.0", "HTTP/1.1"]), status: 301, bytes: 169, rt: 0, ua: rng.pick(botUAs) }), null);
    } else {
      add(t, access(t, { ip, method: "CONNECT", uri: "www.google.com:443", status: 400, bytes: 157, rt: 0, ua: "-" }), null);
    }
  });
  loop(0.15, (t) =>
    add(
      t,
      nginxErr(
        t,
        "warn",
        `an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${rng.int(1, 9)}/${rng.int(10, 99)}/00000${rng.int(10000, 99999)} while reading upstream, client: ${clientIp()}, server: api.broker.example, request: "GET /v1/accounts/${rng.int(1_000_000, 9_999_999)}/statements/2025.pdf HTTP/1.1"`,
      ),
      null,
    ),
  );
  loop(0.08, (t) =>
    add(
      t,
      nginxErr(
        t,
        "error",
        `open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: ${clientIp()}, server: api.broker.example, request: "GET /favicon.ico HTTP/1.1"`,
      ),
      null,
    ),
  );

  lines.sort((x, y) => x.k - y.k || x.t - y.t || x.n - y.n);
  return {
    name: "s07-edge-nginx-upstream",
    description:
      "nginx JSON access/error logs for a brokerage API: constant scanner and bot noise is normal, while accounts-api saturates and nginx returns slow responses, 504 timeouts and 502s for 12-30 minutes.",
    logs: lines.map((x) => x.e),
    labels: lines.map((x) => x.l),
  };
}
