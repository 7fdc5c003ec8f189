/**
 * Retail catalog stack of five Python services (python-json-logger style: `timestamp`
 * isoformat with microseconds, `levelname`, `name`, `message`, `exc_info`). Their normal
 * speeds are two orders of magnitude apart: edge-cache answers in ~3 ms, auth in ~14 ms,
 * catalog in ~40 ms, search in ~300 ms and the report builder in ~3 s. Across a 2-2.5 hour
 * window each tier has its own slow spells (cache at 40-120 ms, search at 3-8 s, reports
 * at 30-80 s or hitting their deadline) that only look slow against that service's own
 * normal, interleaved from start to end with exception bursts, memory pressure in the
 * report workers or the cache, and odd one-off messages (giant rewritten queries, zero
 * price overrides from an ad-hoc job, a synonyms reload from /tmp).
 */
import type { AnomalyType, Scenario } from "./types.js";
import { Rng } from "./rng.js";

type Label = AnomalyType | null;
interface Line {
  t: number;
  n: number;
  e: Record<string, unknown>;
  l: Label;
}

interface Svc {
  name: string;
  logger: string;
  median: number;
  rate: number;
  memBase: number;
  pid: number;
}

interface Episode {
  kind: AnomalyType;
  svc: number;
  a: number;
  b: number;
  factor: number;
}

const CACHE = 0;
const AUTH = 1;
const CATALOG = 2;
const SEARCH = 3;
const REPORT = 4;

function pyTime(t: number): string {
  const ms = Math.floor(t);
  const micro = Math.floor((t - ms) * 1000);
  const iso = new Date(ms).toISOString(); // 2026-01-01T00:00:00.000Z
  return `${iso.slice(0, 23)}${String(micro).padStart(3, "0")}+00:00`;
}

