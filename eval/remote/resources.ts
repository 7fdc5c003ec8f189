// Memory, latency and exceptions: the other three types, so that the family also covers them.

import type { Scenario } from "../blind/types.js";
import { HOUR, Incident, MIN, SEC, fill, http, httpEv, k8sPod, line, svc, tpl } from "./kit.js";

export function jvmHeapLeakGc(seed: number): Scenario {
  const name = "jvm-heap-leak-gc";
  const inc = Incident.open(seed, name, 3 * HOUR, 6 * HOUR);
  const r = inc.r;
  const gc = svc(r, "search-api", "gclog", 1);
  const api = { ...svc(r, "search-api", "logback", 0), hosts: gc.hosts };
  const indexer = svc(r, "indexer", "logback", 2);
  const suggest = svc(r, "suggest-service", "logback", 2);
  const edge = svc(r, "edge-nginx", "docker-nginx", 2);
  const leak = inc.at(r.float(0.25, 0.45));
  const total = 4096;
  let n = r.int(500, 4000);
  let heavy = 0;
  for (let t = inc.start + r.int(0, 30) * SEC; t < inc.end; t += r.int(20, 60) * SEC) {
    n++;
    const grow = t < leak ? 0 : (t - leak) / (inc.end - leak);
    const after = Math.round(total * Math.min(0.985, r.float(0.28, 0.4) + grow * 0.62));
    const before = Math.min(total, after + r.int(1200, 2200) - Math.round(grow * 1100));
    const full = after / total > 0.9 && r.chance(0.35);
    if (after / total > 0.93) heavy++;
    inc.add(
      full
        ? line(
            r,
            gc,
            t,
            "INFO",
            `GC(${n}) Pause Full (G1 Compaction Pause) ${before}M->${after - r.int(0, 20)}M(${total}M) ${r.int(1800, 4200)}.${r.int(100, 999)}ms`,
            "memory",
          )
        : line(
            r,
            gc,
            t,
            "INFO",
            `GC(${n}) Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${after}M(${total}M) ${(after / total > 0.85 ? r.int(90, 400) : r.int(8, 40)).toString()}.${r.int(100, 999)}ms`,
            after / total >= 0.8 ? "memory" : null,
          ),
    );
    if (after / total > 0.93 && r.chance(0.5)) inc.add(line(r, gc, t + 5, "INFO", `GC(${n}) To-space exhausted`, "memory"));
  }
  // Once the heap is nearly full, requests crawl.
  const slowFrom = leak + Math.round((inc.end - leak) * 0.8);
  inc.scatter(r.int(40, 120) + heavy, slowFrom, inc.end, (t) =>
    httpEv(r, api, t, "GET", `/search?q=${r.pick(["jacket", "tent", "headlamp", "stove"])}`, 200, r.int(1500, 8000), "performance"),
  );
  inc.scatter(r.int(20, 60), slowFrom, inc.end, (t) =>
    httpEv(r, edge, t, "GET", `/api/search?q=${r.pick(["jacket", "tent", "headlamp", "stove"])}`, 200, r.int(2000, 9000), "performance"),
  );
  inc.fillTo(r.int(2800, 5600), [
    {
      g: http(r, api, [
        { m: "GET", p: "/search?q={pick:jacket|tent|headlamp|stove|boots}&page={int:1-5}", ms: 45, w: 4 },
        { m: "GET", p: "/facets?category={int:1-60}", ms: 20 },
      ]),
      w: 30,
    },
    { g: tpl(r, indexer, "INFO", ["Indexed {int:50-800} documents into products-v12 in {ms:400}ms", "Merged {int:3-12} segments in shard {int:0-5}"]), w: 8 },
    { g: http(r, suggest, [{ m: "GET", p: "/suggest?prefix={pick:ja|te|he|st|bo}", ms: 6 }]), w: 14 },
    {
      g: http(r, edge, [
        { m: "GET", p: "/api/search?q={pick:jacket|tent|headlamp|stove}", ms: 55, w: 3 },
        { m: "GET", p: "/img/{hex:12}.webp", ms: 2, w: 4 },
      ]),
      w: 24,
    },
    { g: tpl(r, api, "WARNING", ["Query too broad, capping result window at 10000 (q={pick:*|a|the})"]), w: 0.5 },
    { g: tpl(r, suggest, "DEBUG", ["Prefix trie reloaded ({int:90000-99000} terms)"]), w: 0.5 },
  ]);
  return inc.build(
    name,
    "search-api's heap after each young collection climbs from a third to nearly all of 4 GiB, ending in full collections and to-space exhaustion, and searches slow to seconds.",
  );
}

