// s06: public library catalogue, 5 h. Mid-day an unknown service account, svc-legacy-sync (an old
// migration tool's API key), pushes its 2019 config bundle: it turns on the feature flag
// circulation.holds.batch_resolve_v2 and shortens the hold-queue resolver interval to 300 s. From
// then on every resolver pass logs, at INFO, the full SELECT ... FOR UPDATE with 110-160 hold ids
// (900-1,400 characters), reorders queues and holds row locks for 7-20 s, so holds placed meanwhile
// are slow and some fail on duplicate queue positions. A librarian reverts the flag twice; the
// bundle is re-applied every 20 minutes until she revokes the key. Nothing is at ERROR except
// routine noise and the failed holds.
//
// Producers: opac-web (PHP, Monolog JsonFormatter with Web/Uid processors), circulation-api (Java,
// OpenTelemetry log records in OTLP/JSON), config-service (log4j2 EcsLayout), search-indexer (log4j2
// JsonLayout).
// Healthy medians: opac search 85 ms, record view 22 ms, hold request 140 ms; circulation loan
// 35 ms, return 30 ms, hold placed 60 ms, resolver pass 1,200 ms; indexer batch 1,800 ms. No memory.
import { arrivals, epochNsStr, HOUR, isoMs, isoUsOffset, MIN, Rng, round, SEC, startTime, Timeline, ticks, us } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

type Label = AnomalyType | null;

/** OTLP/JSON attributes: [{ key, value: { stringValue | intValue | doubleValue } }]. */
function otlpAttrs(o: Record<string, string | number>): Record<string, unknown>[] {
  return Object.entries(o).map(([key, v]) => ({
    key,
    value: typeof v === "string" ? { stringValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v },
  }));
}

