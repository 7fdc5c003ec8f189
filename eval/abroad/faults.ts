// Lines that are part of a problem, spelled for the service's runtime: slow requests and
// timeouts, memory pressure and out-of-memory, exceptions and 5xx.

import type { Level } from "../blind/types.js";
import { type Rng, round } from "./prng.js";
import { type Line, memStats, requestLine, type Svc } from "./services.js";
import { goDuration, orderId, sku, userId } from "./words.js";

export type Runtime = "node" | "python" | "go" | "java";

export function runtime(s: Svc): Runtime {
  switch (s.prod) {
    case "pino":
      return "node";
    case "python":
      return "python";
    case "logback":
    case "otel":
      return "java";
    default:
      return "go";
  }
}

const pkg = (s: Svc) => s.name.replace(/-/g, "");
const cls = (s: Svc) =>
  s.name
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");

/** A Java stack trace: the exception line, then frames of the service's code and the framework's. */
export function javaStack(r: Rng, s: Svc, head: string, cause?: string): string {
  const p = pkg(s);
  const c = cls(s);
  const frames = [
    `\tat com.example.${p}.${c}Repository.${r.pick(["findById", "save", "lock", "findByOrderId"])}(${c}Repository.java:${r.int(40, 220)})`,
    `\tat com.example.${p}.${c}Service.${r.pick(["handle", "process", "reserve", "execute"])}(${c}Service.java:${r.int(60, 400)})`,
    `\tat com.example.${p}.web.${c}Controller.${r.pick(["post", "get", "create"])}(${c}Controller.java:${r.int(30, 120)})`,
    "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
    "\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)",
    "\tat org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)",
    "\tat org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:659)",
    "\tat java.base/java.lang.Thread.run(Thread.java:1583)",
  ];
  let out = `${head}\n${frames.join("\n")}`;
  if (cause !== undefined)
    out += `\nCaused by: ${cause}\n\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)\n\t... ${r.int(40, 90)} common frames omitted`;
  return out;
}

export function pyTrace(r: Rng, s: Svc, last: string): string {
  const m = s.name.replace(/-/g, "_");
  return [
    "Traceback (most recent call last):",
    `  File "/app/${m}/api.py", line ${r.int(40, 200)}, in ${r.pick(["handle", "recommend", "score", "post"])}`,
    `    result = await service.${r.pick(["run", "fetch", "compute"])}(payload)`,
    `  File "/app/${m}/service.py", line ${r.int(20, 300)}, in ${r.pick(["run", "fetch", "compute"])}`,
    `    rows = await self.repo.${r.pick(["load", "query", "get_many"])}(ids)`,
    `  File "/usr/local/lib/python3.11/site-packages/asyncpg/pool.py", line ${r.int(500, 1100)}, in fetch`,
    "    return await con.fetch(query, *args, timeout=timeout)",
    last,
  ].join("\n");
}

export function nodeStack(r: Rng, s: Svc, head: string): string {
  return [
    head,
    `    at ${cls(s)}Service.${r.pick(["handle", "load", "save"])} (/app/dist/services/${s.name}.js:${r.int(20, 400)}:${r.int(5, 40)})`,
    "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    `    at async /app/dist/routes/${r.pick(["index", "api", "v1"])}.js:${r.int(10, 90)}:${r.int(5, 30)}`,
  ].join("\n");
}

/** A request line that took `factor` times the service's normal latency. */
export function slowRequest(r: Rng, s: Svc, factor: number, status?: number): Line {
  const dur = s.median * factor * r.lognormal(1, 0.2);
  return status === undefined ? requestLine(r, s, { dur }) : requestLine(r, s, { dur, status });
}

