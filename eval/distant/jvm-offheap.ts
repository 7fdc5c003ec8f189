// JVM memory outside the heap: a Metaspace leak from Tomcat hot redeploys, and Netty's pooled
// direct memory leaking in an API gateway.

import type { Scenario } from "../blind/types.js";
import { type Entry, GiB, Incident, iso, type Label, MiB, MIN, Rng, SEC, startOf } from "./lib.js";

/** log4j2's EcsLayout: dotted ECS keys, flat. */
function ecs(t: number, level: string, logger: string, thread: string, message: string, service: string, extra: Entry = {}): Entry {
  return {
    "@timestamp": iso(t),
    "log.level": level,
    message,
    "ecs.version": "1.2.0",
    "service.name": service,
    "event.dataset": `${service}.log`,
    "process.thread.name": thread,
    "log.logger": logger,
    ...extra,
  };
}

/** billing-tomcat: every hot redeploy of /billing leaves its classloader behind; Metaspace fills up. */
export function tomcatMetaspaceRedeploys(seed: number): Scenario {
  const rng = new Rng(seed, "tomcat-metaspace-leak-after-redeploys");
  const start = startOf(rng, 7, 14);
  const inc = new Incident(start, start + rng.int(220, 280) * MIN);
  const svc = "billing-tomcat";
  const maxMeta = 512;
  const baseMeta = rng.float(186, 205);
  const perDeploy = rng.float(46, 58);
  const deployEvery = rng.int(24, 32) * MIN;
  const deploys: number[] = [];
  for (let t = start + rng.int(6, 15) * MIN; t < inc.end - 8 * MIN; t += deployEvery + rng.int(-4, 4) * MIN) deploys.push(t);
  // Metaspace exhausted on the deploy that would pass the max.
  let failIdx = deploys.findIndex((_, i) => baseMeta + (i + 1) * perDeploy > maxMeta - 8);
  if (failIdx < 0) failIdx = deploys.length - 1;
  const failAt = deploys[failIdx]!;
  const metaAt = (t: number): number => baseMeta + deploys.filter((d) => d < t && d <= failAt).length * perDeploy + rng.normal(0, 1.5);
  const classesAt = (t: number): number => Math.round(31000 + (metaAt(t) - baseMeta) * 118 + rng.int(-40, 40));

  const tc = (t: number, level: string, logger: string, thread: string, msg: string, label: Label = null): void =>
    inc.add(t, ecs(t, level, logger, thread, msg, svc), label);

  deploys.forEach((d, i) => {
    if (i > failIdx) return;
    const leakOk = i >= 1; // from the second redeploy on, the leak is plain
    tc(d, "INFO", "org.apache.catalina.startup.HostConfig", "Catalina-utility-1", "Undeploying context [/billing]");
    tc(
      d + 420,
      "WARN",
      "org.apache.catalina.loader.WebappClassLoaderBase",
      "Catalina-utility-1",
      `The web application [billing] appears to have started a thread named [billing-ledger-flusher-${i + 1}] but has failed to stop it. This is very likely to create a memory leak. Stack trace of thread:\n java.base@17.0.10/jdk.internal.misc.Unsafe.park(Native Method)\n java.base@17.0.10/java.util.concurrent.locks.LockSupport.parkNanos(LockSupport.java:252)\n com.acme.billing.ledger.LedgerFlusher.run(LedgerFlusher.java:88)`,
      leakOk ? "memory" : null,
    );
    tc(
      d + 430,
      "WARN",
      "org.apache.catalina.loader.WebappClassLoaderBase",
      "Catalina-utility-1",
      "The web application [billing] created a ThreadLocal with key of type [com.acme.billing.tenant.TenantContext$1] (value [com.acme.billing.tenant.TenantContext$1@5e4c8a1]) and a value of type [com.acme.billing.tenant.Tenant] (value [Tenant{id=eu-west}]) but failed to remove it when the web application was stopped. Threads are going to be renewed over time to try and avoid a probable memory leak.",
      leakOk ? "memory" : null,
    );
    tc(
      d + 440,
      "WARN",
      "org.apache.catalina.loader.WebappClassLoaderBase",
      "Catalina-utility-1",
      "The web application [billing] registered the JDBC driver [org.postgresql.Driver] but failed to unregister it when the web application was stopped. To prevent a memory leak, the JDBC Driver has been forcibly unregistered.",
    );
    const dep = d + rng.int(2, 5) * SEC;
    tc(
      dep,
      "INFO",
      "org.apache.catalina.startup.HostConfig",
      "Catalina-utility-1",
      "Deploying web application archive [/usr/local/tomcat/webapps/billing.war]",
    );
    if (i === failIdx) {
      tc(
        dep + rng.int(6, 9) * SEC,
        "SEVERE",
        "org.apache.catalina.startup.HostConfig",
        "Catalina-utility-1",
        "Error deploying web application archive [/usr/local/tomcat/webapps/billing.war]\njava.lang.IllegalStateException: Error starting child\nCaused by: java.lang.OutOfMemoryError: Metaspace",
        "memory",
      );
      return;
    }
    const took = rng.int(9000, 15000);
    tc(
      dep + took,
      "INFO",
      "org.apache.jasper.servlet.TldScanner",
      "Catalina-utility-1",
      "At least one JAR was scanned for TLDs yet contained no TLDs. Enable debug logging for this logger for a complete list of JARs that were scanned but no TLDs were found in them.",
    );
    tc(
      dep + took + 5,
      "INFO",
      "org.apache.catalina.startup.HostConfig",
      "Catalina-utility-1",
      `Deployment of web application archive [/usr/local/tomcat/webapps/billing.war] has finished in [${took.toLocaleString("en-US")}] ms`,
    );
  });

  // The JVM metrics logger every 2 minutes; and GC warnings when Metaspace nears its max.
  inc.every(2 * MIN, 3 * SEC, rng, (t) => {
    const used = Math.min(maxMeta - 1, metaAt(t));
    const label: Label = used > baseMeta + 1.6 * perDeploy && t < failAt + 30 * MIN ? "memory" : null;
    tc(
      t,
      "INFO",
      "com.acme.ops.JvmStatsLogger",
      "jvm-stats",
      `Metaspace used=${used.toFixed(1)}MB committed=${(used + rng.float(2, 6)).toFixed(1)}MB max=${maxMeta}.0MB, loaded classes=${classesAt(t)}, unloaded classes=0, heap used=${rng.int(640, 1500)}MB of 2048MB`,
      label,
    );
    if (used > maxMeta * 0.82 && t < failAt + 30 * MIN && rng.chance(0.7))
      tc(
        t + 800,
        "WARN",
        "com.acme.ops.JvmStatsLogger",
        "jvm-stats",
        `GC 'G1 Old Generation' cause 'Metadata GC Threshold' took ${rng.int(900, 2600)} ms, freed 0 classes`,
        "memory",
      );
  });

  // After the failed deploy: the portal app also runs out of class space when it loads a new class.
  for (let i = 0; i < rng.int(5, 9); i++) {
    const t = failAt + rng.float(20, 600) * SEC;
    if (t > inc.end) continue;
    tc(
      t,
      "SEVERE",
      "org.apache.catalina.core.StandardWrapperValve",
      `http-nio-8080-exec-${rng.int(1, 60)}`,
      "Servlet.service() for servlet [portal] in context with path [/portal] threw exception\njava.lang.OutOfMemoryError: Metaspace",
      "memory",
    );
  }

  const routes: [string, number][] = [
    ["/billing/api/invoices/{id}", 38],
    ["/billing/api/invoices", 95],
    ["/billing/api/payments", 120],
    ["/portal/dashboard", 140],
    ["/portal/api/usage", 60],
  ];
  inc.fill(rng.int(2700, 4200), rng, (t) => {
    const [route, median] = rng.pick(routes);
    const down = route.startsWith("/billing") && deploys.some((d) => t >= d && t < d + 20 * SEC);
    if (down || (route.startsWith("/billing") && t > failAt)) return;
    const r = rng.next();
    const thread = `http-nio-8080-exec-${rng.int(1, 60)}`;
    if (r < 0.02)
      tc(
        t,
        "WARN",
        "com.acme.billing.tax.TaxRateClient",
        thread,
        `Tax rate lookup for region ${rng.pick(["DE-BY", "FR-IDF", "US-CA", "US-NY"])} served from stale cache (age ${rng.int(61, 300)}s)`,
      );
    else if (r < 0.03)
      tc(t, "ERROR", "com.acme.billing.web.ErrorHandler", thread, `Request rejected: invoice ${rng.int(100000, 999999)} belongs to another tenant`);
    else {
      const id = rng.int(100000, 999999);
      const path = route.replace("{id}", String(id));
      inc.add(
        t,
        ecs(t, "INFO", "com.acme.web.AccessLogFilter", thread, `${rng.pick(["GET", "GET", "POST"])} ${path} ${rng.chance(0.02) ? 404 : 200}`, svc, {
          "url.path": path,
          "event.duration": Math.round(rng.logn(median, 0.4) * 1e6),
        }),
      );
    }
  });

  return inc.build(
    "tomcat-metaspace-leak-after-redeploys",
    "billing-tomcat: each CI hot redeploy of /billing leaks its classloader (threads and ThreadLocals not stopped); Metaspace climbs ~50MB per deploy until the deploy and the portal fail with OutOfMemoryError: Metaspace",
  );
}
// ---------------------------------------------------------------------------------------------
/** edge-gateway (Spring Cloud Gateway on Netty): a body-logging filter never releases pooled buffers; direct memory runs out. */
export function gatewayDirectBufferMemory(seed: number): Scenario {
  const rng = new Rng(seed, "edge-gateway-direct-buffer-memory");
  const start = startOf(rng, 8, 19);
  const inc = new Incident(start, start + rng.int(100, 140) * MIN);
  const svc = "edge-gateway";
  const maxDirect = 1 * GiB;
  const deployAt = inc.at(rng.float(0.1, 0.2));
  const exhaustAt = inc.at(rng.float(0.72, 0.82));
  const baseDirect = rng.float(0.16, 0.22) * maxDirect;
  const directAt = (t: number): number => {
    if (t < deployAt) return baseDirect * rng.float(0.9, 1.1);
    const x = Math.min(1, (t - deployAt) / (exhaustAt - deployAt));
    return Math.min(maxDirect - 2 * MiB, baseDirect + x * (maxDirect - baseDirect) * rng.float(0.985, 1.0));
  };
  const pod = `edge-gateway-${rng.podSuffix()}`;
  const gw = (t: number, level: string, logger: string, thread: string, msg: string, label: Label = null, extra: Entry = {}): void =>
    inc.add(t, ecs(t, level, logger, thread, msg, svc, { "host.name": pod, ...extra }), label);

  gw(deployAt - 40 * SEC, "INFO", "com.acme.gateway.GatewayApplication", "main", "Started GatewayApplication in 6.84 seconds (process running for 7.9)");
  gw(
    deployAt - 39 * SEC,
    "INFO",
    "com.acme.gateway.filters.RequestBodyAuditFilter",
    "main",
    "Request body audit enabled for routes [media-upload, partner-ingest] (max body 8 MiB)",
  );

  inc.every(MIN, 2 * SEC, rng, (t) => {
    const used = directAt(t);
    const label: Label = t > deployAt && used > 0.45 * maxDirect ? "memory" : null;
    gw(
      t,
      "INFO",
      "com.acme.gateway.ops.AllocatorMetrics",
      "metrics-1",
      `PooledByteBufAllocator usedDirectMemory=${Math.round(used)} maxDirectMemory=${maxDirect} numDirectArenas=8 chunkSize=4194304`,
      label,
      {
        "netty.direct.used_bytes": Math.round(used),
        "netty.direct.max_bytes": maxDirect,
      },
    );
  });

  // Netty's sampled leak reports, after the deploy.
  for (let t = deployAt + rng.int(3, 8) * MIN; t < inc.end; t += rng.float(2, 9) * MIN) {
    gw(
      t,
      "ERROR",
      "io.netty.util.ResourceLeakDetector",
      `reactor-http-epoll-${rng.int(1, 8)}`,
      "LEAK: ByteBuf.release() was not called before it's garbage-collected. See https://netty.io/wiki/reference-counted-objects.html for more information.\nRecent access records: \n#1:\n\tio.netty.buffer.AdvancedLeakAwareByteBuf.retainedSlice(AdvancedLeakAwareByteBuf.java:96)\n\tcom.acme.gateway.filters.RequestBodyAuditFilter.lambda$filter$2(RequestBodyAuditFilter.java:71)",
      "memory",
    );
  }

  const routes: [string, string, string, number, number][] = [
    ["GET", "/api/catalog/items", "catalog", 35, 0.35],
    ["GET", "/api/catalog/items/{id}", "catalog", 18, 0.2],
    ["POST", "/api/media/upload", "media-upload", 420, 0.08],
    ["POST", "/api/partner/ingest", "partner-ingest", 160, 0.07],
    ["GET", "/api/recommendations", "recommendations", 90, 0.12],
    ["POST", "/api/cart/items", "cart", 40, 0.18],
  ];
  inc.fill(rng.int(3000, 4600), rng, (t) => {
    const [method, route, routeId, median] = rng.weighted(routes.map((r) => [r, r[4]] as const));
    const path = route.replace("{id}", String(rng.int(10000, 99999)));
    const thread = `reactor-http-epoll-${rng.int(1, 8)}`;
    const trace = rng.hex(32);
    let status = rng.chance(0.03) ? 404 : method === "POST" ? 201 : 200;
    let ms = rng.logn(median, 0.5);
    let label: Label = null;
    if (routeId === "recommendations" && rng.chance(0.04)) status = 503; // a flaky upstream, every day
    if (rng.chance(0.01)) status = 499;
    const used = directAt(t);
    if (t > exhaustAt - 4 * MIN && used > 0.97 * maxDirect && rng.chance(routeId === "media-upload" || routeId === "partner-ingest" ? 0.9 : 0.35)) {
      const want = rng.pick([16384, 65536, 4194304]);
      const oome = rng.chance(0.7)
        ? `io.netty.util.internal.OutOfDirectMemoryError: failed to allocate ${want} byte(s) of direct memory (used: ${Math.round(used)}, max: ${maxDirect})`
        : "java.lang.OutOfMemoryError: Direct buffer memory";
      gw(
        t,
        "ERROR",
        "org.springframework.boot.autoconfigure.web.reactive.error.AbstractErrorWebExceptionHandler",
        thread,
        `[${rng.hex(8)}-${rng.int(1, 9999)}]  500 Server Error for HTTP ${method} "${path}"\n${oome}`,
        "memory",
        { "trace.id": trace },
      );
      status = 500;
      ms = rng.float(2, 30);
      label = "error";
    }
    gw(t + ms, "INFO", "com.acme.gateway.filters.AccessLogFilter", thread, `${method} ${path} ${status}`, label, {
      "http.request.method": method,
      "url.path": path,
      "http.response.status_code": status,
      "event.duration": Math.round(ms * 1e6),
      "gateway.route.id": routeId,
      "trace.id": trace,
    });
  });

  return inc.build(
    "edge-gateway-direct-buffer-memory",
    "edge-gateway: after a deploy enabling request-body auditing, Netty reports ByteBuf leaks and pooled direct memory climbs to its 1 GiB max; uploads then fail with OutOfDirectMemoryError / Direct buffer memory and 500s",
  );
}
