// The card acquirer goes down a few minutes into the window and stays down. Almost every
// checkout now times out against it, is retried, and fails with a 502; the occasional one
// that gets through takes 8-15 s. The capture worker's queue piles up and its Go heap nears
// GOMEMLIMIT; on-call flips a fraud-check bypass and a failover flag while it lasts. Only the
// catalog browsing traffic and the minutes before the outage are normal: most of the log is
// the incident.
import type { Scenario } from "../blind/types.js";
import { baseDay, javaStack, type Label, logback, MIN, type PinoCtx, pino, python, Rng, round, SEC, Story, sampleTimes, uniformTimes, zap } from "./lib.js";

export function s07AcquirerOutage(seed: number): Scenario {
  const rng = new Rng(seed);
  const story = new Story();
  const start = baseDay(rng) + rng.int(17 * 60, 19 * 60) * MIN + rng.int(0, 59) * SEC;
  const end = start + rng.int(75, 95) * MIN;
  const onset = start + rng.int(6, 11) * MIN + rng.int(0, 59) * SEC;

  const checkout: PinoCtx[] = rng.pods("checkout-api", 3).map((hostname) => ({ pid: 1, hostname, name: "checkout-api" }));
  const payPods = rng.pods("payments", 3);
  const workerPods = rng.pods("capture-worker", 2);
  const catalogPods = rng.pods("catalog", 2);
  const acquirer = "api.acquirer-x.example:443";

  const co = (t: number, status: number, rt: number, label: Label) =>
    story.add(
      t,
      label,
      pino(t, status >= 500 ? "error" : "info", rng.pick(checkout), "request completed", {
        req: { id: rng.uuid(), method: "POST", url: "/v1/checkout" },
        res: { statusCode: status },
        responseTime: Math.round(rt),
      }),
    );
  const pay = (t: number, lvl: "info" | "warn" | "error", logger: string, msg: string, f: Record<string, unknown>, label: Label, stack?: string) =>
    story.add(t, label, logback(t, lvl, logger, `pay-exec-${rng.int(1, 64)}`, msg, { app: "payments", pod: rng.pick(payPods), ...f }, stack));

  // ---------------------------------------------------------------- catalog browsing (unaffected)
  for (const t of sampleTimes(rng, rng.int(1300, 1600), start, end)) {
    const path = rng.pick(["/products", "/products/{id}", "/categories/{slug}", "/search"]);
    story.add(
      t,
      null,
      python(t, "info", "catalog.http", `GET ${path} 200`, { service: "catalog", host: rng.pick(catalogPods), duration_ms: round(rng.logn(30, 0.35), 1) }),
    );
  }

  // ---------------------------------------------------------------- checkouts
  const before = uniformTimes(rng, rng.int(120, 160), start, onset);
  const during = uniformTimes(rng, rng.int(380, 470), onset, end);
  for (const t0 of [...before, ...during]) {
    const payId = `pay_${rng.alnum(14)}`;
    const payPod = rng.pick(payPods);
    const amount = round(rng.float(9, 600), 2);
    if (t0 < onset) {
      const d = rng.logn(420, 0.3);
      pay(
        t0 + Math.round(d),
        "info",
        "com.acme.payments.AuthorizationService",
        `Payment ${payId} authorized (amount=${amount} EUR, acquirer=acquirer-x)`,
        { pod: payPod, payment_id: payId, duration_ms: Math.round(d) },
        null,
      );
      co(t0 + Math.round(d) + rng.int(20, 60), 201, d + 40, null);
      continue;
    }
    if (rng.chance(0.14)) {
      // Gets through, slowly.
      const d = rng.int(8000, 15000);
      pay(
        t0 + d,
        "info",
        "com.acme.payments.AuthorizationService",
        `Payment ${payId} authorized (amount=${amount} EUR, acquirer=acquirer-x)`,
        { pod: payPod, payment_id: payId, duration_ms: d },
        "performance",
      );
      co(t0 + d + rng.int(20, 60), 201, d + 40, "performance");
      continue;
    }
    const attempts = rng.weighted([
      [3, 0.75],
      [2, 0.15],
      [1, 0.1],
    ] as const);
    let t = t0;
    for (let a = 1; a <= attempts; a++) {
      const fast503 = rng.chance(0.3);
      t += fast503 ? rng.int(40, 200) : 10_000 + rng.int(0, 30);
      if (fast503)
        pay(
          t,
          "warn",
          "com.acme.payments.acquirer.AcquirerClient",
          `Acquirer returned 503 Service Unavailable for ${payId} (attempt ${a}/3)`,
          { pod: payPod, payment_id: payId, http_status: 503 },
          "error",
        );
      else
        pay(
          t,
          "warn",
          "com.acme.payments.acquirer.AcquirerClient",
          `Authorization request to ${acquirer} timed out for ${payId} (attempt ${a}/3): Read timed out after 10000 ms`,
          { pod: payPod, payment_id: payId, duration_ms: 10_000 },
          "performance",
        );
      if (a < attempts) {
        t += 250 * a;
        pay(
          t,
          "info",
          "com.acme.payments.acquirer.RetryPolicy",
          `Retrying authorization for ${payId} in ${250 * a} ms`,
          { pod: payPod, payment_id: payId },
          "pattern",
        );
      }
    }
    pay(
      t + 3,
      "error",
      "com.acme.payments.AuthorizationService",
      `Payment ${payId} failed: acquirer unavailable`,
      { pod: payPod, payment_id: payId },
      "error",
      javaStack("com.acme.payments.acquirer.AcquirerUnavailableException: acquirer-x unavailable after retries", [
        "com.acme.payments.acquirer.AcquirerClient.authorize(AcquirerClient.java:141)",
        "com.acme.payments.AuthorizationService.authorize(AuthorizationService.java:77)",
      ]),
    );
    co(t + rng.int(20, 60), 502, t - t0 + 40, "error");
  }

  // ---------------------------------------------------------------- health checks, worker, operators
  for (let t = start + rng.int(0, 30) * SEC; t < end; t += 30 * SEC) {
    if (t < onset) continue;
    pay(
      t,
      "error",
      "com.acme.payments.acquirer.AcquirerHealth",
      `Acquirer health check failed: connect to ${acquirer} timed out after 3000 ms`,
      { check: "acquirer-x" },
      "error",
    );
  }
  let depth = rng.int(5, 40);
  let heap = rng.float(0.38, 0.45);
  for (let t = start + rng.int(0, 20) * SEC; t < end; t += 20 * SEC + rng.int(-500, 500)) {
    const pod = rng.pick(workerPods);
    if (t < onset) {
      const n = rng.int(10, 40);
      story.add(
        t,
        null,
        zap(t, "info", "capture/worker.go:88", "capture batch processed", {
          service: "capture-worker",
          pod,
          captured: n,
          queue_depth: rng.int(0, 45),
          elapsed: round(rng.float(0.2, 0.9), 6),
        }),
      );
      continue;
    }
    depth += rng.int(60, 140);
    heap = Math.min(0.97, heap + rng.float(0.004, 0.012));
    story.add(
      t,
      "error",
      zap(t, "error", "capture/worker.go:102", "capture batch failed, requeued", {
        service: "capture-worker",
        pod,
        requeued: rng.int(20, 60),
        error: "acquirer-x: 503 Service Unavailable",
      }),
    );
    story.add(
      t + 15,
      "performance",
      zap(t + 15, "warn", "capture/queue.go:57", "capture queue depth above threshold", {
        service: "capture-worker",
        pod,
        queue_depth: depth,
        threshold: 1000,
        oldest_age: round((t - onset) / 1000, 3),
      }),
    );
    if (heap > 0.7 && rng.chance(0.6)) {
      const limit = 2048;
      story.add(
        t + 30,
        "memory",
        zap(t + 30, "warn", "runtime/memwatch.go:41", "heap approaching GOMEMLIMIT", {
          service: "capture-worker",
          pod,
          heap_inuse_mb: Math.round(limit * heap),
          gomemlimit_mb: limit,
          memory_percent: round(heap * 100, 1),
          gc_cpu_fraction: round(0.1 + (heap - 0.7) * 1.5, 3),
        }),
      );
    }
  }
  const tBreaker = onset + rng.int(60, 120) * SEC;
  pay(
    tBreaker,
    "warn",
    "io.github.resilience4j.circuitbreaker.CircuitBreakerStateMachine",
    "CircuitBreaker 'acquirer-x' changed state from CLOSED to OPEN",
    {},
    "pattern",
  );
  for (let t = tBreaker + 60 * SEC; t < end; t += 60 * SEC) {
    pay(
      t,
      "info",
      "io.github.resilience4j.circuitbreaker.CircuitBreakerStateMachine",
      "CircuitBreaker 'acquirer-x' changed state from OPEN to HALF_OPEN",
      {},
      "pattern",
    );
    pay(
      t + 10_050,
      "warn",
      "io.github.resilience4j.circuitbreaker.CircuitBreakerStateMachine",
      "CircuitBreaker 'acquirer-x' changed state from HALF_OPEN to OPEN",
      {},
      "pattern",
    );
  }
  const tFraud = onset + rng.int(15, 25) * MIN;
  pay(
    tFraud,
    "info",
    "com.acme.payments.config.FeatureFlags",
    "Feature flag fraud.precheck.bypass changed false -> true (actor=oncall:j.doe)",
    { flag: "fraud.precheck.bypass" },
    "pattern",
  );
  const tFail = onset + rng.int(26, 40) * MIN;
  pay(
    tFail,
    "info",
    "com.acme.payments.config.FeatureFlags",
    "Feature flag acquirer.failover.enabled changed false -> true (actor=oncall:j.doe)",
    { flag: "acquirer.failover.enabled" },
    "pattern",
  );
  pay(
    tFail + rng.int(2, 5) * SEC,
    "error",
    "com.acme.payments.acquirer.FailoverRouter",
    "Failover to acquirer-y rejected: merchant account not provisioned (MID 4471***) ",
    {},
    "error",
  );

  return story.build(
    "acquirer-outage",
    "The card acquirer goes down minutes into the window: checkouts time out, retry and fail with 502s for the rest of it, the capture queue and worker heap grow, breakers flap and on-call flips flags; only catalog browsing stays normal, so most lines are the incident.",
  );
}