export function nodeHeapOomRestart(seed: number): Scenario {
  const name = "node-heap-oom-restart";
  const inc = Incident.open(seed, name, 30 * MIN, 90 * MIN);
  const r = inc.r;
  const resizer = svc(r, "image-resizer", "pino", 1);
  const upload = svc(r, "upload-api", "pino", 2);
  const thumbs = svc(r, "thumbnail-cache", "pino", 2);
  const cdn = svc(r, "cdn-origin", "docker-nginx", 2);
  const kubelet = { ...svc(r, "kubelet", "k8s", 0), hosts: [`ip-10-0-${r.int(1, 6)}-${r.int(10, 250)}.ec2.internal`] };
  const cycles = r.int(1, 3);
  const first = inc.at(r.float(0.1, 0.3));
  const cycleLen = Math.floor((inc.end - first) / cycles);
  const limit = 1536;
  let pod = resizer.hosts[0] as string;
  for (let c = 0; c < cycles; c++) {
    const s = first + c * cycleLen;
    const oom = s + Math.round(cycleLen * r.float(0.75, 0.9));
    for (let t = s; t < oom; t += 15 * SEC) {
      const frac = (t - s) / (oom - s);
      const used = Math.round(limit * Math.min(0.99, 0.35 + frac * frac * 0.66 + r.float(-0.02, 0.02)));
      const pct = used / limit;
      inc.add({
        ...line(
          r,
          resizer,
          t,
          pct > 0.9 ? "WARNING" : "INFO",
          `memory usage heapUsed=${used}MB heapTotal=${limit}MB rss=${used + r.int(80, 160)}MB`,
          pct >= 0.85 ? "memory" : null,
          { heapUsedMB: used, heapTotalMB: limit },
        ),
        inst: pod,
      });
    }
    inc.add({ ...line(r, resizer, oom, "CRITICAL", "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", "memory"), inst: pod });
    inc.add(
      line(r, kubelet, oom + 2 * SEC, "WARNING", `Container image-resizer in pod prod/${pod} was OOMKilled (exit code 137), restarting`, "memory", {
        reason: "OOMKilled",
      }),
    );
    if (c > 0)
      inc.add(
        line(r, kubelet, oom + 4 * SEC, "WARNING", `Back-off restarting failed container image-resizer in pod prod/${pod}`, "error", { reason: "BackOff" }),
      );
    inc.scatter(r.int(15, 40), oom - 5 * SEC, oom + 40 * SEC, (t) =>
      line(
        r,
        upload,
        t,
        "ERROR",
        "resize request failed",
        "error",
        undefined,
        `Error: connect ECONNREFUSED 10.0.${r.int(1, 6)}.${r.int(10, 200)}:8080\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1595:16)`,
      ),
    );
    pod = k8sPod(r, "image-resizer");
    inc.add({ ...line(r, resizer, oom + 30 * SEC, "INFO", "image-resizer listening on :8080 (sharp 0.33.2, libvips 8.15.1)"), inst: pod });
  }
  inc.fillTo(r.int(2200, 4400), [
    { g: tpl(r, resizer, "INFO", ["resized {hex:12}.jpg to {pick:320|640|1280}w in {ms:60}ms", "cache put thumbnails/{hex:12}_{pick:320|640}.webp"]), w: 14 },
    {
      g: http(r, upload, [
        { m: "POST", p: "/v1/uploads", ms: 180 },
        { m: "GET", p: "/v1/uploads/{uuid}", ms: 10, w: 2 },
      ]),
      w: 16,
    },
    { g: http(r, thumbs, [{ m: "GET", p: "/t/{hex:12}_{pick:320|640}.webp", ms: 4 }]), w: 18 },
    {
      g: http(r, cdn, [
        { m: "GET", p: "/media/{hex:12}_{pick:320|640|1280}.webp", ms: 12, w: 3 },
        { m: "GET", p: "/media/{hex:12}.jpg", ms: 30 },
      ]),
      w: 26,
    },
    {
      g: tpl(r, upload, "WARNING", [
        "upload {uuid} rejected: file too large ({int:26-80} MB > 25 MB)",
        "unsupported media type image/heic from client {pick:ios|android}",
      ]),
      w: 0.8,
    },
    { g: tpl(r, kubelet, "INFO", ["Probe succeeded for pod {pick:upload-api|thumbnail-cache}-{hex:9}-{hex:5} readiness", "SyncLoop (housekeeping)"]), w: 2 },
  ]);
  return inc.build(
    name,
    "image-resizer's heap climbs towards its limit in each life of the pod until V8 aborts and the kubelet reports OOMKilled, once to three times; upload-api fails its resize calls meanwhile.",
  );
}

