// A Celery worker memory leak: the new statement-PDF task keeps fonts and page images alive in
// each prefork child, the report-worker pods' resident memory climbs towards the container limit,
// and the kernel's OOM killer starts killing the largest child (WorkerLostError, SIGKILL), again and
// again, each pod in its turn.
// Decoys: the default worker pool's normal sawtooth (children recycled after N tasks), an hourly
// search-index rebuild that is heavy and slow by design, Django's DisallowedHost errors from
// probes, Redis background saves.

import type { Scenario } from "../blind/types.js";
import { fluentbit, type Lvl, type PodRef, pyjson, syslog } from "./producers.js";
import { Rng } from "./rng.js";
import { every, HOUR, type Label, MIN, pickStart, poisson, round, SEC, Timeline } from "./timeline.js";

const LIMIT = 2048;

interface Child {
  pid: number;
  spawned: number;
  name: string;
}

export function celeryMemoryLeak(seed: number): Scenario {
  const rng = new Rng(seed, "celery-memory-leak");
  const start = pickStart(rng, [7, 9, 10, 11, 14, 15, 16]);
  const tl = new Timeline(start, start + rng.int(80, 100) * MIN);
  const end = tl.end;
  const leakRate = rng.float(5.2, 7.2); // MB per minute per busy child

  const celery = (t: number, service: string, pod: string, logger: string, level: Lvl, msg: string, extra: Record<string, unknown> = {}) =>
    pyjson(t, service, logger, level, msg, { pod, ...extra });

  // --- report-worker pods: four prefork children each; the leak is per child
  const wRng = rng.fork("report-worker");
  const pods = [0, 1, 2].map(() => wRng.pod("report-worker"));
  const nodes = pods.map(() => `ip-10-${wRng.int(0, 40)}-${wRng.int(0, 255)}-${wRng.int(2, 254)}`);
  // The pods were rolled out with the new task version shortly before the window; each pod gets its
  // own share of the PDF tasks, so each leaks at its own pace.
  const podStart = pods.map(() => start - wRng.float(4, 22) * MIN);
  const rate = pods.map(() => leakRate * wRng.float(0.72, 1.25));
  const childrenOf = pods.map((_, pi) =>
    [1, 2, 3, 4].map((k) => ({ pid: 100 + k * 7 + pi, spawned: (podStart[pi] ?? start) + k * wRng.int(200, 900), name: `ForkPoolWorker-${k}` }) as Child),
  );
  const rssOf = (pi: number, t: number) =>
    430 + (childrenOf[pi] ?? []).reduce((a, c) => a + 70 + (rate[pi] ?? leakRate) * Math.max(0, (t - c.spawned) / MIN), 0);
  const taskTimes: { t: number; pi: number }[] = [];
  poisson(wRng, start, end, 5600, (t) => taskTimes.push({ t, pi: wRng.int(0, 2) }));
  // Step through time in 5 s ticks per pod, killing the largest child at the limit.
  const kills: { t: number; pi: number; child: Child; rss: number; job: number }[] = [];
  for (let pi = 0; pi < 3; pi++) {
    for (let t = start; t < end; t += 5 * SEC) {
      const rss = rssOf(pi, t);
      if (rss < LIMIT - wRng.float(0, 12)) continue;
      const kids = childrenOf[pi] ?? [];
      const victim = kids.reduce((a, b) => (a.spawned < b.spawned ? a : b));
      kills.push({ t, pi, child: { ...victim }, rss, job: wRng.int(1000, 9000) });
      victim.pid = wRng.int(300, 9000);
      victim.spawned = t + 1500;
    }
  }
  // The kills changed the children; their history gives the resident memory at any time.
  const killTimes = kills;
  const rssAt = (pi: number, t: number) => {
    let rss = 430;
    for (let k = 1; k <= 4; k++) {
      const name = `ForkPoolWorker-${k}`;
      const lastKill = killTimes.filter((x) => x.pi === pi && x.child.name === name && x.t <= t).pop();
      const initial = (childrenOf[pi] ?? []).find((c) => c.name === name);
      const spawned = lastKill !== undefined ? lastKill.t + 1500 : initialSpawn(pi, name, initial);
      rss += 70 + (rate[pi] ?? leakRate) * Math.max(0, (t - spawned) / MIN);
    }
    return rss;
  };
  const firstSpawn = new Map<string, number>();
  function initialSpawn(pi: number, name: string, c: Child | undefined): number {
    const key = `${pi}/${name}`;
    const known = firstSpawn.get(key);
    if (known !== undefined) return known;
    // the child's spawn time before any kill in the window
    const firstKill = killTimes.find((x) => x.pi === pi && x.child.name === name);
    const v = firstKill !== undefined ? firstKill.child.spawned : (c?.spawned ?? start);
    firstSpawn.set(key, v);
    return v;
  }

  for (const k of kills) {
    const pod = pods[k.pi] as string;
    const node = nodes[k.pi] as string;
    const anon = Math.round((70 + (rate[k.pi] ?? leakRate) * ((k.t - k.child.spawned) / MIN)) * 1024);
    tl.add(
      k.t,
      (tt) =>
        syslog(
          tt,
          node,
          "kernel",
          undefined,
          "error",
          "kern",
          `Memory cgroup out of memory: Killed process ${k.child.pid} (celery) total-vm:${anon + 412_000}kB, anon-rss:${anon}kB, file-rss:${wRng.int(9000, 30000)}kB, shmem-rss:0kB, UID:1000 pgtables:${wRng.int(1800, 4200)}kB oom_score_adj:${wRng.int(900, 999)}`,
        ),
      "memory",
    );
    tl.add(
      k.t + wRng.int(40, 400),
      (tt) =>
        celery(tt, "report-worker", pod, "celery.worker.worker", "error", `Process '${k.child.name}' pid:${k.child.pid} exited with 'signal 9 (SIGKILL)'`),
      "memory",
    );
    const taskId = wRng.uuid();
    tl.add(
      k.t + wRng.int(500, 900),
      (tt) =>
        celery(
          tt,
          "report-worker",
          pod,
          "celery.app.trace",
          "error",
          `Task handler raised error: WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: ${k.job}.')`,
          {
            task_id: taskId,
            exc_info: `Traceback (most recent call last):\n  File "/usr/local/lib/python3.11/site-packages/billiard/pool.py", line 1265, in mark_as_worker_lost\n    raise WorkerLostError(\nbilliard.exceptions.WorkerLostError: Worker exited prematurely: signal 9 (SIGKILL) Job: ${k.job}.`,
          },
        ),
      "error",
    );
    tl.add(k.t + wRng.int(1500, 4000), (tt) =>
      celery(tt, "report-worker", pod, "celery.app.trace", "info", `Task reports.generate_statement_pdf[${taskId}] received`, { redelivered: true }),
    );
  }

  // tasks on report-worker
  for (const { t, pi } of taskTimes) {
    const pod = pods[pi] as string;
    const id = wRng.uuid();
    const pdf = wRng.chance(0.72);
    const name = pdf ? "reports.generate_statement_pdf" : "reports.export_csv";
    tl.add(t, (tt) => celery(tt, "report-worker", pod, "celery.worker.strategy", "info", `Task ${name}[${id}] received`));
    const secs = pdf ? wRng.logn(3.4, 0.35) : wRng.logn(1.2, 0.4);
    const result = pdf
      ? `{'pages': ${wRng.int(1, 14)}, 's3_key': 'statements/${wRng.int(2024, 2025)}/${wRng.base62(12)}.pdf'}`
      : `{'rows': ${wRng.int(100, 40000)}}`;
    tl.add(t + secs * 1000, (tt) =>
      celery(tt, "report-worker", pod, "celery.app.trace", "info", `Task ${name}[${id}] succeeded in ${round(secs, 6)}s: ${result}`, {
        duration_s: round(secs, 3),
      }),
    );
  }
  // memory watchdog, every 60 s per pod
  for (let pi = 0; pi < 3; pi++) {
    const pod = pods[pi] as string;
    every(wRng, start + wRng.int(0, 60) * SEC, end, 60 * SEC, 800, (t) => {
      const rss = Math.round(Math.min(LIMIT - 3, rssAt(pi, t)) * wRng.float(0.985, 1.0));
      const pct = rss / LIMIT;
      const label: Label = pct >= 0.8 ? "memory" : null;
      tl.add(
        t,
        (tt) =>
          celery(
            tt,
            "report-worker",
            pod,
            "reports.memwatch",
            pct >= 0.9 ? "warn" : "info",
            pct >= 0.9 ? "worker memory above 90% of container limit" : "worker memory",
            { rss_mb: rss, limit_mb: LIMIT, children: 4 },
          ),
        label,
      );
    });
  }

  // --- default-worker: a normal sawtooth, children recycled after 200 tasks
  const dRng = rng.fork("default-worker");
  const dPods = [dRng.pod("default-worker"), dRng.pod("default-worker")];
  for (const pod of dPods) {
    let rss = dRng.int(700, 1000);
    every(dRng, start + dRng.int(0, 60) * SEC, end, 60 * SEC, 800, (t) => {
      rss += dRng.int(25, 60);
      let recycled = false;
      if (rss > 1320 + dRng.int(0, 60)) {
        rss = dRng.int(680, 760);
        recycled = true;
      }
      const r = rss;
      if (recycled)
        tl.add(t - 2000, (tt) =>
          celery(tt, "default-worker", pod, "celery.worker.autoscale", "info", "Recycled 4 pool processes after max_tasks_per_child=200", {}),
        );
      tl.add(t, (tt) => celery(tt, "default-worker", pod, "reports.memwatch", "info", "worker memory", { rss_mb: r, limit_mb: LIMIT, children: 4 }));
    });
  }
  poisson(dRng, start, end, 11_000, (t) => {
    const pod = dRng.pick(dPods);
    const id = dRng.uuid();
    const name = dRng.weighted([
      ["emails.send_digest", 4],
      ["reports.refresh_exchange_rates", 1],
      ["billing.sync_invoice_status", 3],
      ["users.expire_sessions", 1],
    ] as const);
    tl.add(t, (tt) => celery(tt, "default-worker", pod, "celery.worker.strategy", "info", `Task ${name}[${id}] received`));
    const secs = dRng.logn(0.6, 0.6);
    if (dRng.chance(0.01)) {
      tl.add(t + secs * 1000, (tt) =>
        celery(
          tt,
          "default-worker",
          pod,
          "celery.app.trace",
          "warn",
          `Task ${name}[${id}] retry: Retry in 30s: ConnectionError('smtp.eu.sendgrid.net:587 timed out')`,
        ),
      );
      return;
    }
    tl.add(t + secs * 1000, (tt) => celery(tt, "default-worker", pod, "celery.app.trace", "info", `Task ${name}[${id}] succeeded in ${round(secs, 6)}s: None`));
  });
  // hourly rebuild, heavy by design
  for (let h = Math.floor(start / HOUR) * HOUR + 15 * MIN; h < end; h += HOUR) {
    const id = dRng.uuid();
    const pod = dRng.pick(dPods);
    tl.add(h + dRng.int(1, 3) * SEC, (tt) =>
      celery(tt, "celery-beat", "celery-beat-0", "celery.beat", "info", "Scheduler: Sending due task rebuild-search-index (reports.rebuild_search_index)"),
    );
    tl.add(h + dRng.int(4, 6) * SEC, (tt) =>
      celery(tt, "default-worker", pod, "celery.worker.strategy", "info", `Task reports.rebuild_search_index[${id}] received`),
    );
    const secs = dRng.float(380, 560);
    for (let k = 1; k <= 4; k++) {
      const done = k * 25;
      tl.add(h + 6 * SEC + (secs * 1000 * k) / 5, (tt) =>
        celery(tt, "default-worker", pod, "reports.search", "info", `rebuild_search_index: ${done}% (${dRng.int(20, 90)}k documents)`),
      );
    }
    tl.add(h + 6 * SEC + secs * 1000, (tt) =>
      celery(
        tt,
        "default-worker",
        pod,
        "celery.app.trace",
        "info",
        `Task reports.rebuild_search_index[${id}] succeeded in ${round(secs, 6)}s: {'documents': ${dRng.int(380000, 420000)}}`,
      ),
    );
  }
  // beat: periodic tasks
  every(dRng, Math.floor(start / (5 * MIN)) * 5 * MIN, end, 5 * MIN, 0, (t) => {
    tl.add(t + dRng.int(0, 900), (tt) =>
      celery(tt, "celery-beat", "celery-beat-0", "celery.beat", "info", "Scheduler: Sending due task refresh-exchange-rates (reports.refresh_exchange_rates)"),
    );
  });

  // --- reports-api (Django)
  const aRng = rng.fork("reports-api");
  const aPods = [aRng.pod("reports-api"), aRng.pod("reports-api")];
  poisson(aRng, start, end, 6500, (t) => {
    const pod = aRng.pick(aPods);
    const kind = aRng.weighted([
      ["POST", 3],
      ["GET", 6],
      ["LIST", 2],
    ] as const);
    const path = kind === "POST" ? "/api/statements/" : kind === "GET" ? `/api/statements/${aRng.uuid()}/` : "/api/statements/?page=1";
    const status = kind === "POST" ? 202 : aRng.chance(0.04) ? 404 : 200;
    const ms = Math.round(aRng.logn(kind === "LIST" ? 120 : 35, 0.45));
    tl.add(t, (tt) =>
      pyjson(
        tt,
        "reports-api",
        "django.request",
        status === 404 ? "warn" : "info",
        `"${kind === "LIST" ? "GET" : kind} ${path} HTTP/1.1" ${status} ${aRng.int(90, 2400)}`,
        { pod, status_code: status, duration_ms: ms, method: kind === "LIST" ? "GET" : kind, path },
      ),
    );
  });
  poisson(aRng, start, end, 130_000, (t) => {
    const ip = `10.${aRng.int(0, 3)}.${aRng.int(0, 255)}.${aRng.int(2, 250)}`;
    tl.add(t, (tt) =>
      pyjson(
        tt,
        "reports-api",
        "django.security.DisallowedHost",
        "error",
        `Invalid HTTP_HOST header: '${ip}:8000'. You may need to add '${ip}' to ALLOWED_HOSTS.`,
        { pod: aRng.pick(aPods), status_code: 400 },
      ),
    );
  });

  // --- redis broker: background saves
  const rRng = rng.fork("redis");
  const redisRef: PodRef = { pod: "redis-master-0", namespace: "reports", container: "redis", node: "ip-10-12-44-9", app: "redis" };
  const stamp = (t: number) => {
    const d = new Date(t);
    const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
    return `${String(d.getUTCDate()).padStart(2, "0")} ${mon} ${d.getUTCFullYear()} ${d.toISOString().slice(11, 23)}`;
  };
  every(rRng, start + rRng.int(0, 300) * SEC, end, 5 * MIN, 2000, (t) => {
    const child = rRng.int(10000, 60000);
    tl.add(t, (tt) => fluentbit(tt, redisRef, "stdout", `1:M ${stamp(tt)} * 100 changes in 300 seconds. Saving...`));
    tl.add(t + 3, (tt) => fluentbit(tt, redisRef, "stdout", `1:M ${stamp(tt)} * Background saving started by pid ${child}`));
    tl.add(t + rRng.int(200, 900), (tt) => fluentbit(tt, redisRef, "stdout", `${child}:C ${stamp(tt)} * DB saved on disk`));
    tl.add(t + rRng.int(950, 1300), (tt) => fluentbit(tt, redisRef, "stdout", `1:M ${stamp(tt)} * Background saving terminated with success`));
  });

  return tl.build(
    "celery-memory-leak",
    "A new statement-PDF task leaks memory in each Celery prefork child; report-worker pods climb to their 2 GiB limit and the OOM killer kills the largest child again and again (WorkerLostError), beside a default pool's normal sawtooth",
    rng,
  );
}