export function libraryFlagFlip(seed: number): Scenario {
  const r = new Rng(seed, "lagoon/s06");
  const tl = new Timeline();
  const from = startTime(r, 8, 10);
  const to = from + 5 * HOUR;
  const t0 = us(from + r.float(1.5, 2.5) * HOUR);
  const revert1 = us(t0 + r.float(28, 34) * MIN);
  const revert2 = us(t0 + r.float(64, 72) * MIN);
  const revoke = us(t0 + r.float(92, 100) * MIN);
  const bundleAt = [0, 20, 40, 60, 80].map((m) => us(t0 + m * MIN)).filter((t) => t < revoke);
  // The flag is on from each bundle push that finds it off until the next revert.
  const onPeriods = (
    [
      [t0, revert1],
      [bundleAt.find((t) => t > revert1) ?? revoke, revert2],
      [bundleAt.find((t) => t > revert2) ?? revoke, revoke],
    ] as [number, number][]
  ).filter(([a, b]) => a < b);
  const flagOn = (t: number): boolean => onPeriods.some(([a, b]) => t >= a && t < b);

  // ---- producers -------------------------------------------------------------------------------------
  const monolog = (t: number, level: number, message: string, context: Record<string, unknown>, extra: Record<string, unknown>, label: Label = null): void => {
    const name = { 200: "INFO", 300: "WARNING", 400: "ERROR" }[level] ?? "INFO";
    tl.add(
      t,
      "us",
      { message, context: Object.keys(context).length ? context : [], level, level_name: name, channel: "opac", datetime: isoUsOffset(t), extra },
      label,
    );
  };
  const otel = (t: number, sev: "INFO" | "WARN" | "ERROR", body: string, attrs: Record<string, string | number>, scope: string, label: Label = null): void => {
    const num = { INFO: 9, WARN: 13, ERROR: 17 }[sev];
    tl.add(
      t,
      "us",
      {
        timeUnixNano: epochNsStr(t),
        observedTimeUnixNano: epochNsStr(t + r.float(0.05, 0.4)),
        severityNumber: num,
        severityText: sev,
        body: { stringValue: body },
        attributes: otlpAttrs(attrs),
        traceId: r.traceId(),
        spanId: r.spanId(),
        flags: 1,
        resource: {
          attributes: otlpAttrs({ "service.name": "circulation-api", "service.version": "3.14.2", "host.name": "circ-02", "telemetry.sdk.language": "java" }),
        },
        scope: { name: scope },
      },
      label,
    );
  };
  const ecs = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}, label: Label = null): void => {
    tl.add(
      t,
      "ms",
      {
        "@timestamp": isoMs(t),
        "log.level": level,
        message,
        "ecs.version": "1.2.0",
        "service.name": "config-service",
        "event.dataset": "config-service.log",
        "process.thread.name": `http-nio-8888-exec-${r.int(1, 10)}`,
        "log.logger": logger,
        ...extra,
      },
      label,
    );
  };
  const j4 = (t: number, level: string, logger: string, message: string): void => {
    const ms = Math.floor(t);
    tl.add(t, "ms", {
      instant: { epochSecond: Math.floor(ms / 1000), nanoOfSecond: (ms % 1000) * 1_000_000 },
      thread: "indexer-1",
      level,
      loggerName: logger,
      message,
      endOfBatch: false,
      loggerFqcn: "org.apache.logging.log4j.spi.AbstractLogger",
      threadId: 31,
      threadPriority: 5,
    });
  };
  const web = (url: string, method = "GET"): Record<string, unknown> => ({
    url,
    ip: r.ip("10.30.2"),
    http_method: method,
    server: "catalogue.citylibraries.example",
    referrer: null,
    uid: r.hex(7),
  });
  const record = (): string => `b${r.int(1_000_000, 3_999_999)}`;

  // ---- the resolver: passes every 15 min, every 5 min with the legacy bundle's settings ---------------
  const passes: { t: number; ms: number; v2: boolean }[] = [];
  for (let t = from + r.float(0, 5) * MIN; t < to; ) {
    const v2 = flagOn(t);
    passes.push({ t: us(t), ms: v2 ? r.slow(1200, 8, 25) : r.healthy(1200, 0.3), v2 });
    const next = t + (v2 ? 5 : 15) * MIN;
    // a config refresh reschedules the next pass one new interval later
    const refreshed = onPeriods.find(([a]) => a > t && a < next);
    t = refreshed ? refreshed[0] + 5 * MIN : next;
  }
  const lockedAt = (t: number): number => {
    for (const p of passes) if (p.v2 && t >= p.t && t < p.t + p.ms) return p.t + p.ms - t;
    return 0;
  };
  for (const p of passes) {
    const scope = "org.library.circulation.holds.HoldQueueResolver";
    if (p.v2) {
      const n = r.int(110, 160);
      const ids: number[] = [];
      let id = r.int(880_000, 881_000);
      for (let k = 0; k < n; k++) {
        id += r.int(1, 40);
        ids.push(id);
      }
      otel(
        us(p.t + 15),
        "INFO",
        `Executing batch resolve: SELECT h.id, h.patron_id, h.biblio_id, h.queue_position FROM holds h WHERE h.id IN (${ids.join(", ")}) FOR UPDATE`,
        { "resolver.mode": "batch_v2", "db.system": "postgresql" },
        scope,
        "pattern",
      );
      otel(
        us(p.t + p.ms - 20),
        "INFO",
        `Hold queue reordered: ${r.int(60, 160)} holds moved, ${r.int(20, 60)} patrons affected`,
        { "resolver.mode": "batch_v2" },
        scope,
        "pattern",
      );
    }
    otel(
      us(p.t + p.ms),
      "INFO",
      "Hold queue resolver pass complete",
      { "holds.examined": r.int(180, 260), "holds.filled": r.int(2, 9), duration_ms: round(p.ms, 1) },
      scope,
      p.v2 ? "performance" : null,
    );
  }

  // ---- config-service ------------------------------------------------------------------------------------
  for (const app of ["opac-web", "circulation-api", "search-indexer"]) {
    for (const t of ticks(r, from, to, 5 * MIN, 20 * SEC)) {
      ecs(
        t,
        "INFO",
        "org.springframework.cloud.config.server.environment.NativeEnvironmentRepository",
        `Served configuration for application '${app}' profile 'prod' label 'main'`,
      );
    }
  }
  const knownAt = us(from + r.float(20, 70) * MIN);
  ecs(
    knownAt,
    "INFO",
    "org.library.config.PropertyService",
    "Property updated: opac.search.default_page_size 20 -> 25 by m.okafor@library.example (source: admin-ui)",
    { "user.name": "m.okafor@library.example" },
  );
  const legacy = { "user.name": "svc-legacy-sync", "client.ip": "10.30.8.44" };
  const refresh = (t: number): void => {
    otel(
      us(t + r.float(2, 6) * SEC),
      "INFO",
      "Configuration refreshed: 2 properties changed [circulation.holds.batch_resolve_v2, circulation.hold.queue_resolve_interval]",
      { "config.label": "main" },
      "org.springframework.cloud.context.refresh.ContextRefresher",
      "pattern",
    );
  };
  for (const t of bundleAt) {
    ecs(t, "INFO", "org.library.config.BundleService", "Applied config bundle 'legacy-circ-2019' (14 properties) from svc-legacy-sync", legacy, "pattern");
    if (onPeriods.some(([a]) => a === t)) {
      ecs(
        us(t + 40),
        "INFO",
        "org.library.config.FlagService",
        "Feature flag updated: circulation.holds.batch_resolve_v2 false -> true by svc-legacy-sync (source: api, client 10.30.8.44)",
        legacy,
        "pattern",
      );
      ecs(
        us(t + 55),
        "INFO",
        "org.library.config.PropertyService",
        "Property updated: circulation.hold.queue_resolve_interval 900s -> 300s by svc-legacy-sync (source: api, client 10.30.8.44)",
        legacy,
        "pattern",
      );
      refresh(t);
    }
  }
  const chen = { "user.name": "r.chen@library.example" };
  for (const t of [revert1, revert2, revoke]) {
    if (t === revoke)
      ecs(us(t - 20 * SEC), "WARN", "org.library.config.ApiKeyService", "API key 'svc-legacy-sync' revoked by r.chen@library.example", chen, "pattern");
    ecs(
      t,
      "INFO",
      "org.library.config.FlagService",
      "Feature flag updated: circulation.holds.batch_resolve_v2 true -> false by r.chen@library.example (source: admin-ui)",
      chen,
      "pattern",
    );
    ecs(
      us(t + 30),
      "INFO",
      "org.library.config.PropertyService",
      "Property updated: circulation.hold.queue_resolve_interval 300s -> 900s by r.chen@library.example (source: admin-ui)",
      chen,
      "pattern",
    );
    refresh(t);
  }
  const t0Dump = us(t0 + r.float(8, 12) * SEC);
  otel(
    t0Dump,
    "INFO",
    `Effective hold configuration: {batch_resolve_v2=true, queue_resolve_interval=PT5M, max_holds_per_patron=25, pickup_locations=[CENTRAL, NORTHGATE, RIVERSIDE, EASTFIELD, MOBILE-1], hold_shelf_days=7, notice_channels=[email, sms], expiry_sweep_cron=0 15 2 * * *, reorder_strategy=LEGACY_FIFO_BY_REQUEST_DATE, lock_mode=FOR_UPDATE, lock_timeout=PT30S, batch_size=500, resolver_threads=4, legacy_priority_table=circ_priority_2019, suspend_on_fines_over=10.00, allow_item_level_holds=true, allow_title_level_holds=true, transit_hold_days=3, inter_branch_transfer=true, skip_lost_items=true, skip_withdrawn_items=true, rotate_collections=false, notify_on_reorder=true, source=svc-legacy-sync}`,
    { "config.label": "main" },
    "org.library.circulation.config.HoldConfigLogger",
    "pattern",
  );

  // ---- patrons and kiosks -----------------------------------------------------------------------------------
  const holdFlow = (t: number): void => {
    const rec = record();
    const wait = lockedAt(t + 3);
    const fails = flagOn(t) && r.chance(0.1);
    const circMs = wait > 0 ? Math.max(wait + r.healthy(60, 0.3), 60 * r.float(4.5, 6)) : r.healthy(60, 0.3);
    const circLabel: Label = wait > 0 ? "performance" : null;
    if (fails) {
      const pos = r.int(2, 30);
      otel(
        us(t + 3 + circMs),
        "ERROR",
        `Hold placement failed: duplicate queue position ${pos} for biblio ${rec}`,
        {
          "http.route": "/v1/holds",
          "http.response.status_code": 500,
          duration_ms: round(circMs, 1),
          "exception.type": "org.springframework.dao.DataIntegrityViolationException",
        },
        "org.library.circulation.holds.HoldController",
        circLabel ?? "error",
      );
      const ms = circMs + r.healthy(80, 0.3);
      monolog(
        us(t + ms),
        400,
        "Hold request failed",
        { record_id: rec, status: 500, took_ms: Math.round(ms) },
        web(`/Record/${rec}/Hold`, "POST"),
        ms > 140 * 4 ? "performance" : "error",
      );
      return;
    }
    otel(
      us(t + 3 + circMs),
      "INFO",
      "Hold placed",
      { "http.route": "/v1/holds", "http.response.status_code": 201, "hold.pickup": "CENTRAL", duration_ms: round(circMs, 1) },
      "org.library.circulation.holds.HoldController",
      circLabel,
    );
    const ms = wait > 0 ? Math.max(circMs + r.healthy(80, 0.3), 140 * r.float(4.5, 6)) : r.healthy(140, 0.3);
    monolog(
      us(t + ms),
      200,
      "Hold request submitted",
      { record_id: rec, pickup: "CENTRAL", took_ms: Math.round(ms) },
      web(`/Record/${rec}/Hold`, "POST"),
      wait > 0 ? "performance" : null,
    );
  };
  for (const t of arrivals(r, from, to, 5)) {
    const ms = r.healthy(85, 0.3);
    monolog(
      us(t + ms),
      200,
      "Search executed",
      { lookfor_hash: r.hex(10), type: r.pick(["AllFields", "Title", "Author", "Subject"]), hits: r.int(0, 4000), took_ms: Math.round(ms) },
      web("/Search/Results"),
    );
  }
  for (const t of arrivals(r, from, to, 4)) {
    const rec = record();
    const ms = r.healthy(22, 0.3);
    if (r.chance(0.05)) monolog(us(t + ms - 1), 300, "Cover image not found", { isbn: `978${r.digits(10)}`, provider: "syndetics" }, web(`/Record/${rec}`));
    monolog(us(t + ms), 200, "Record viewed", { record_id: rec, took_ms: Math.round(ms) }, web(`/Record/${rec}`));
  }
  for (const t of arrivals(r, from, to, 1.2)) holdFlow(t);
  for (const t of ticks(r, from, to, 30 * MIN, 6 * MIN)) {
    monolog(
      t,
      400,
      "Z39.50 target 'county-union' unavailable: connection timed out after 10 s",
      { target: "county-union", host: "z3950.countyunion.example:210" },
      web("/Search/Results"),
    );
  }
  for (const t of arrivals(r, from, to, 3)) {
    const loan = r.chance(0.5);
    // a return checks the item's hold queue, so it waits on a v2 pass's row locks too
    const wait = loan ? 0 : lockedAt(t);
    const ms = wait > 0 ? Math.max(wait + r.healthy(30, 0.3), 30 * r.float(4.5, 6)) : r.healthy(loan ? 35 : 30, 0.3);
    otel(
      us(t + ms),
      "INFO",
      loan ? "Loan created" : "Item returned",
      {
        "http.route": loan ? "/v1/loans" : "/v1/returns",
        "http.response.status_code": loan ? 201 : 200,
        "kiosk.id": `SCO-${r.int(1, 9)}`,
        "item.barcode": `3${r.digits(13)}`,
        duration_ms: round(ms, 1),
      },
      "org.library.circulation.loans.LoanController",
      wait > 0 ? "performance" : null,
    );
    if (!loan && r.chance(0.04))
      otel(
        us(t + ms + 2),
        "WARN",
        "Returned item has an unpaid fine; patron notified",
        { "http.route": "/v1/returns", "fine.amount": round(r.float(0.5, 6), 2) },
        "org.library.circulation.loans.LoanController",
      );
  }

  // ---- search-indexer ------------------------------------------------------------------------------------------
  let gen = r.int(88_000, 89_000);
  for (const t of ticks(r, from, to, 5 * MIN, 10 * SEC)) {
    const ms = r.healthy(1800, 0.3);
    j4(us(t + ms), "INFO", "org.library.indexer.MarcIndexer", `Indexed ${r.int(150, 480)} MARC records in ${Math.round(ms)} ms`);
    j4(us(t + ms + 120), "INFO", "org.library.indexer.SolrCommitter", `Committed index generation ${gen++}`);
    for (let k = 0; k < r.int(0, 3); k++) {
      j4(
        us(t + r.float(0.1, 0.9) * ms),
        "WARN",
        "org.library.indexer.marc.FixedFieldParser",
        `Record ${record()} has invalid 008/07-10 date '19uu'; indexed with null pubdate`,
      );
    }
  }

  return tl.build(
    "library-catalogue-unknown-flag-flip",
    "Library catalogue: an unknown service account flips a hold-resolver feature flag mid-day; every resolver pass then logs a 1,000-character SELECT ... FOR UPDATE with 100+ ids at INFO, locks hold rows for seconds and slows or breaks hold requests, while config changes bounce between a librarian and the legacy bundle.",
  );
}