export function searchLatencyTail(seed: number): Scenario {
  const name = "search-latency-tail";
  const inc = Incident.open(seed, name, 1 * HOUR, 3 * HOUR);
  const r = inc.r;
  const search = svc(r, "search-api", "python", 3, "uvicorn.access");
  const db = { ...search, logger: "search.db" };
  const catalog = svc(r, "catalog-api", "python", 2, "uvicorn.access");
  const users = svc(r, "users-api", "python", 2, "uvicorn.access");
  const edge = svc(r, "edge-nginx", "docker-nginx", 2);
  const celery = svc(r, "celery-worker", "python", 2, "celery.app.trace");
  // Scattered over the whole window: a tail of searches that take seconds, some cancelled by the statement timeout.
  const nSlow = r.int(40, 120);
  inc.scatter(nSlow, inc.start, inc.end, (t) =>
    httpEv(
      r,
      search,
      t,
      "GET",
      `/search?q=${r.pick(["red+dress", "usb+c+hub", "garden+hose", "ssd+2tb"])}&sort=${r.pick(["relevance", "price"])}`,
      200,
      r.int(2500, 20000),
      "performance",
    ),
  );
  inc.scatter(Math.ceil(nSlow / 4), inc.start, inc.end, (t) =>
    line(r, db, t, "WARNING", "query cancelled: canceling statement due to statement timeout (5000 ms)", "performance", { duration_ms: 5000 + r.int(0, 40) }),
  );
  inc.scatter(Math.ceil(nSlow / 2), inc.start, inc.end, (t) =>
    httpEv(r, edge, t, "GET", `/api/search?q=${r.pick(["red+dress", "usb+c+hub", "garden+hose"])}`, 200, r.int(3000, 21000), "performance"),
  );
  // Rare but routine: the nightly rollup runs long every time.
  inc.add(
    line(r, celery, inc.at(r.float(0.1, 0.9)), "INFO", `Task reports.nightly_rollup[${r.uuid()}] succeeded in ${r.int(150, 260)}.${r.int(100, 999)}s: None`),
  );
  inc.fillTo(r.int(2600, 5400), [
    {
      g: http(r, search, [
        { m: "GET", p: "/search?q={pick:red+dress|usb+c+hub|garden+hose|ssd+2tb|lamp}&sort={pick:relevance|price}", ms: 120, w: 4 },
        { m: "GET", p: "/autocomplete?q={pick:re|us|ga|ss}", ms: 15, w: 3 },
      ]),
      w: 30,
    },
    { g: http(r, catalog, [{ m: "GET", p: "/products/{id}", ms: 20 }]), w: 16 },
    {
      g: http(r, users, [
        { m: "GET", p: "/users/{id}", ms: 12 },
        { m: "GET", p: "/users/{id}/wishlist", ms: 30 },
      ]),
      w: 10,
    },
    {
      g: http(r, edge, [
        { m: "GET", p: "/api/search?q={pick:lamp|ssd+2tb|red+dress}", ms: 130, w: 2 },
        { m: "GET", p: "/api/products/{id}", ms: 25, w: 3 },
        { m: "GET", p: "/static/{hex:8}.js", ms: 1, w: 2 },
      ]),
      w: 26,
    },
    {
      g: tpl(r, celery, "INFO", [
        "Task search.reindex_product[{uuid}] succeeded in {int:0-2}.{int:100-999}s: None",
        "Task emails.send_digest[{uuid}] succeeded in 0.{int:100-999}s: None",
      ]),
      w: 6,
    },
    { g: tpl(r, db, "DEBUG", ["pool checkout in {int:0-3}ms (size=20, in_use={int:1-8})"]), w: 3 },
    { g: tpl(r, search, "WARNING", ["query rewritten: stripped {int:1-3} stop words from q"]), w: 0.6 },
  ]);
  return inc.build(
    name,
    "Throughout the window a tail of searches takes seconds (some cancelled by the statement timeout) among fast traffic and a nightly rollup that routinely runs for minutes.",
  );
}

