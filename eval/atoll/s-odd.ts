// Kind 5: odd INFO lines recurring about a dozen times each among ordinary Spring traffic.
// Kind 6: a cluster system log where ERROR/CRITICAL/FATAL are routine; the alert is a new FATAL line type.
import { HOUR, iso, MIN, Rng, round, Story, spread, startTime } from "./lib.js";
import type { Scenario } from "./types.js";

export function oddInfoRecurrences(seed: number): Scenario {
  const r = new Rng(seed, "oddinfo");
  const t0 = startTime(r);
  const end = t0 + 3 * HOUR;
  const st = new Story();
  const apps = ["claims-api", "claims-worker", "docs-store"] as const;
  const hosts = new Map(apps.map((a) => [a, [`${a}-${r.alnum(4)}`, `${a}-${r.alnum(4)}`]] as const));
  const lb = (t: number, app: (typeof apps)[number], level: string, logger: string, message: string, extra: Record<string, unknown> = {}) => ({
    "@timestamp": iso(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: r.pick([`http-nio-8080-exec-${r.int(1, 40)}`, `kafka-consumer-${r.int(0, 5)}`, "scheduling-1"]),
    level,
    level_value: level === "INFO" ? 20000 : level === "WARN" ? 30000 : 10000,
    app,
    host: r.pick(hosts.get(app)!),
    traceId: r.hex(16),
    ...extra,
  });
  for (const t of spread(r, r.int(3000, 3600), t0, end)) {
    const app = r.weighted([
      ["claims-api", 5],
      ["claims-worker", 3],
      ["docs-store", 2],
    ] as const);
    const v = r.next();
    if (app === "claims-api" && v < 0.7)
      st.add(
        t,
        lb(
          t,
          app,
          "INFO",
          "o.s.web.servlet.DispatcherServlet",
          `Completed ${r.pick(["200 OK", "200 OK", "201 CREATED", "404 NOT_FOUND"])} in ${r.int(8, 140)}ms`,
          { duration_ms: r.int(8, 140) },
        ),
      );
    else if (app === "claims-worker" && v < 0.7)
      st.add(
        t,
        lb(
          t,
          app,
          "INFO",
          "c.a.claims.worker.ClaimEventListener",
          `Processed ClaimSubmitted for claim C-${r.int(100000, 999999)} (partition ${r.int(0, 11)}, offset ${r.int(1e5, 9e5)})`,
        ),
      );
    else if (app === "docs-store" && v < 0.7)
      st.add(
        t,
        lb(t, app, "INFO", "c.a.docs.StorageService", `Stored document ${r.uuid()} (${r.int(20, 900)} KiB) in bucket claims-docs-${r.pick(["eu", "us"])}`),
      );
    else if (v < 0.85)
      st.add(
        t,
        lb(
          t,
          app,
          "DEBUG",
          "com.zaxxer.hikari.pool.HikariPool",
          `HikariPool-1 - Pool stats (total=10, active=${r.int(0, 4)}, idle=${r.int(6, 10)}, waiting=0)`,
        ),
      );
    else if (v < 0.97)
      st.add(
        t,
        lb(
          t,
          app,
          "INFO",
          "o.a.k.clients.consumer.internals.ConsumerCoordinator",
          `[Consumer clientId=${app}-1, groupId=${app}] Committed offsets for ${r.int(1, 12)} partitions`,
        ),
      );
    else st.add(t, lb(t, app, "WARN", "o.s.web.servlet.PageNotFound", `No mapping for GET /favicon.ico`));
  }
  // ordinary look-alikes: hourly certificate checks on healthy certs, a reload by the deploy bot
  for (let t = t0 + r.int(1, 20) * MIN; t < end; t += HOUR) {
    for (const cn of ["docs-store.internal.atoll-ins.net", "kafka-client.claims"])
      st.add(t, lb(t, "docs-store", "INFO", "c.a.platform.tls.CertWatcher", `Certificate CN=${cn} expires in ${r.int(30, 300)} days`));
  }
  const tr = t0 + r.float(0.05, 0.2) * 3 * HOUR;
  st.add(
    tr,
    lb(
      tr,
      "claims-api",
      "INFO",
      "o.s.cloud.context.refresh.ConfigDataContextRefresher",
      `Configuration reloaded by deploy-bot (pipeline #${r.int(4000, 9000)}), keys changed: 2`,
    ),
  );
  // the odd ones, each about a dozen times
  const n = () => r.int(10, 14);
  for (const t of spread(r, n(), t0 + 2 * MIN, end)) {
    const parts: string[] = [];
    let s = "";
    const target = r.int(620, 1480);
    while (s.length < target) {
      parts.push(`"${r.pick(["lineItem", "attachment", "note", "coverage", "party"])}_${parts.length}":{"id":"${r.uuid()}","v":"${r.alnum(r.int(4, 12))}"}`);
      s = `Claim payload snapshot for C-${r.int(100000, 999999)}: {${parts.join(",")}}`;
    }
    st.add(t, lb(t, "claims-api", "INFO", "c.a.claims.audit.PayloadSnapshotter", s.slice(0, target)), "pattern");
  }
  for (const t of spread(r, n(), t0 + 2 * MIN, end)) {
    const ids = Array.from({ length: r.int(92, 108) }, () => r.int(1e6, 9e6)).join(", ");
    st.add(
      t,
      lb(
        t,
        "claims-worker",
        "INFO",
        "org.hibernate.SQL",
        `select c1_0.id, c1_0.status, c1_0.amount_cents, c1_0.policy_id from claim c1_0 where c1_0.id in (${ids})`,
      ),
      "pattern",
    );
  }
  const serial = Array.from({ length: 8 }, () => r.hex(2).toUpperCase()).join(":");
  for (const t of spread(r, n(), t0 + 2 * MIN, end)) {
    st.add(
      t,
      lb(
        t,
        "claims-api",
        "INFO",
        "c.a.platform.tls.CertWatcher",
        `Certificate CN=claims-api.internal.atoll-ins.net serial ${serial} expires in 0 days (notAfter=${iso(end + r.int(1, 50) * MIN)})`,
      ),
      "pattern",
    );
  }
  for (const t of spread(r, n(), t0 + 2 * MIN, end)) {
    st.add(
      t,
      lb(
        t,
        r.pick(apps),
        "INFO",
        "o.s.cloud.context.refresh.ConfigDataContextRefresher",
        `Configuration reloaded by unknown actor (principal=<none>, source=${r.ip("172.16")}), keys changed: ${r.int(3, 20)}`,
      ),
      "pattern",
    );
  }
  return st.build(
    "atoll-odd-info-recurrences",
    "claims services; ~12 each of: a 600-1500 char payload dump, a SQL IN list of ~100 ids, a certificate expiring in 0 days, a config reload by an unknown actor, all at INFO",
  );
}

export function storageRoutineCritical(seed: number): Scenario {
  const r = new Rng(seed, "lustre");
  const t0 = startTime(r);
  const end = t0 + 24 * HOUR;
  const st = new Story();
  const nodes = Array.from({ length: 12 }, (_, i) => `cn${String(r.int(1, 9) * 100 + i).padStart(4, "0")}`);
  const oss = ["oss01", "oss02", "oss03", "oss04"];
  const log = (t: number, host: string, component: string, severity: string, text: string) => ({ ts: round(t / 1000, 3), host, component, severity, text });
  // envmon: CRITICAL on ~15 % of its lines, all day
  for (const t of spread(r, r.int(1100, 1400), t0, end)) {
    const h = r.pick([...nodes, ...oss]);
    if (r.chance(0.15))
      st.add(
        t,
        log(t, h, "envmon", "CRITICAL", `fan module ${r.int(1, 6)} tach reading out of range (${r.pick([0, 0, 65535])} rpm), sensor flagged unreliable`),
      );
    else
      st.add(t, log(t, h, "envmon", "INFO", `sweep ok: inlet ${r.float(19, 24).toFixed(1)}C exhaust ${r.float(31, 39).toFixed(1)}C psu ${r.int(280, 420)}W`));
  }
  // kernel: corrected ECC as ERROR, routine
  for (const t of spread(r, r.int(900, 1200), t0, end)) {
    const h = r.pick(nodes);
    if (r.chance(0.3))
      st.add(
        t,
        log(
          t,
          h,
          "kernel",
          "ERROR",
          `EDAC MC${r.int(0, 1)}: 1 CE memory read error on CPU_SrcID#${r.int(0, 1)}_Ha#0_Chan#${r.int(0, 3)}_DIMM#${r.int(0, 1)} (channel:${r.int(0, 3)} slot:0 page:0x${r.hex(6)})`,
        ),
      );
    else
      st.add(
        t,
        log(
          t,
          h,
          "kernel",
          "INFO",
          `Lustre: ${r.pick([`scratch-OST000${r.int(0, 7)}`, "scratch-MDT0000"])}-mdc: Connection restored to ${r.ip("10.100")}@o2ib (at ${r.ip("10.100")}@o2ib)`,
        ),
      );
  }
  // jobd: user jobs die with FATAL all day
  for (const t of spread(r, r.int(1000, 1300), t0, end)) {
    const job = r.int(800000, 899999);
    const v = r.next();
    if (v < 0.18)
      st.add(
        t,
        log(
          t,
          r.pick(nodes),
          "jobd",
          "FATAL",
          `job ${job} rank ${r.int(0, 511)} exited abnormally: signal ${r.pick([9, 6, 11])} (${r.pick(["walltime exceeded", "user cancelled", "segfault in user code"])})`,
        ),
      );
    else st.add(t, log(t, r.pick(nodes), "jobd", "INFO", `job ${job} ${r.pick(["started on", "completed on"])} ${r.int(1, 64)} nodes`));
  }
  // lnet: timeouts logged as ERROR, routine
  for (const t of spread(r, r.int(250, 350), t0, end)) {
    st.add(
      t,
      log(
        t,
        r.pick(nodes),
        "lnet",
        r.chance(0.6) ? "ERROR" : "WARNING",
        `LNetError: ${r.int(1000, 9999)}:0:(o2iblnd_cb.c:3370:kiblnd_check_txs_locked()) Timed out tx: tx_queue, ${r.int(1, 3)} seconds`,
      ),
    );
  }
  // the alert: MDT journal failure, a FATAL type never seen otherwise, 30-60 times within an hour or two
  const ta = t0 + r.float(0.45, 0.75) * 24 * HOUR;
  const mdt = `scratch-MDT000${r.int(0, 1)}`;
  for (const t of spread(r, r.int(30, 60), ta, ta + r.int(50, 110) * MIN)) {
    st.add(
      t,
      log(
        t,
        r.pick(["mds01", "mds01", ...nodes]),
        "ldiskfs",
        "FATAL",
        `LustreError: ${mdt}: journal commit failed (-5), aborting transactions; filesystem remounted read-only`,
      ),
      "error",
    );
  }
  return st.build(
    "atoll-storage-routine-critical",
    "HPC storage cluster day: envmon writes CRITICAL on ~15% of its lines, ECC/LNet ERRORs and job FATALs are routine; the alert is 30-60 ldiskfs FATAL journal failures",
  );
}