/** A call from s to `target` that gave up after `ms`. */
export function timeout(r: Rng, s: Svc, target: string, ms: number): Line {
  const waited = ms + r.int(0, 40);
  switch (runtime(s)) {
    case "node":
      return {
        level: "ERROR",
        msg: `request to http://${target}/ failed: timeout of ${ms}ms exceeded`,
        f: { err: { type: "AxiosError", code: "ECONNABORTED" }, upstream: target, responseTime: waited },
      };
    case "python":
      return {
        level: "ERROR",
        msg: `httpx.ReadTimeout calling ${target}: timed out after ${round(ms / 1000, 1)}s`,
        f: { upstream: target, duration_ms: waited },
      };
    case "java":
      return {
        level: "ERROR",
        msg: `I/O error on POST request for "http://${target}:8080/internal": Read timed out`,
        f: { upstream: target, elapsed_ms: waited },
        stack: javaStack(
          r,
          s,
          `org.springframework.web.client.ResourceAccessException: I/O error on POST request for "http://${target}:8080/internal": Read timed out`,
        ),
      };
    default:
      return s.prod === "k8s"
        ? { level: "ERROR", msg: `call to ${target} failed`, f: { error: "context deadline exceeded", upstream: target, latency_ms: waited } }
        : { level: "ERROR", msg: `call to ${target} failed`, f: { error: "context deadline exceeded", upstream: target, latency: goDuration(waited) } };
  }
}

/** Memory use near the limit, written as the runtime-stats line with a warning. */
export function memoryHigh(r: Rng, s: Svc, p: number): Line {
  const used = Math.round((s.limitMb * p) / 100);
  switch (runtime(s)) {
    case "node":
      return memStats(r, s, p, "WARNING", `heap usage ${Math.round(p)}% of heap_size_limit`);
    case "python":
      return memStats(r, s, p, "WARNING", `worker rss ${used}MiB exceeds soft limit ${Math.round(s.limitMb * 0.85)}MiB`);
    case "java":
      return memStats(r, s, p, "WARNING", `JVM heap: used=${used}M max=${s.limitMb}M after full collection`);
    default:
      return memStats(r, s, p, "WARNING", `memory usage near container limit (${used}Mi of ${s.limitMb}Mi)`);
  }
}

/** Garbage-collection pressure in the runtime's words. */
export function gcPressure(r: Rng, s: Svc): Line {
  switch (runtime(s)) {
    case "node":
      return { level: "WARNING", msg: `long GC pause: mark-compact ${r.int(600, 1900)} ms, heap ${Math.round(s.limitMb * 0.97)}MB of ${s.limitMb}MB` };
    case "python":
      return { level: "WARNING", msg: `gc: generation 2 collection took ${round(r.float(1.2, 4.5), 2)}s, ${r.int(2, 9)}M objects tracked` };
    case "java":
      return {
        level: "WARNING",
        msg: `end of major GC (Allocation Failure): G1 Old Generation took ${r.int(1800, 6400)} ms, heap ${s.limitMb - r.int(5, 30)}M->${s.limitMb - r.int(30, 60)}M of ${s.limitMb}M`,
        logger: "com.example.platform.GcMonitor",
      };
    default:
      return { level: "WARNING", msg: `GC forced: heap ${s.limitMb - r.int(4, 40)}MB, limit ${s.limitMb}MB, gc CPU fraction ${r.int(35, 70)}%` };
  }
}

