/**
 * fleet-vault-permission-denied: an Atlantis apply (PR and author named) replaces the Vault
 * policies of the fulfilment-worker role without the database path; each of the 6-12 worker
 * pods then fails at its own next lease renewal (403 permission denied), its database
 * credentials expire, its jobs fail with `password authentication failed` (PostgreSQL logging
 * each rejected login), it exits at CRITICAL, and every restart fails the Vault login again
 * until the kubelet backs off: the same messages from every pod name, each a few times.
 * Separately, image-resizer's worker grows past its memory limit and the kernel kills it; once,
 * a worker meets a job payload with a schema version it does not know.
 */
import { hclog, kubeEvent, rsyslog, structlog, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, Timeline, ticks, windowStart } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "fleet-vault-permission-denied";

export function fleetVaultPermissionDenied(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-10-05", 14);
  const end = start + 3 * HOUR + rng.int(0, 30) * MINUTE;
  const tl = new Timeline(start, end);

  const node = () => `ip-10-90-${rng.int(1, 40)}-${rng.int(2, 250)}.us-east-2.compute.internal`;
  const dbHost = "fulfilment-db-0";
  const pods = Array.from({ length: rng.int(6, 12) }, () => ({
    pod: rng.pod("fulfilment-worker"),
    node: node(),
    user: `v-kubernet-fulfilme-${rng.alnum(20, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}-${Math.floor(start / 1000) - rng.int(600, 3000)}`,
  }));

  // ── the change ──────────────────────────────────────────────────────────────────────────────
  const applyAt = tl.at(rng.float(0.3, 0.5));
  const pr = rng.int(2100, 2900);
  const author = rng.pick(["m.okafor", "s.varga", "t.nguyen", "l.becker"]);
  tl.add(
    applyAt,
    zap(applyAt, "info", "atlantis", "events/apply.go:211", "apply succeeded", {
      service: "atlantis",
      repo: "acme/vault-config",
      pull: pr,
      author,
      project: "vault-auth-roles",
      summary: "1 changed: vault_kubernetes_auth_backend_role.fulfilment_worker (token_policies)",
    }),
  );
  const lease = 30 * MINUTE;

  // ── fulfilment-worker pods (Python, structlog) ──────────────────────────────────────────────
  const jobs = ["allocate_stock", "print_label", "book_carrier", "send_asn", "close_wave"];
  let oddDone = false;
  for (const p of pods) {
    const ctx = { service: "fulfilment-worker", pod: p.pod, logger: "fulfilment.worker" };
    const phase = rng.float(0, lease);
    const renewals: number[] = [];
    for (let r = start + phase; r < end; r += lease) renewals.push(Math.round(r));
    const failAt = renewals.find((r) => r > applyAt + 30 * SECOND) ?? end + 1;
    for (const r of renewals) {
      if (r >= failAt) break;
      tl.add(r, structlog(r, "info", "vault lease renewed", { ...ctx, lease_id: `database/creds/fulfilment-worker/${rng.alnum(24)}`, ttl: 2100 }));
    }
    // Jobs until the credentials run out.
    const dead = failAt + rng.int(2, 6) * MINUTE;
    for (const t of arrivals(rng, start, Math.min(dead, end), 9 / pods.length)) {
      const job = rng.pick(jobs);
      const took = rng.logNormal(job === "book_carrier" ? 650 : 120, 0.4);
      if (!oddDone && t > tl.at(0.15) && rng.chance(0.02)) {
        oddDone = true;
        tl.add(
          t,
          structlog(t, "warning", "unexpected job payload schema version, skipping", { ...ctx, job, schema_version: 7, max_supported: 5, job_id: rng.uuid() }),
          "pattern",
        );
        continue;
      }
      tl.add(
        t + Math.round(took),
        structlog(t + Math.round(took), "info", "job completed", { ...ctx, job, job_id: rng.uuid(), duration_ms: Math.round(took) }),
      );
    }
    if (failAt > end) continue;
    const denied = "Error making API request.\n\nURL: PUT https://vault.internal:8200/v1/sys/leases/renew\nCode: 403. Errors:\n\n* permission denied";
    tl.add(failAt, structlog(failAt, "error", "vault lease renewal failed", { ...ctx, exception: `hvac.exceptions.Forbidden: ${denied}` }), "error");
    let t = dead;
    for (let k = 0; k < rng.int(2, 3); k++) {
      const pid = rng.int(40000, 60000);
      tl.add(t, rsyslog(t, dbHost, "local0", "err", "postgres", pid, `[${pid}-1] FATAL:  password authentication failed for user "${p.user}"`), "error");
      tl.add(
        t + 4,
        structlog(t + 4, "error", "job failed: database connection failed", {
          ...ctx,
          job: rng.pick(jobs),
          exception: `Traceback (most recent call last):\n  File "/app/fulfilment/db.py", line 52, in connect\n    return psycopg.connect(self.dsn, connect_timeout=5)\npsycopg.OperationalError: connection failed: FATAL:  password authentication failed for user "${p.user}"`,
        }),
        "error",
      );
      t += rng.int(5, 20) * SECOND;
    }
    tl.add(t, structlog(t, "critical", "database credentials unusable, exiting", { ...ctx }), "error");
    // Restarts: the Vault login is denied each time; the kubelet backs off.
    const ref = { kind: "Pod", name: p.pod, namespace: "fulfilment" };
    let back = 10 * SECOND;
    for (let n = 1; n <= rng.int(2, 4); n++) {
      t += back + rng.int(1000, 4000);
      if (t > end) break;
      tl.add(t, kubeEvent(t, "Normal", "Started", "Started container fulfilment-worker", ref, { component: "kubelet", host: p.node }, rng.uuid(), n));
      const s = t + rng.int(1500, 3000);
      tl.add(s, structlog(s, "info", "worker starting", { ...ctx, version: "4.22.1", concurrency: 8 }));
      tl.add(
        s + 300,
        structlog(s + 300, "critical", "vault login failed, exiting", {
          ...ctx,
          exception:
            "hvac.exceptions.Forbidden: Error making API request.\n\nURL: GET https://vault.internal:8200/v1/database/creds/fulfilment-worker\nCode: 403. Errors:\n\n* permission denied",
        }),
        "error",
      );
      const b = s + rng.int(1500, 3000);
      tl.add(
        b,
        kubeEvent(
          b,
          "Warning",
          "BackOff",
          `Back-off restarting failed container fulfilment-worker in pod ${p.pod}_fulfilment(${rng.uuid()})`,
          ref,
          { component: "kubelet", host: p.node },
          rng.uuid(),
          n,
        ),
        "error",
      );
      back = Math.min(back * 2, 300 * SECOND);
    }
  }

  // ── Vault (hclog): routine lease expirations and token tidy ────────────────────────────────
  for (const t of arrivals(rng, start, end, 0.8)) {
    tl.add(t, hclog(t, "info", "expiration", `revoked lease: lease_id=auth/kubernetes/login/${rng.alnum(40)}`));
  }
  for (const t of ticks(rng, start, end, 15 * MINUTE, MINUTE)) {
    tl.add(t, hclog(t, "info", "core", "starting tidy operation on token store"));
    tl.add(t + 900, hclog(t + 900, "info", "core", "finished tidy operation on token store", { "revoked-tokens": rng.int(0, 40) }));
  }

  // ── PostgreSQL: other clients' connections, checkpoints ─────────────────────────────────────
  for (const t of arrivals(rng, start, end, 2.5)) {
    const pid = rng.int(40000, 60000);
    tl.add(
      t,
      rsyslog(
        t,
        dbHost,
        "local0",
        "info",
        "postgres",
        pid,
        `[${pid}-1] LOG:  connection authorized: user=${rng.pick(["reporting_ro", "wms_api", "carrier_sync"])} database=fulfilment application_name=${rng.pick(["psql", "wms-api", "carrier-sync"])}`,
      ),
    );
  }
  for (const t of ticks(rng, start, end, 5 * MINUTE, 2 * SECOND)) {
    tl.add(t, rsyslog(t, dbHost, "local0", "info", "postgres", 61, "[1-1] LOG:  checkpoint starting: time"));
  }

  // ── image-resizer (Python, structlog): resizes; the worker's RSS grows past its limit ─────
  const ir = { service: "image-resizer", pod: rng.pod("image-resizer"), logger: "resizer.worker" };
  const irNode = node();
  const growFrom = tl.at(rng.float(0.55, 0.75));
  const killAt = growFrom + rng.int(12, 20) * MINUTE;
  for (const t of arrivals(rng, start, end, 3.5)) {
    if (t > killAt && t < killAt + 40 * SECOND) continue;
    const took = rng.logNormal(340, 0.4);
    tl.add(
      t + Math.round(took),
      structlog(t + Math.round(took), "info", "image resized", {
        ...ir,
        variant: rng.pick(["thumb", "card", "zoom"]),
        bytes_in: rng.int(200000, 9000000),
        duration_ms: Math.round(took),
      }),
    );
  }
  for (const t of ticks(rng, start, end, MINUTE, 3 * SECOND)) {
    if (t > killAt && t < killAt + 40 * SECOND) continue;
    const growing = t >= growFrom && t <= killAt;
    const rss = growing ? 700 + ((t - growFrom) / (killAt - growFrom)) * 1330 : rng.float(520, 760);
    const hi = rss / 2048 >= 0.88;
    tl.add(
      t,
      structlog(t, hi ? "warning" : "debug", hi ? "worker memory high" : "worker memory", { ...ir, rss_mb: Math.round(rss), limit_mb: 2048 }),
      hi ? "memory" : null,
    );
  }
  const victim = rng.int(20000, 30000);
  tl.add(
    killAt,
    rsyslog(
      killAt,
      irNode,
      "kern",
      "err",
      "kernel",
      undefined,
      `Memory cgroup out of memory: Killed process ${victim} (python3) total-vm:${rng.int(2600000, 2900000)}kB, anon-rss:${rng.int(2080000, 2096000)}kB, file-rss:${rng.int(1000, 9000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(4000, 5000)}kB oom_score_adj:985`,
    ),
    "memory",
  );
  tl.add(
    killAt + 1500,
    kubeEvent(
      killAt + 1500,
      "Warning",
      "OOMKilling",
      `Memory cgroup out of memory: Killed process ${victim} (python3)`,
      { kind: "Node", name: irNode, namespace: "default" },
      { component: "kernel-monitor", host: irNode },
      rng.uuid(),
    ),
    "memory",
  );
  const back = killAt + rng.int(15, 30) * SECOND;
  tl.add(back, structlog(back, "info", "worker starting", { ...ir, version: "2.8.0", concurrency: 4 }));

  return tl.build(
    NAME,
    "after an Atlantis apply drops the database path from the fulfilment-worker Vault role, each of 6-12 worker pods fails its lease renewal, its jobs and its restarts with the same permission-denied and password-authentication errors; image-resizer is OOM-killed",
  );
}