export function pspTimeoutExceptionCascade(seed: number): Scenario {
  const name = "psp-timeout-exception-cascade";
  const inc = Incident.open(seed, name, 40 * MIN, 80 * MIN);
  const r = inc.r;
  const psp = svc(r, "psp-adapter", "logback", 2, "com.acme.psp.PspClient");
  const pay = svc(r, "payment-service", "logback", 3, "com.acme.payment.AuthorizationService");
  const cb = { ...pay, logger: "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine" };
  const orders = svc(r, "order-service", "logback", 3);
  const notif = svc(r, "notification-service", "logback", 1);
  const fraud = svc(r, "fraud-check", "logback", 2);
  const gw = svc(r, "api-gateway", "logback", 2);
  const ledger = svc(r, "ledger-service", "logback", 2);
  const onset = inc.at(r.float(0.4, 0.7));
  inc.scatter(r.int(30, 90), onset, inc.end, (t) =>
    line(r, psp, t, "WARNING", "POST https://api.psp.example/v1/charges timed out after 10000 ms", "performance", { elapsed_ms: 10000 + r.int(0, 60) }),
  );
  const trace = () =>
    `org.springframework.web.client.ResourceAccessException: I/O error on POST request for "https://api.psp.example/v1/charges": Read timed out\n\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:${r.int(880, 920)})\n\tat com.acme.payment.PspGateway.authorize(PspGateway.java:${r.int(60, 120)})\nCaused by: java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)`;
  inc.scatter(r.int(40, 120), onset + 10 * SEC, inc.end, (t) =>
    line(r, pay, t, "ERROR", fill(r, "Payment authorization failed for order {ord}"), "error", undefined, trace()),
  );
  inc.scatter(r.int(5, 20), onset + MIN, inc.end, (t) =>
    line(
      r,
      pay,
      t,
      "ERROR",
      fill(r, "Unhandled exception in payment state machine for {ord}"),
      "error",
      undefined,
      `java.lang.IllegalStateException: payment ${r.uuid()} in unexpected state AUTH_PENDING\n\tat com.acme.payment.StateMachine.transition(StateMachine.java:${r.int(30, 90)})`,
    ),
  );
  inc.add(line(r, cb, onset + r.int(60, 120) * SEC, "ERROR", "CircuitBreaker 'psp' changed state from CLOSED to OPEN", "error"));
  inc.scatter(r.int(20, 60), onset + 10 * SEC, inc.end, (t) => httpEv(r, orders, t, "POST", fill(r, "/orders/{ord}/pay"), 500, r.int(10000, 10200), "error"));
  const pspCall = (t: number) => {
    const charge = r.chance(0.6);
    const ms = Math.round(r.lognormal(charge ? 420 : 90, 0.4));
    return line(
      r,
      psp,
      t,
      "INFO",
      charge ? `POST https://api.psp.example/v1/charges -> 200 in ${ms}ms` : `GET https://api.psp.example/v1/charges/ch_${r.hex(14)} -> 200 in ${ms}ms`,
      null,
      { elapsed_ms: ms },
    );
  };
  inc.fillTo(r.int(2800, 5400), [
    { g: pspCall, w: 10, to: onset },
    { g: pspCall, w: 3, from: onset },
    { g: tpl(r, pay, "INFO", ["Authorized payment {uuid} for order {ord} amount={int:5-400}.{int:10-99} EUR", "Captured payment {uuid}"]), w: 10 },
    {
      g: http(r, orders, [
        { m: "POST", p: "/orders", ms: 120 },
        { m: "GET", p: "/orders/{ord}", ms: 15, w: 3 },
        { m: "POST", p: "/orders/{ord}/pay", ms: 600 },
      ]),
      w: 20,
    },
    { g: tpl(r, fraud, "INFO", ["Score {int:1-40} for order {ord}: ACCEPT", "Model v{int:30-33} loaded"]), w: 8 },
    { g: tpl(r, fraud, "WARNING", ["Score {int:70-89} for order {ord}: REVIEW"]), w: 0.6 },
    { g: tpl(r, notif, "INFO", ["Email order_confirmation queued for {ord}", "Push sent to device {hex:16}"]), w: 5 },
    {
      g: http(r, gw, [
        { m: "GET", p: "/api/products/{id}", ms: 20, w: 4 },
        { m: "POST", p: "/api/orders", ms: 130 },
      ]),
      w: 20,
    },
    { g: tpl(r, ledger, "INFO", ["Journal entry {uuid} posted ({int:2-4} legs)"]), w: 6 },
  ]);
  return inc.build(
    name,
    "The payment provider starts timing out at 10 s; payment-service logs exceptions with stack traces, its circuit breaker opens and order payments return 500.",
  );
}