/** The process running out of memory. */
export function outOfMemory(r: Rng, s: Svc): Line {
  switch (runtime(s)) {
    case "node":
      return { level: "CRITICAL", msg: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory" };
    case "python":
      return { level: "CRITICAL", msg: `Worker (pid:${r.int(8, 400)}) was sent SIGKILL! Perhaps out of memory?`, logger: "gunicorn.error" };
    case "java":
      return { level: "ERROR", msg: "Uncaught exception in request processing", stack: javaStack(r, s, "java.lang.OutOfMemoryError: Java heap space") };
    default:
      return { level: "CRITICAL", msg: "fatal error: runtime: out of memory" };
  }
}

/** An exception from a dependency the service calls (a database, a broker, a provider). */
export function failure(r: Rng, s: Svc, what: "db" | "npe" | "broker" | "provider" | "deadlock", target = "postgres"): Line {
  const rt = runtime(s);
  switch (what) {
    case "db":
      if (rt === "java")
        return {
          level: "ERROR",
          msg: "Request processing failed: could not execute statement",
          stack: javaStack(
            r,
            s,
            "org.springframework.dao.DataIntegrityViolationException: could not execute statement",
            `org.postgresql.util.PSQLException: ERROR: duplicate key value violates unique constraint "orders_external_ref_key"`,
          ),
        };
      if (rt === "python")
        return {
          level: "ERROR",
          msg: "Unhandled exception in request",
          stack: pyTrace(r, s, `asyncpg.exceptions.UniqueViolationError: duplicate key value violates unique constraint "${s.name.replace(/-/g, "_")}_pkey"`),
        };
      if (rt === "node")
        return {
          level: "ERROR",
          msg: "query failed",
          stack: nodeStack(r, s, `error: duplicate key value violates unique constraint "${s.name.replace(/-/g, "_")}_pkey"`),
        };
      return {
        level: "ERROR",
        msg: "query failed",
        f: { error: `pq: duplicate key value violates unique constraint "${s.name.replace(/-/g, "_")}_pkey"`, table: s.name.replace(/-/g, "_") },
      };
    case "npe":
      if (rt === "java")
        return {
          level: "ERROR",
          msg: "Unhandled exception",
          stack: javaStack(
            r,
            s,
            `java.lang.NullPointerException: Cannot invoke "com.example.${pkg(s)}.Customer.getAddress()" because "order.customer" is null`,
          ),
        };
      if (rt === "python")
        return { level: "ERROR", msg: "Unhandled exception in request", stack: pyTrace(r, s, "TypeError: 'NoneType' object is not subscriptable") };
      if (rt === "node")
        return {
          level: "ERROR",
          msg: "unhandled error in handler",
          stack: nodeStack(r, s, "TypeError: Cannot read properties of undefined (reading 'items')"),
        };
      return {
        level: "ERROR",
        msg: "panic recovered",
        f: {
          error: "runtime error: invalid memory address or nil pointer dereference",
          stack: `goroutine ${r.int(100, 9000)} [running]:\nmain.(*Handler).ServeHTTP(0xc000128000, {0x1a2b3c0, 0xc0004a2000})\n\t/src/${s.name}/handler.go:${r.int(40, 300)} +0x1d4`,
        },
      };
    case "broker":
      if (rt === "java")
        return {
          level: "ERROR",
          msg: `Failed to send event for order ${orderId(r)}`,
          stack: javaStack(r, s, "org.apache.kafka.common.errors.TimeoutException: Topic orders.events not present in metadata after 60000 ms."),
        };
      return {
        level: "ERROR",
        msg: "failed to publish event",
        f: { error: "kafka: client has run out of available brokers to talk to", topic: "orders.events" },
      };
    case "deadlock":
      return {
        level: "ERROR",
        msg: `transaction rolled back for ${sku(r)}`,
        f: {
          error: "ERROR: deadlock detected (SQLSTATE 40P01)",
          detail: `Process ${r.int(1000, 40000)} waits for ShareLock on transaction ${r.int(1e6, 9e6)}; blocked by process ${r.int(1000, 40000)}.`,
        },
      };
    default:
      return { level: "ERROR", msg: `${target} returned 502 Bad Gateway for user ${userId(r)}`, f: { upstream: target, upstream_status: 502 } };
  }
}

/** A request line the service failed with a 5xx status. */
export function serverError(r: Rng, s: Svc, status = 500, dur?: number): Line {
  return dur === undefined ? requestLine(r, s, { status }) : requestLine(r, s, { status, dur });
}

export function level(l: Level, line: Line): Line {
  return { ...line, level: l };
}
