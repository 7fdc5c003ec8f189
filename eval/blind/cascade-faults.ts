// What a failing root service and its callers write during a cascade, per language.

import type { Rng } from "./random.js";
import { ev, type Line, type Svc } from "./traffic.js";
import type { AnomalyType, Ev } from "./types.js";

export type Fault = "db-pool" | "disk-full" | "deadlock" | "slow-dependency" | "memory-leak";

const TABLES = ["stock_levels", "reservations", "order_items", "ledger_entries", "price_rules", "sessions", "accounts"];

/** The root's own failing line for one affected request (label included). */
export function rootLine(root: Svc, r: Rng, fault: Fault, first = false): [Line, AnomalyType] {
  const table = r.pick(TABLES);
  switch (fault) {
    case "db-pool": {
      if (first) {
        const waiting = r.int(8, 30);
        const pool = root.lang === "java" ? " (HikariPool-1)" : "";
        return [{ msg: `db pool saturated: active=30/30 idle=0 waiting=${waiting}${pool}`, level: "WARNING" }, "performance"];
      }
      const msg = {
        java: "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
        go: "failed to acquire connection from pool: context deadline exceeded (max_conns=30 acquired=30)",
        python:
          "QueuePool limit of size 10 overflow 20 reached, connection timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)",
        node: "KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?",
      }[root.lang];
      return [{ msg, level: "ERROR", f: { duration_ms: 30000 + r.int(0, 25) } }, "performance"];
    }
    case "disk-full": {
      const file = `/var/lib/${root.name}/data/segment-${String(r.int(1, 99999)).padStart(8, "0")}.log`;
      const msg = {
        java: `Failed to append to ${file}: java.io.IOException: No space left on device`,
        go: `write ${file}: no space left on device`,
        python: `OSError: [Errno 28] No space left on device: '${file}'`,
        node: `Error: ENOSPC: no space left on device, write '${file}'`,
      }[root.lang];
      return [{ msg, level: first ? "CRITICAL" : "ERROR" }, "error"];
    }
    case "deadlock": {
      if (!first && r.chance(0.35))
        return [
          { msg: `ERROR: canceling statement due to lock timeout (table ${table}, waited 10000ms)`, level: "ERROR", f: { duration_ms: 10000 + r.int(0, 40) } },
          "performance",
        ];
      const p = r.int(1000, 9999);
      return [
        {
          msg: `ERROR: deadlock detected (SQLSTATE 40P01): Process ${p} waits for ShareLock on transaction ${r.int(1e6, 9e6)}; blocked by process ${p + r.int(1, 40)}. updating ${table}`,
          level: "ERROR",
        },
        "error",
      ];
    }
    case "slow-dependency": {
      const ms = r.logNormal(first ? 9000 : 7000, 0.35);
      return [
        {
          msg: `slow query took ${Math.round(ms)}ms: SELECT * FROM ${table} WHERE id = ANY($1) ORDER BY updated_at DESC LIMIT 500`,
          level: "WARNING",
          f: { duration_ms: Math.round(ms) },
        },
        "performance",
      ];
    }
    case "memory-leak":
      return [{ msg: "GC overhead: spent 91% of the last 60s in garbage collection", level: "WARNING" }, "memory"];
  }
}

/** A heap / rss report from a leaking root at `pct` percent. */
export function heapLine(root: Svc, pct: number): Line {
  const p = Math.round(pct * 10) / 10;
  return {
    java: { msg: `JVM heap: used=${Math.round(p * 20.48)}MiB committed=2048MiB max=2048MiB`, f: { heap_used_pct: p } },
    python: { msg: `worker rss=${Math.round(p * 20.48)}MiB of 2048MiB limit`, f: { memory_percent: p } },
    go: { msg: `runtime memstats: heap_inuse=${Math.round(p * 20.48)}MiB limit=2048MiB`, f: { memory_pct: p } },
    node: { msg: `heap used ${Math.round(p)}% (${Math.round(p * 20.48)}MB of 2048MB)`, f: { heap_used_pct: p } },
  }[root.lang];
}

const isGateway = (s: Svc): boolean => /gateway|bff/.test(s.name);

/** What `caller` writes when its call to `callee` went wrong. kind: timed out, got a 5xx, was refused, or was short-circuited. */
export function callerLine(
  caller: Svc,
  r: Rng,
  callee: Svc,
  kind: "timeout" | "5xx" | "refused" | "open",
  timeoutMs: number,
  calleeIp: string,
): [Line, AnomalyType] {
  const path = isGateway(callee)
    ? `/api/${r.pick(["orders", "cart/items", "products", "checkout"])}/${r.alnum(8)}`
    : `/v1/${callee.name.replace(/-service$/, "")}/${r.alnum(8)}`;
  if (isGateway(caller)) {
    const st = kind === "timeout" ? 504 : kind === "refused" ? 502 : 503;
    const dur = kind === "timeout" ? timeoutMs + r.int(1, 20) : r.int(1, 60);
    return [
      {
        msg: `upstream=${callee.name} status=${st} method=${r.pick(["GET", "POST"])} path=${path} duration_ms=${dur}`,
        level: "ERROR",
        f: { duration_ms: dur },
      },
      kind === "timeout" ? "performance" : "error",
    ];
  }
  if (kind === "timeout") {
    const msg = {
      java: `call to ${callee.name} timed out after ${timeoutMs}ms: I/O error on POST request for "http://${callee.name}:8080${path}": Read timed out`,
      go: `call to ${callee.name} failed: Post "http://${callee.name}:8080${path}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      python: `HTTPConnectionPool(host='${callee.name}', port=8080): Read timed out. (read timeout=${timeoutMs / 1000})`,
      node: `call to ${callee.name} timed out after ${timeoutMs}ms (ETIMEDOUT ${calleeIp}:8080)`,
    }[caller.lang];
    return [{ msg, level: "ERROR", f: { duration_ms: timeoutMs + r.int(0, 30), upstream: callee.name } }, "performance"];
  }
  if (kind === "open")
    return [{ msg: `circuit breaker '${callee.name}' is OPEN, short-circuiting call to ${path}`, level: "WARNING", f: { upstream: callee.name } }, "error"];
  if (kind === "refused") {
    const msg = `call to ${callee.name} failed: dial tcp ${calleeIp}:8080: connect: connection refused`;
    return [{ msg, level: "ERROR", f: { upstream: callee.name } }, "error"];
  }
  const msg = {
    java: `org.springframework.web.reactive.function.client.WebClientResponseException$InternalServerError: 500 Internal Server Error from POST http://${callee.name}:8080${path}`,
    go: `call to ${callee.name} failed: unexpected status 500 Internal Server Error (path=${path})`,
    python: `${callee.name} returned HTTP 500 for POST ${path}: {"error":"internal"}`,
    node: `upstream ${callee.name} responded 500 Internal Server Error for POST ${path}`,
  }[caller.lang];
  return [{ msg, level: "ERROR", f: { upstream: callee.name } }, "error"];
}

/** Build the event, forcing a shared trace id when the producer carries traces. */
export function traced(svc: Svc, r: Rng, t: number, line: Line, label: AnomalyType, trace: string | null): Ev {
  const e = ev(svc, r, t, line, label);
  if (trace && svc.tracing) e.f = { ...(e.f ?? {}), trace_id: trace, span_id: r.hex(16) };
  return e;
}
