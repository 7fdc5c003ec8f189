// s04: newsroom CMS, 2.5 h. Mid-day somebody runs a Flyway migration that converts articles.body to
// jsonb in one transaction: it holds an ACCESS EXCLUSIVE lock on articles for 18-25 minutes and logs a
// progress line per batch. PostgreSQL logs lock waits and statement timeouts, article-api's requests
// fail after 5 s and then its Hikari pool starves, render-service times out, retries and opens its
// circuit breaker (then fails fast, re-trying every 60 s), and nginx returns 503/500 to readers.
// When the migration commits everything recovers. Cached pages and static files stay healthy.
//
// Producers: nginx (log_format escape=json access log), render-service (winston JSON),
// article-api and cms-schema-migrate (Spring Boot, logstash-logback-encoder), postgres (PostgreSQL
// 16 jsonlog).
// Healthy medians: nginx page MISS 0.085 s, home MISS 0.06 s, cache HIT 0.001 s, live poll 0.010 s,
// static 0.001 s; render page 80 ms; article-api GET article 14 ms, live updates 8 ms, PUT article
// 45 ms; postgres logs statements over 500 ms (only the analytics report, 800 ms median). No memory.
import { arrivals, HOUR, isoMsOffset, isoSecOffset, MIN, pgTime, Rng, round, SEC, startTime, Timeline, ticks, us } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

type Label = AnomalyType | null;
interface Outcome {
  ok: boolean;
  ms: number;
  status: number;
}

const SECTIONS = ["politics", "world", "business", "sport", "culture", "science"] as const;
const WORDS = ["council", "budget", "vote", "storm", "final", "strike", "minister", "record", "trial", "deal", "rates", "election"] as const;