export function s02LatencyTiers(seed: number): Scenario {
  const rng = new Rng(seed, "s02-latency-tiers");
  const lines: Line[] = [];
  let n = 0;
  const add = (t: number, e: Record<string, unknown>, l: Label): void => {
    lines.push({ t, n: n++, e, l });
  };

  const spanMin = rng.int(110, 150);
  const span = spanMin * 60_000;
  const start = rng.start2026(span, 7, 15);
  const end = start + span;
  const scale = rng.float(0.9, 1.1);

  const svcs: Svc[] = [
    { name: "edge-cache", logger: "edgecache.server", median: 3, rate: 13, memBase: rng.int(52, 62), pid: rng.int(8, 40) },
    { name: "auth-svc", logger: "auth.tokens", median: 14, rate: 6, memBase: rng.int(28, 38), pid: rng.int(8, 40) },
    { name: "catalog-api", logger: "catalog.views", median: 40, rate: 5, memBase: rng.int(35, 48), pid: rng.int(8, 40) },
    { name: "search-svc", logger: "search.query", median: 310, rate: 4, memBase: rng.int(45, 58), pid: rng.int(8, 40) },
    { name: "report-builder", logger: "reports.render", median: 3100, rate: 1.2, memBase: rng.int(38, 52), pid: rng.int(8, 40) },
  ];

  const rec = (t: number, si: number, level: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => {
    const s = svcs[si] as Svc;
    return {
      timestamp: pyTime(t),
      levelname: level,
      name: s.logger,
      service: s.name,
      process: s.pid,
      threadName: si === REPORT ? `render-${rng.int(0, 3)}` : "MainThread",
      message,
      ...extra,
    };
  };

  // ---- episodes -----------------------------------------------------------
  const plan: [AnomalyType, number][] = [
    ["performance", CACHE],
    ["performance", SEARCH],
    ["performance", REPORT],
    ["performance", rng.pick([CACHE, SEARCH, REPORT])],
    ["performance", rng.pick([CACHE, SEARCH, REPORT, AUTH, CATALOG])],
    ["error", SEARCH],
    ["error", rng.pick([CATALOG, AUTH])],
    ["error", rng.pick([REPORT, CATALOG, SEARCH])],
    ["memory", REPORT],
    ["memory", rng.pick([CACHE, REPORT])],
    ["pattern", rng.pick([SEARCH, CATALOG])],
    ["pattern", rng.pick([SEARCH, CATALOG, REPORT])],
  ];
  if (rng.chance(0.6)) plan.push(["performance", rng.pick([CACHE, SEARCH, REPORT])]);
  if (rng.chance(0.5)) plan.push(["error", rng.pick([SEARCH, AUTH, CATALOG, REPORT])]);
  rng.shuffle(plan);
  const episodes: Episode[] = plan.map(([kind, svc], i) => {
    const dur = (kind === "performance" ? rng.int(150, 420) : kind === "memory" ? rng.int(240, 540) : rng.int(60, 300)) * 1000;
    let a: number;
    if (i === 0) a = start + rng.int(30, 240) * 1000;
    else if (i === plan.length - 1) a = end - dur - rng.int(20, 200) * 1000;
    else a = start + rng.int(5 * 60, spanMin * 60 - 10 * 60) * 1000;
    return { kind, svc, a, b: a + dur, factor: rng.float(12, 30) };
  });
  const during = (kind: AnomalyType, svc: number, t: number): Episode | undefined =>
    episodes.find((e) => e.kind === kind && e.svc === svc && t >= e.a && t <= e.b);

  const sku = (): string => `${rng.int(100000, 999999)}`;
  const user = (): string => `u${rng.int(10000, 99999)}`;

  // ---- request traffic ------------------------------------------------------
  for (let si = 0; si < svcs.length; si++) {
    const s = svcs[si] as Svc;
    const gap = 60_000 / (s.rate * scale);
    let t = start + rng.exp(gap);
    while (t < end) {
      const ep = during("performance", si, t);
      let ms = rng.logNormal(s.median, 0.3, 2.5);
      if (ep) ms = Math.max(ms * ep.factor * rng.float(0.75, 1.3), s.median * rng.float(8, 11));
      const lab: Label = ep ? "performance" : null;
      switch (si) {
        case CACHE: {
          const v = Math.round(ms * 10) / 10;
          const hit = rng.chance(0.93);
          add(t, rec(t, si, "INFO", `cache GET key=sku:${sku()} ${hit ? "hit" : "miss"} in ${v}ms`, { latency_ms: v, shard: `c${rng.int(0, 7)}` }), lab);
          break;
        }
        case AUTH: {
          const v = Math.round(ms);
          add(t, rec(t, si, "INFO", `token validated sub=${user()} scope=catalog:read in ${v}ms`, { latency_ms: v }), lab);
          break;
        }
        case CATALOG: {
          const v = Math.round(ms);
          const route = rng.weighted([
            [`GET /catalog/items/${sku()}`, 6],
            [`GET /catalog/categories/${rng.int(10, 90)}/items?page=${rng.int(1, 9)}`, 3],
            [`PUT /catalog/items/${sku()}/stock`, 1],
          ] as const);
          add(t, rec(t, si, "INFO", `${route} 200 in ${v}ms`, { duration_ms: v, status: 200 }), lab);
          break;
        }
        case SEARCH: {
          const v = Math.round(ms);
          add(
            t,
            rec(t, si, "INFO", `search q_len=${rng.int(3, 28)} filters=${rng.int(0, 4)} hits=${rng.int(0, 2400)} took ${v}ms`, {
              duration_ms: v,
              index: "products-v7",
            }),
            lab,
          );
          break;
        }
        default: {
          const v = Math.round(ms);
          if (ep && rng.chance(0.25)) {
            add(
              t,
              rec(t, si, "ERROR", `report rpt-${rng.hex(8)} exceeded 120s render deadline; cancelled`, {
                duration_ms: 120000,
                report_type: rng.pick(["stock-aging", "sell-through", "margin-by-category"]),
              }),
              "performance",
            );
          } else {
            add(
              t,
              rec(t, si, ep ? "WARNING" : "INFO", `report rpt-${rng.hex(8)} rendered pages=${rng.int(2, 40)} in ${(v / 1000).toFixed(2)}s`, {
                duration_ms: v,
                report_type: rng.pick(["stock-aging", "sell-through", "margin-by-category"]),
              }),
              lab,
            );
          }
        }
      }
      t += rng.exp(gap);
    }
  }

  // ---- worker stats every two minutes -----------------------------------------
  for (let si = 0; si < svcs.length; si++) {
    const s = svcs[si] as Svc;
    let t = start + rng.int(0, 119_999);
    while (t < end) {
      const ep = during("memory", si, t);
      let mem = s.memBase + rng.normal(0, 3);
      if (ep) mem = 87 + 10 * ((t - ep.a) / (ep.b - ep.a)) + rng.normal(0, 0.7);
      mem = Math.min(99.3, Math.round(mem * 10) / 10);
      if (si === CACHE) {
        add(
          t,
          rec(t, si, ep ? "WARNING" : "INFO", ep ? `used_memory at ${mem}% of maxmemory, evicted_keys=${rng.int(20000, 90000)} in last 60s` : "cache stats", {
            memory_usage: mem,
            keys: rng.int(1_800_000, 2_100_000),
            evicted_keys: ep ? rng.int(20000, 90000) : rng.int(0, 40),
          }),
          ep ? "memory" : null,
        );
      } else {
        add(
          t,
          rec(t, si, ep ? "WARNING" : "INFO", ep ? `worker rss ${((mem / 100) * 4).toFixed(2)}GB of 4GB limit (${mem}%)` : "worker stats", {
            memory_usage: mem,
            rss_mb: Math.round(mem * 40.96),
            open_fds: rng.int(40, 120),
          }),
          ep ? "memory" : null,
        );
      }
      t += ep ? rng.int(25_000, 40_000) : rng.int(115_000, 125_000);
    }
  }

  // ---- routine chatter --------------------------------------------------------
  let t = start + rng.exp(420_000);
  while (t < end) {
    add(
      t,
      rec(
        t,
        SEARCH,
        "WARNING",
        `query for "${rng.pick(["sneakers", "usb c cable", "garden hose", "desk lamp", "rain jacket"])}" returned 0 hits; suggesting spellcheck alternatives`,
      ),
      null,
    );
    t += rng.exp(420_000);
  }
  t = start + rng.exp(900_000);
  while (t < end) {
    add(t, rec(t, AUTH, "INFO", `JWKS refreshed from https://id.example-retail.com/.well-known/jwks.json (3 keys)`), null);
    t += rng.int(880_000, 920_000);
  }
  t = start + rng.exp(600_000);
  while (t < end) {
    add(t, rec(t, CATALOG, "WARNING", `stock update for sku ${sku()} ignored: version ${rng.int(2, 40)} older than stored`), null);
    t += rng.exp(600_000);
  }

  // ---- error, memory and pattern events ---------------------------------------
  for (const ep of episodes) {
    if (ep.kind === "error") {
      const count = rng.int(4, 12);
      for (let i = 0; i < count; i++) {
        const tt = ep.a + rng.int(0, ep.b - ep.a);
        if (ep.svc === SEARCH) {
          add(
            tt,
            rec(tt, SEARCH, "ERROR", "search request failed", {
              exc_info:
                "Traceback (most recent call last):\n  File \"/srv/search/query.py\", line 141, in run\n    resp = self.es.search(index=self.index, body=body)\n  File \"/usr/local/lib/python3.11/site-packages/elasticsearch/client/__init__.py\", line 1552, in search\nelasticsearch.exceptions.TransportError: TransportError(500, 'search_phase_execution_exception', 'failed to create query: maxClauseCount is set to 1024')",
            }),
            "error",
          );
        } else if (ep.svc === CATALOG) {
          add(
            tt,
            rec(tt, CATALOG, "ERROR", `GET /catalog/items/${sku()} 500 in ${rng.int(8, 30)}ms`, {
              status: 500,
              exc_info:
                'Traceback (most recent call last):\n  File "/srv/catalog/views.py", line 88, in item_detail\n    row = repo.load(sku)\n  File "/srv/catalog/repo.py", line 41, in load\npsycopg2.errors.UndefinedColumn: column items.gtin14 does not exist\nLINE 1: SELECT items.id, items.gtin14, items.title FROM items WHERE ...',
            }),
            "error",
          );
        } else if (ep.svc === AUTH) {
          add(
            tt,
            rec(tt, AUTH, "ERROR", "token validation crashed", {
              exc_info:
                "Traceback (most recent call last):\n  File \"/srv/auth/tokens.py\", line 67, in validate\n    key = self.jwks[header['kid']]\nKeyError: 'kid-2026-rot'",
            }),
            "error",
          );
        } else {
          add(
            tt,
            rec(tt, REPORT, "ERROR", `report rpt-${rng.hex(8)} failed`, {
              exc_info:
                'Traceback (most recent call last):\n  File "/srv/reports/render.py", line 203, in render_table\n    width = int(col.ratio * page_width)\nValueError: cannot convert float NaN to integer',
            }),
            "error",
          );
        }
      }
    } else if (ep.kind === "memory" && ep.svc === REPORT && rng.chance(0.7)) {
      const tt = ep.b + rng.int(500, 6000);
      add(
        tt,
        rec(tt, REPORT, "ERROR", `report rpt-${rng.hex(8)} worker died`, {
          memory_usage: 99.1,
          exc_info:
            'Traceback (most recent call last):\n  File "/srv/reports/render.py", line 118, in build_frame\n    df = pd.concat(chunks, ignore_index=True)\nMemoryError: Unable to allocate 1.21 GiB for an array with shape (162000000,) and data type int64',
        }),
        "memory",
      );
    } else if (ep.kind === "pattern") {
      const count = rng.int(3, 8);
      for (let i = 0; i < count; i++) {
        const tt = ep.a + rng.int(0, ep.b - ep.a);
        if (ep.svc === SEARCH) {
          const toks: string[] = [];
          const k = rng.int(180, 420);
          for (let j = 0; j < k; j++) toks.push(rng.pick(["OR", "sku:*", "title:a*", "(", ")", "brand:*", "AND", "NOT", "price:[0 TO *]"]));
          add(
            tt,
            rec(
              tt,
              SEARCH,
              "INFO",
              `query rewritten from client ${rng.int(10, 250)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}: ${toks.join(" ")}`,
            ),
            "pattern",
          );
        } else if (ep.svc === CATALOG) {
          add(tt, rec(tt, CATALOG, "INFO", `price override applied sku=${sku()} price=0.00 currency=EUR by job=adhoc-fix-${rng.hex(5)}`), "pattern");
        } else {
          add(tt, rec(tt, REPORT, "INFO", `template cache flushed: loading templates from /tmp/tpl-${rng.hex(6)}/ (${rng.int(2, 9)} overrides)`), "pattern");
        }
      }
    }
  }

  lines.sort((x, y) => x.t - y.t || x.n - y.n);
  return {
    name: "s02-latency-tiers",
    description:
      "Catalog stack whose services run at ~3 ms, ~14 ms, ~40 ms, ~300 ms and ~3 s; each has slow spells relative to its own normal, mixed with errors, memory pressure and odd messages throughout.",
    logs: lines.map((x) => x.e),
    labels: lines.map((x) => x.l),
  };
}
