// Anomalous lines a service can write, in its own language and style. Each returns labelled events.

import { customer, orderId, sku } from "./ids.js";
import type { Rng } from "./random.js";
import { ev, pickRoute, requestLine, traceable, type Line, type Svc } from "./traffic.js";
import type { Ev } from "./types.js";

/** A request that completed but far outside the service's own latency spread (>= 15x its median). */
export function slowRequest(svc: Svc, r: Rng, t: number, factor = r.float(18, 70)): Ev {
  const route = pickRoute(r, svc);
  const line = requestLine(svc, r, route, route.med * factor, route.m === "POST" ? 201 : 200);
  return traceable(svc, r, ev(svc, r, t, line, "performance"));
}

/** The service's client library reporting a timeout calling `dep`. */
export function timeoutLine(svc: Svc, r: Rng, t: number, dep: string, timeoutMs = 5000, f?: Record<string, unknown>): Ev {
  const s = timeoutMs / 1000;
  const port = r.pick([8080, 8080, 3000, 9000]);
  const msg: string = {
    java: `I/O error on POST request for "http://${dep}.shop.svc:${port}/api": Read timed out after ${timeoutMs}ms`,
    go: `call to ${dep} failed: context deadline exceeded (Client.Timeout exceeded while awaiting headers) after ${s}s`,
    python: `HTTPConnectionPool(host='${dep}.shop.svc', port=${port}): Read timed out. (read timeout=${s})`,
    node: `call to ${dep} timed out after ${timeoutMs}ms (ETIMEDOUT)`,
  }[svc.lang];
  return traceable(svc, r, ev(svc, r, t, { msg, f: { ...(f ?? {}), duration_ms: timeoutMs + r.int(0, 30), upstream: dep } }, "performance", "ERROR"));
}

interface Exc {
  msg: string;
  stack?: string;
}

const camel = (name: string): string =>
  name
    .replace(/-service$/, "")
    .split("-")
    .map((w) => (w[0] ?? "").toUpperCase() + w.slice(1))
    .join("");

/** Exceptions in the service's own language, naming its own packages, handlers and endpoint. */
function exceptions(svc: Svc, r: Rng): Exc[] {
  const Cap = camel(svc.name);
  const low = Cap.toLowerCase();
  const route = svc.routes.find((x) => x.m === "POST") ?? svc.routes[0];
  const ep = route ? `${route.m} ${route.path(r).split("?")[0]}` : "request";
  const pkg = `com.acme.${low}`;
  switch (svc.lang) {
    case "java":
      return [
        {
          msg: `Unhandled exception processing ${ep}`,
          stack: `java.lang.NullPointerException: Cannot invoke "${pkg}.model.Address.getCountry()" because the return value of "${pkg}.model.${Cap}Request.getShippingAddress()" is null
\tat ${pkg}.service.TaxService.computeVat(TaxService.java:88)
\tat ${pkg}.service.${Cap}Service.place(${Cap}Service.java:142)
\tat ${pkg}.web.${Cap}Controller.create(${Cap}Controller.java:57)
\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)`,
        },
        {
          msg: "Request processing failed: java.lang.IllegalStateException: Duplicate key SKU-48213 (attempted merging values 2 and 1)",
          stack: `java.lang.IllegalStateException: Duplicate key SKU-48213 (attempted merging values 2 and 1)
\tat java.base/java.util.stream.Collectors.duplicateKeyException(Collectors.java:135)
\tat ${pkg}.service.LineItemMapper.toMap(LineItemMapper.java:31)`,
        },
        {
          msg: `Transaction rolled back: could not execute statement; SQL [n/a]; constraint [${low}_items_parent_id_fkey]`,
          stack: `org.springframework.dao.DataIntegrityViolationException: could not execute statement; SQL [n/a]; constraint [${low}_items_parent_id_fkey]
\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:290)
Caused by: org.postgresql.util.PSQLException: ERROR: insert or update on table "${low}_items" violates foreign key constraint "${low}_items_parent_id_fkey"`,
        },
      ];
    case "python":
      return [
        {
          msg: `Exception on ${ep.split(" ")[1] ?? "/"} [${ep.split(" ")[0] ?? "POST"}]`,
          stack: `Traceback (most recent call last):
  File "/app/${low}/api/views.py", line 118, in create
    amount = body["amount"] + fee_for(body["currency"])
KeyError: 'currency'`,
        },
        {
          msg: `unhandled error in ${low} event handler`,
          stack: `Traceback (most recent call last):
  File "/app/${low}/handlers.py", line 64, in handle
    total = event.amount + previous.amount
TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'`,
        },
      ];
    case "go":
      return [
        {
          msg: "panic recovered in handler: runtime error: invalid memory address or nil pointer dereference",
          stack: `goroutine ${r.int(1000, 99999)} [running]:
main.(*${Cap}Handler).Create(0xc000412000, {0x1a2b3c0, 0xc0005a6e00}, 0xc000b3e100)
\t/src/internal/http/${low}.go:97 +0x1f4
net/http.HandlerFunc.ServeHTTP(...)`,
        },
        { msg: `failed to decode request: json: cannot unmarshal string into Go struct field ${Cap}Request.quantity of type int` },
      ];
    case "node":
      return [
        {
          msg: "TypeError: Cannot read properties of undefined (reading 'id')",
          stack: `TypeError: Cannot read properties of undefined (reading 'id')
    at ${Cap}Controller.handle (/app/dist/controllers/${low}.js:88:31)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`,
        },
        { msg: "UnhandledPromiseRejection: Error: Redis connection lost and command aborted. It might have been processed." },
      ];
  }
}