export function redisMaxmemorySessions(seed: number): Scenario {
  const name = "redis-maxmemory-sessions";
  const inc = Incident.open(seed, name, 1 * HOUR, 2 * HOUR);
  const r = inc.r;
  const redis = svc(r, "session-redis", "canonical", 1);
  const web = svc(r, "web-api", "canonical", 3);
  const cart = svc(r, "cart-api", "canonical", 2);
  const checkout = svc(r, "checkout-api", "canonical", 2);
  const worker = svc(r, "session-sweeper", "canonical", 1);
  const max = 8 * 1024 ** 3;
  const onset = inc.at(r.float(0.3, 0.5));
  const full = onset + Math.round((inc.end - onset) * r.float(0.55, 0.75));
  inc.every(30 * SEC, inc.start + r.int(0, 29) * SEC, inc.end, (t) => {
    const frac = t < onset ? r.float(0.62, 0.68) : Math.min(1, 0.65 + ((t - onset) / (full - onset)) * 0.35);
    const used = Math.round(max * frac);
    return line(
      r,
      redis,
      t,
      "INFO",
      `INFO memory used_memory_human=${(used / 1024 ** 3).toFixed(2)}G maxmemory_human=8.00G maxmemory_policy=noeviction`,
      frac >= 0.9 ? "memory" : null,
      { used_memory: used, maxmemory: max },
    );
  });
  inc.scatter(r.int(40, 150), full, inc.end, (t) =>
    line(r, r.chance(0.6) ? web : cart, t, "ERROR", "failed to save session: OOM command not allowed when used memory > 'maxmemory'.", "memory"),
  );
  inc.scatter(r.int(20, 80), full + 20 * SEC, inc.end, (t) => {
    const e = httpEv(r, checkout, t, "POST", "/checkout", 500, r.int(20, 90), "error");
    e.msg = "checkout failed: session could not be persisted";
    e.stack = `SessionStoreError: session could not be persisted\n    at RedisStore.set (/app/src/session/redis-store.ts:${r.int(40, 90)}:13)\n    at Checkout.handle (/app/src/checkout/handler.ts:${r.int(20, 120)}:9)`;
    return e;
  });
  inc.fillTo(r.int(2400, 4600), [
    {
      g: http(r, web, [
        { m: "GET", p: "/api/session", ms: 4, w: 3 },
        { m: "GET", p: "/api/products/{id}", ms: 30, w: 3 },
        { m: "POST", p: "/api/login", ms: 90 },
      ]),
      w: 30,
    },
    {
      g: http(r, cart, [
        { m: "GET", p: "/cart", ms: 10 },
        { m: "POST", p: "/cart/items", ms: 25 },
      ]),
      w: 16,
    },
    {
      g: http(r, checkout, [
        { m: "POST", p: "/checkout", ms: 350 },
        { m: "GET", p: "/checkout/{uuid}", ms: 20, w: 2 },
      ]),
      w: 8,
    },
    {
      g: tpl(r, worker, "INFO", ["swept {int:0-40} expired sessions in {int:5-40}ms", "session ttl histogram p50={int:20-40}m p99={int:200-900}m"]),
      w: 3,
      to: onset,
    },
    { g: tpl(r, worker, "INFO", ["swept 0 expired sessions in {int:5-40}ms", "skipping sweep: SCAN cursor reset by server"]), w: 3, from: onset },
    { g: tpl(r, web, "WARNING", ["login rate limit hit for ip {ip}", "session cookie signature mismatch, issuing new session"]), w: 1 },
    { g: tpl(r, redis, "DEBUG", ["{int:40-400} clients connected ({int:0-2} blocked)", "DB 0: {int:400000-900000} keys ({int:0-20} volatile)"]), w: 2 },
  ]);
  return inc.build(
    name,
    "After the session sweeper stops expiring keys, session-redis fills up to maxmemory under noeviction; session writes fail with OOM and checkout returns 500.",
  );
}