export function newsroomMigrationCascade(seed: number): Scenario {
  const r = new Rng(seed, "lagoon/s04");
  const tl = new Timeline();
  const from = startTime(r, 9, 11);
  const to = from + 2.5 * HOUR;
  const t0 = us(from + r.float(55, 75) * MIN);
  const t1 = us(t0 + r.float(18, 25) * MIN);
  const lockAt = us(t0 + 1.5 * SEC);
  const poolAt = us(t0 + r.float(60, 90) * SEC);
  const breakerAt = us(t0 + r.float(3, 4) * MIN);
  const pgStart = pgTime(from - r.float(2, 9) * 24 * HOUR);
  const pids = Array.from({ length: 20 }, () => r.int(20_000, 39_000));
  const slug = (): string => `${r.pick(WORDS)}-${r.pick(WORDS)}-${r.pick(WORDS)}-${r.int(2, 9)}`;

  // ---- producers --------------------------------------------------------------------------------
  const nginx = (
    t: number,
    request: string,
    status: number,
    rt: number,
    up: { addr: string; status: string; time: string; cache: string },
    label: Label = null,
  ): void => {
    const end = us(t + rt * 1000);
    tl.add(
      end,
      "s",
      {
        time_iso8601: isoSecOffset(end),
        remote_addr: r.ip(r.pick(["81.2", "86.14", "92.40", "109.150"])),
        request_id: r.hex(32),
        request,
        status,
        body_bytes_sent: status >= 400 ? r.int(150, 600) : r.int(9000, 160_000),
        request_time: round(rt, 3),
        upstream_addr: up.addr,
        upstream_status: up.status,
        upstream_response_time: up.time,
        upstream_cache_status: up.cache,
        http_referer: r.pick(["https://www.google.com/", "-", "https://t.co/", "https://news.example.co.uk/"]),
        http_user_agent: r.pick([
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/121.0",
          "Mozilla/5.0 (Linux; Android 14) Chrome/121.0 Mobile",
        ]),
      },
      label,
    );
  };
  const winston = (t: number, level: string, message: string, meta: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, "ms", { level, message, service: "render-service", ...meta, timestamp: new Date(Math.floor(t)).toISOString() }, label);
  };
  const logback = (
    t: number,
    app: string,
    level: string,
    logger: string,
    thread: string,
    message: string,
    fields: Record<string, unknown>,
    label: Label = null,
  ): void => {
    const lv = { INFO: 20000, WARN: 30000, ERROR: 40000 }[level] ?? 20000;
    tl.add(
      t,
      "ms",
      { "@timestamp": isoMsOffset(t), "@version": "1", message, logger_name: logger, thread_name: thread, level, level_value: lv, app, ...fields },
      label,
    );
  };
  const pg = (t: number, sev: string, message: string, extra: Record<string, unknown>, label: Label = null): void => {
    const pid = (extra.pid as number | undefined) ?? r.pick(pids);
    tl.add(
      t,
      "ms",
      {
        timestamp: pgTime(t),
        user: "cms_app",
        dbname: "newsroom",
        pid,
        remote_host: "10.12.4.31",
        remote_port: r.port(),
        session_id: `65c7a1b2.${pid.toString(16)}`,
        line_num: r.int(1, 400),
        ps: "idle",
        session_start: pgStart,
        vxid: `${r.int(3, 30)}/${r.int(10_000, 99_999)}`,
        txid: 0,
        error_severity: sev,
        message,
        application_name: "article-api",
        backend_type: "client backend",
        query_id: 0,
        ...extra,
      },
      label,
    );
  };

  // ---- article-api: one call, with what PostgreSQL says about it -----------------------------
  const ARTICLE_SQL = "select a1_0.id,a1_0.body,a1_0.headline,a1_0.published_at,a1_0.section,a1_0.slug from articles a1_0 where a1_0.id=$1";
  const articleApi = (t: number, method: string, uri: string, median: number, traceId: string): Outcome => {
    const thread = `http-nio-8080-exec-${r.int(1, 40)}`;
    const ids = { traceId, spanId: r.spanId() };
    const done = (ms: number, status: number, label: Label): Outcome => {
      logback(
        us(t + ms),
        "article-api",
        status >= 500 ? "WARN" : "INFO",
        "uk.newsroom.cms.web.RequestLoggingFilter",
        thread,
        `${method} ${uri} -> ${status} in ${Math.round(ms)} ms`,
        { ...ids, method, uri, status, elapsed_ms: Math.round(ms) },
        label,
      );
      return { ok: status < 500, ms, status };
    };
    if (t < lockAt || t >= t1) {
      if (method === "GET" && uri.startsWith("/api/articles/") && r.chance(0.02)) return done(r.healthy(median, 0.3), 404, null);
      return done(r.healthy(median, 0.3), 200, null);
    }
    const pid = r.pick(pids);
    if (t + 5000 > t1) {
      const wait = t1 - t;
      if (wait >= 1000)
        pg(
          us(t1 + 1),
          "LOG",
          `process ${pid} acquired AccessShareLock on relation 16417 of database 16384 after ${wait.toFixed(3)} ms`,
          { pid, statement: ARTICLE_SQL },
          "performance",
        );
      const ms = Math.max(wait + r.healthy(median, 0.3), median * 4.5);
      return done(ms, 200, "performance");
    }
    if (t >= poolAt && r.chance(0.6)) {
      const ms = 3000 + r.float(1, 15);
      logback(
        us(t + ms - 1),
        "article-api",
        "ERROR",
        "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
        thread,
        "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection] with root cause",
        {
          ...ids,
          stack_trace:
            "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 3000ms.\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)\n\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)\n\tat com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:100)",
        },
        "performance",
      );
      return done(ms, 500, "performance");
    }
    pg(
      us(t + 1000.1),
      "LOG",
      `process ${pid} still waiting for AccessShareLock on relation 16417 of database 16384 after ${(1000 + r.float(0.02, 0.4)).toFixed(3)} ms`,
      {
        pid,
        detail: `Process holding the lock: 30211. Wait queue: ${pid}, ${r.pick(pids)}, ${r.pick(pids)}.`,
        statement: ARTICLE_SQL,
      },
      "performance",
    );
    pg(us(t + 5000.2), "ERROR", "canceling statement due to statement timeout", { pid, state_code: "57014", statement: ARTICLE_SQL }, "performance");
    const ms = 5000 + r.float(6, 20);
    logback(
      us(t + ms - 1),
      "article-api",
      "ERROR",
      "uk.newsroom.cms.web.ApiExceptionHandler",
      thread,
      "Request processing failed: org.springframework.dao.QueryTimeoutException: PreparedStatementCallback; SQL [select ... from articles where id=?]; ERROR: canceling statement due to statement timeout",
      {
        ...ids,
        stack_trace:
          "org.springframework.dao.QueryTimeoutException: PreparedStatementCallback; ERROR: canceling statement due to statement timeout\n\tat org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(SQLStateSQLExceptionTranslator.java:116)\nCaused by: org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout\n\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2713)",
      },
      "performance",
    );
    return done(ms, 500, "performance");
  };

  // ---- render-service with its breaker -----------------------------------------------------------
  // The breaker opens when a failed render completes (openedAt) and lets one trial through every 60 s.
  let openedAt = Number.POSITIVE_INFINITY;
  let trialAt = 0;
  const RENDER = "10.12.2.17:3000";
  const render = (t: number, route: string, path: string, median: number): Outcome => {
    const traceId = r.traceId();
    const articleId = r.int(40_000, 52_000);
    const meta = { route, path, articleId, traceId };
    if (t >= openedAt && t < trialAt) {
      const ms = r.float(2, 5);
      winston(us(t + ms), "error", "page render failed", { ...meta, status: 503, durationMs: round(ms, 1), error: "EOPENBREAKER: Breaker is open" }, "error");
      return { ok: false, ms, status: 503 };
    }
    const trial = t >= openedAt;
    if (trial) winston(t, "warn", "circuit breaker half-open, sending trial request", { breaker: "article-api" }, "pattern");
    let at = t + 2;
    for (let attempt = 1; attempt <= (trial ? 1 : 2); attempt++) {
      const res = articleApi(at, "GET", `/api/articles/${articleId}`, 14, traceId);
      if (res.ok && res.ms < 4000) {
        if (trial) {
          openedAt = Number.POSITIVE_INFINITY;
          winston(us(at + res.ms), "info", "circuit breaker closed", { breaker: "article-api" }, "pattern");
        }
        const slow = attempt > 1 || res.ms > 14 * 2.8;
        const ms = slow ? Math.max(at + res.ms - t + r.healthy(median - 14, 0.3), median * 4.5) : r.healthy(median, 0.3);
        winston(us(t + ms), "info", "page rendered", { ...meta, status: 200, cache: "miss", durationMs: Math.round(ms) }, slow ? "performance" : null);
        if (r.chance(0.03))
          winston(us(t + ms - 3), "warn", "image variant missing, falling back to original", { imageId: `img_${r.alnum(10)}`, variant: "w1240" });
        return { ok: true, ms, status: 200 };
      }
      if (res.ms >= 4000) {
        at += 4000;
        winston(us(at), "warn", "article-api request timed out", { ...meta, attempt, timeoutMs: 4000 }, "performance");
      } else {
        at += res.ms;
        winston(
          us(at),
          "warn",
          "article fetch failed",
          { ...meta, attempt, upstreamStatus: res.status, error: `HTTPError: Response code ${res.status} (Internal Server Error)` },
          "error",
        );
      }
      if (!trial && attempt === 1) at += 250;
    }
    const ms = at - t + r.float(1, 4);
    if (trial || (t >= breakerAt && openedAt === Number.POSITIVE_INFINITY)) {
      if (!trial) openedAt = us(t + ms);
      trialAt = us(t + ms + 60 * SEC);
      winston(
        us(t + ms - 0.5),
        "warn",
        "circuit breaker opened",
        { breaker: "article-api", errorThresholdPercentage: 50, rollingCountTimeout: 10000 },
        "pattern",
      );
    }
    winston(
      us(t + ms),
      "error",
      "page render failed",
      { ...meta, status: 503, durationMs: Math.round(ms), error: "ArticleFetchError: article-api unavailable after retries" },
      "performance",
    );
    return { ok: false, ms, status: 503 };
  };

  // ---- reader traffic through nginx ------------------------------------------------------------
  const NO_UP = { addr: "", status: "", time: "", cache: "" };
  for (const t of arrivals(r, from, to, 20)) {
    const kind = r.weighted<string>([
      ["page", 45],
      ["home", 10],
      ["live", 20],
      ["static", 20],
      ["bot", 2],
      ["edit", 3],
    ]);
    if (kind === "static") {
      const f = r.pick(["app.3f9c2d.js", "app.3f9c2d.css", "vendor.8b1e07.js", "fonts/guardian-egyptian.woff2"]);
      nginx(t, `GET /static/${f} HTTP/2.0`, r.chance(0.1) ? 304 : 200, r.healthy(0.001, 0.3), NO_UP);
    } else if (kind === "bot") {
      nginx(t, `GET ${r.pick(["/wp-login.php", "/.env", "/xmlrpc.php", "/admin/config.php"])} HTTP/1.1`, 404, r.healthy(0.001, 0.3), NO_UP);
    } else if (kind === "page" || kind === "home") {
      const path = kind === "home" ? "/" : `/${r.pick(SECTIONS)}/${new Date(Math.floor(t)).toISOString().slice(0, 10).replaceAll("-", "/")}/${slug()}`;
      if (r.chance(kind === "home" ? 0.8 : 0.55)) {
        nginx(t, `GET ${path} HTTP/2.0`, 200, r.healthy(0.001, 0.3), { ...NO_UP, cache: "HIT" });
        continue;
      }
      const median = kind === "home" ? 60 : 80;
      const res = render(t, kind === "home" ? "/" : "/:section/:y/:m/:d/:slug", path, median);
      const rt = (res.ms + r.float(0.5, 2.5)) / 1000;
      const nm = kind === "home" ? 0.06 : 0.085;
      const label: Label = rt > nm * 4 ? "performance" : res.ok ? null : "error";
      nginx(t, `GET ${path} HTTP/2.0`, res.status, rt, { addr: RENDER, status: String(res.status), time: (res.ms / 1000).toFixed(3), cache: "MISS" }, label);
    } else {
      const edit = kind === "edit";
      const uri = edit ? `/api/articles/${r.int(50_000, 52_000)}` : `/api/live/${r.int(9000, 9100)}/updates`;
      const res = articleApi(t + 0.5, edit ? "PUT" : "GET", uri, edit ? 45 : 8, r.traceId());
      const rt = (res.ms + r.float(0.5, 1.5)) / 1000;
      const label: Label = res.ms > (edit ? 45 : 8) * 2.8 ? "performance" : res.ok ? null : "error";
      nginx(
        t,
        `${edit ? "PUT" : "GET"} ${uri}${edit ? "" : `?since=${Math.floor(t / 1000) - 15}`} HTTP/2.0`,
        res.status,
        rt,
        { addr: "10.12.3.8:8080", status: String(res.status), time: (res.ms / 1000).toFixed(3), cache: "" },
        label,
      );
    }
  }

  // ---- the migration -----------------------------------------------------------------------------
  const mig = (t: number, level: string, logger: string, message: string): void =>
    logback(t, "cms-schema-migrate", level, logger, "main", message, {}, "pattern");
  mig(t0, "INFO", "org.flywaydb.core.internal.license.VersionPrinter", "Flyway Community Edition 10.8.1 by Redgate");
  mig(us(t0 + 310), "INFO", "org.flywaydb.core.FlywayExecutor", "Database: jdbc:postgresql://pg-main.newsroom.internal:5432/newsroom (PostgreSQL 16.2)");
  mig(us(t0 + 702), "INFO", "org.flywaydb.core.internal.command.DbValidate", "Successfully validated 47 migrations (execution time 00:00.112s)");
  mig(us(t0 + 905), "INFO", "org.flywaydb.core.internal.command.DbMigrate", 'Current version of schema "public": 2026.02.03.2');
  mig(us(t0 + 1200), "INFO", "org.flywaydb.core.internal.command.DbMigrate", 'Migrating schema "public" to version "2026.02.10.1 - article body jsonb"');
  pg(
    us(t0 + 1450),
    "LOG",
    "statement: ALTER TABLE articles ADD COLUMN body_json jsonb",
    { pid: 30211, user: "cms_migrator", application_name: "flyway", ps: "ALTER TABLE" },
    "pattern",
  );
  const batches = 14;
  for (let b = 1; b <= batches; b++) {
    const at = us(lockAt + ((t1 - lockAt - 20 * SEC) * b) / batches);
    mig(
      at,
      "INFO",
      "db.migration.V2026_02_10_1__ArticleBodyJsonb",
      `Converted batch ${b} of ${batches} (5000 rows, ids ${40_000 + (b - 1) * 5000}-${40_000 + b * 5000 - 1}) in ${((t1 - lockAt) / batches / 1000).toFixed(1)} s`,
    );
  }
  pg(
    us(t1 - 15 * SEC),
    "LOG",
    "statement: ALTER TABLE articles DROP COLUMN body",
    { pid: 30211, user: "cms_migrator", application_name: "flyway", ps: "ALTER TABLE" },
    "pattern",
  );
  pg(
    us(t1 - 14 * SEC),
    "LOG",
    "statement: ALTER TABLE articles RENAME COLUMN body_json TO body",
    { pid: 30211, user: "cms_migrator", application_name: "flyway", ps: "ALTER TABLE" },
    "pattern",
  );
  const mm = Math.floor((t1 - t0) / MIN);
  const ss = ((t1 - t0 - mm * MIN) / 1000).toFixed(3).padStart(6, "0");
  mig(
    us(t1 + 40),
    "INFO",
    "org.flywaydb.core.internal.command.DbMigrate",
    `Successfully applied 1 migration to schema "public", now at version v2026.02.10.1 (execution time ${String(mm).padStart(2, "0")}:${ss}s)`,
  );

  // ---- routine noise -------------------------------------------------------------------------------
  for (const t of ticks(r, from, to, 6 * MIN, 2 * MIN)) {
    winston(t, "error", "ad slot config unavailable, rendering without ads", { error: "getaddrinfo ENOTFOUND adslots.partner-cdn.example", slot: "mpu-1" });
  }
  for (const t of ticks(r, from, to, 15 * MIN, 5 * MIN)) {
    if (t >= lockAt && t < t1) continue;
    const id = r.int(50_000, 52_000);
    const s = slug();
    pg(t, "ERROR", 'duplicate key value violates unique constraint "articles_slug_key"', {
      state_code: "23505",
      detail: `Key (slug)=(${s}) already exists.`,
      statement: "update articles set headline=$1,slug=$2,updated_at=$3 where id=$4",
    });
    logback(
      us(t + 3),
      "article-api",
      "WARN",
      "uk.newsroom.cms.web.ApiExceptionHandler",
      `http-nio-8080-exec-${r.int(1, 40)}`,
      `Could not save article ${id}: slug '${s}' already in use`,
      { status: 409 },
    );
  }
  for (const t of ticks(r, from, to, 5 * MIN, 0)) {
    pg(t, "LOG", "checkpoint starting: time", {
      pid: 61,
      user: null,
      dbname: null,
      remote_host: null,
      remote_port: null,
      application_name: "",
      backend_type: "checkpointer",
      ps: "",
    });
    const w = r.float(268, 270);
    pg(
      us(t + w * 1000),
      "LOG",
      `checkpoint complete: wrote ${r.int(900, 2400)} buffers (${r.float(5, 14).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${r.int(0, 2)} recycled; write=${w.toFixed(3)} s, sync=0.00${r.int(2, 9)} s, total=${(w + 0.01).toFixed(3)} s; sync files=${r.int(30, 70)}, longest=0.002 s, average=0.001 s; distance=${r.int(9000, 20000)} kB, estimate=${r.int(14000, 21000)} kB; lsn=2A/${r.hex(8).toUpperCase()}, redo lsn=2A/${r.hex(8).toUpperCase()}`,
      { pid: 61, user: null, dbname: null, remote_host: null, remote_port: null, application_name: "", backend_type: "checkpointer", ps: "" },
    );
  }
  for (const t of ticks(r, from, to, 10 * MIN, 2 * MIN)) {
    const ms = r.healthy(800, 0.3);
    pg(
      us(t + ms),
      "LOG",
      `duration: ${ms.toFixed(3)} ms  execute <unnamed>: SELECT a.id, a.headline, count(*) AS views FROM article_views v JOIN articles_published a ON a.id = v.article_id WHERE v.viewed_at > now() - interval '1 hour' GROUP BY a.id, a.headline ORDER BY views DESC LIMIT 20`,
      { user: "analytics", application_name: "analytics-cron", ps: "SELECT" },
    );
  }
  for (const t of ticks(r, from, to, 12 * MIN, 4 * MIN)) {
    pg(
      t,
      "LOG",
      `automatic vacuum of table "newsroom.public.article_views": index scans: 1\npages: 0 removed, ${r.int(4000, 4600)} remain, ${r.int(300, 900)} scanned (${r.float(8, 20).toFixed(2)}% of total)\ntuples: ${r.int(9000, 30000)} removed, ${r.int(400000, 480000)} remain, 0 are dead but not yet removable\navg read rate: ${r.float(1, 9).toFixed(3)} MB/s, avg write rate: ${r.float(1, 6).toFixed(3)} MB/s`,
      { pid: r.int(40_000, 49_000), user: null, application_name: "", backend_type: "autovacuum worker", ps: "" },
    );
  }

  return tl.build(
    "newsroom-cms-migration-lock-cascade",
    "Newsroom CMS: a mid-day Flyway migration locks the articles table for ~20 min; PostgreSQL lock waits and statement timeouts spread to article-api (500s, starved Hikari pool), render-service (timeouts, retries, circuit breaker) and nginx (503/500), then all recover.",
  );
}