/** An exception / failure the service does not write in normal operation. */
export function exceptionLine(svc: Svc, r: Rng, t: number, pickIdx?: number): Ev {
  const list = exceptions(svc, r);
  const x = (pickIdx !== undefined ? list[pickIdx % list.length] : r.pick(list)) ?? { msg: "unexpected error" };
  const line: Line = { msg: x.msg };
  if (x.stack) line.stack = x.stack;
  return traceable(svc, r, ev(svc, r, t, line, "error", "ERROR"));
}

/** High-memory / GC-pressure line in the service's own words. */
export function memoryLine(svc: Svc, r: Rng, t: number, pct = r.float(91, 98.5)): Ev {
  const p = Math.round(pct * 10) / 10;
  const line: Line = {
    java: { msg: `JVM heap: used=${Math.round(p * 20.48)}MiB committed=2048MiB max=2048MiB`, f: { heap_used_pct: p }, level: "WARNING" as const },
    python: { msg: `worker rss=${Math.round(p * 20.48)}MiB exceeds soft limit (90%)`, f: { memory_percent: p }, level: "WARNING" as const },
    go: { msg: `memory usage ${(p * 0.02).toFixed(2)}GiB of 2GiB limit (heap used ${Math.round(p)}%)`, f: { memory_pct: p }, level: "WARNING" as const },
    node: { msg: `heap used ${Math.round(p)}% (${Math.round(p * 40.96)}MB of 4096MB), GC mark-compact took ${r.int(600, 1900)}ms`, level: "WARNING" as const },
  }[svc.lang];
  return ev(svc, r, t, line, "memory");
}

/** Hard memory failure (OOM / GC overhead). */
export function oomLine(svc: Svc, r: Rng, t: number): Ev {
  const line: Line = {
    java: { msg: r.pick(["java.lang.OutOfMemoryError: Java heap space", "java.lang.OutOfMemoryError: GC overhead limit exceeded"]), level: "ERROR" as const },
    python: { msg: "MemoryError while building export batch (rss 1.98GiB)", level: "ERROR" as const },
    go: { msg: "fatal error: runtime: out of memory", level: "CRITICAL" as const },
    node: { msg: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", level: "CRITICAL" as const },
  }[svc.lang];
  return ev(svc, r, t, line, "memory");
}

/** Generic structurally odd lines (label pattern). */
export function oddLine(svc: Svc, r: Rng, t: number, kind = r.int(0, 6)): Ev {
  let msg: string;
  switch (kind) {
    case 0:
      msg = `unexpected payload dump: ${longJson(r, r.int(600, 1500))}`;
      break;
    case 1:
      msg = `config reloaded: feature flag checkout.v2 flipped to ${r.pick(["true", "false"])} by unknown actor (api key ak_${r.alnum(6)}***)`;
      break;
    case 2:
      msg = `certificate for api.internal expires in 0 days (not after ${new Date(t).toISOString().slice(0, 10)}T23:59:59Z)`;
      break;
    case 3:
      msg = `SELECT o.* FROM orders o WHERE o.id IN (${Array.from({ length: r.int(110, 160) }, () => r.int(100000, 999999)).join(", ")})`;
      break;
    case 4:
      msg = `request with unexpected header x-debug-override=true from ${r.ip("10.0")} accepted for /internal/admin/flags`;
      break;
    case 5:
      msg = `received unknown message type 'LEGACY_SYNC_V0' on ${svc.name}.events partition ${r.int(0, 5)}, skipping (payload 0x${r.hex(48)})`;
      break;
    default:
      msg = `user-agent sqlmap/1.7.2#stable requested /api/products?id=${r.int(1, 99)}%27%20OR%20%271%27%3D%271`;
  }
  return ev(svc, r, t, { msg, level: "INFO" }, "pattern");
}

export function longJson(r: Rng, chars: number): string {
  const items: string[] = [];
  let s = "";
  while (s.length < chars) {
    items.push(`{"sku":"${sku(r)}","qty":${r.int(1, 9)},"customer":${customer(r)},"order":"${orderId(r)}","flags":["${r.alnum(6)}","${r.alnum(4)}"]}`);
    s = `{"items":[${items.join(",")}]}`;
  }
  return s;
}