export function lambdaTimeoutsAndMemory(seed: number): Scenario {
  const name = "lambda-timeouts-and-memory";
  const inc = Incident.open(seed, name, 2 * HOUR, 6 * HOUR);
  const r = inc.r;
  const day = new Date(inc.start).toISOString().slice(0, 10).replace(/-/g, "/");
  const fns = ["thumbnail-fn", "order-webhook-fn", "pdf-render-fn", "email-fn"].map((f) => ({
    ...svc(r, f, "canonical", 0),
    hosts: [`${day}/[$LATEST]${r.hex(32)}`, `${day}/[$LATEST]${r.hex(32)}`],
  }));
  const pdf = fns[2] ?? svc(r, "pdf-render-fn", "canonical", 1);
  const sizes: Record<string, number> = { "thumbnail-fn": 512, "order-webhook-fn": 256, "pdf-render-fn": 1024, "email-fn": 128 };
  const medians: Record<string, number> = { "thumbnail-fn": 180, "order-webhook-fn": 60, "pdf-render-fn": 2400, "email-fn": 90 };
  const onset = inc.at(r.float(0.3, 0.6));
  const invoke = (s: (typeof fns)[number], t: number, kind: "ok" | "timeout" | "oom") => {
    const id = r.uuid();
    const size = sizes[s.name] ?? 512;
    const median = medians[s.name] ?? 100;
    const dur = kind === "timeout" ? 30000 + r.float(0, 40) : kind === "oom" ? r.float(4000, 20000) : r.lognormal(median, 0.4);
    const mem = kind === "oom" ? size : kind === "timeout" ? Math.round(size * r.float(0.6, 0.8)) : Math.round(size * r.float(0.3, 0.55));
    const label = kind === "timeout" ? "performance" : kind === "oom" ? "memory" : null;
    inc.add(line(r, s, t, "INFO", `START RequestId: ${id} Version: $LATEST`));
    if (kind === "ok" && r.chance(0.5))
      inc.add(
        line(
          r,
          s,
          t + 5,
          "INFO",
          fill(r, s.name === "pdf-render-fn" ? "rendering invoice {int:100000-999999} ({int:1-40} pages)" : "processing record {hex:12}"),
        ),
      );
    const te = t + Math.round(dur);
    if (kind === "timeout") inc.add(line(r, s, te, "ERROR", `${new Date(te).toISOString()} ${id} Task timed out after 30.03 seconds`, "performance"));
    if (kind === "oom") inc.add(line(r, s, te, "ERROR", `RequestId: ${id} Error: Runtime exited with error: signal: killed Runtime.ExitError`, "memory"));
    inc.add(line(r, s, te + 1, "INFO", `END RequestId: ${id}`));
    inc.add(
      line(
        r,
        s,
        te + 2,
        "INFO",
        `REPORT RequestId: ${id}\tDuration: ${dur.toFixed(2)} ms\tBilled Duration: ${Math.ceil(dur)} ms\tMemory Size: ${size} MB\tMax Memory Used: ${mem} MB`,
        label,
        { durationMs: Math.round(dur * 100) / 100 },
      ),
    );
  };
  const target = r.int(2800, 5000);
  let t = inc.start;
  const step = inc.span / (target / 3.6);
  while (t < inc.end - 40 * SEC) {
    const s = r.weighted(fns.map((f) => [f, f === pdf ? 1.5 : 1] as const));
    const bad = s === pdf && t > onset;
    invoke(s, Math.round(t), bad && r.chance(0.35) ? "timeout" : bad && r.chance(0.25) ? "oom" : "ok");
    t += r.float(0.2, 1.8) * step;
  }
  inc.fillTo(Math.min(6000, inc.evs.length + r.int(300, 600)), [
    { g: tpl(r, pdf, "WARNING", ["font cache miss for {pick:NotoSans|Inter|DejaVuSans}, loading from layer"]), w: 1 },
    { g: tpl(r, fns[3] ?? pdf, "INFO", ["ses:SendEmail accepted MessageId={hex:32}"]), w: 3 },
    { g: tpl(r, fns[1] ?? pdf, "WARNING", ["webhook signature timestamp older than 300s, rejecting replay"]), w: 0.3 },
  ]);
  return inc.build(
    name,
    "Lambda START/END/REPORT lines of four functions; after a change pdf-render-fn invocations hit the 30 s timeout or use all of their memory and are killed, the others run normally.",
  );
}
