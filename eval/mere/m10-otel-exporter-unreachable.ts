// Rule right (telemetry on its way out stays routine): the OpenTelemetry collector DaemonSet's node selector
// leaves out the new spot node pool, so inventory-svc's pods scheduled there cannot reach a local collector
// and the Java agent logs a WARN for every failed span/metric export. Traces have a gap; the service is fine;
// a ticket sits in the backlog. The real incident is elsewhere: a feature flag sends order-svc down a nil
// path for a few minutes and order creation returns 500s (error).
import { Timeline, around, chance, int, iso, pick, poisson, rngFor, round, windowStart } from "./shared.js";
import type { Scenario } from "./types.js";

const SPOT_PODS = ["inventory-svc-6c9f8-2vx7k", "inventory-svc-6c9f8-9qm4d", "inventory-svc-6c9f8-l5t8w"];
const SKUS = ["SKU-10442", "SKU-20817", "SKU-31190", "SKU-48833", "SKU-52021"];

export default function m10(seed: number): Scenario {
  const r = rngFor(seed, "m10");
  const t0 = windowStart(seed, "m10");
  const t1 = t0 + 30 * 60_000;
  const tl = new Timeline();
  const badFrom = t0 + int(r, 9, 20) * 60_000 + int(r, 0, 59_000);
  const badTo = badFrom + int(r, 180, 260) * 1000;
  const bad = (t: number) => t >= badFrom && t < badTo;
  const inv = (t: number, level: string, cls: string, thread: string, message: string, pod: string) => ({
    time: iso(t),
    level,
    thread,
    class: cls,
    message,
    kubernetes: { namespace_name: "inventory", pod_name: pod, container_name: "inventory-svc", labels: { app: "inventory-svc" } },
  });

  // The flood: span and metric exports failing from the pods on spot nodes.
  poisson(r, t0, t1, 1.2, (t) => {
    const spans = chance(r, 0.85);
    const msg = `Failed to export ${spans ? "spans" : "metrics"}. The request could not be executed. Full error message: Failed to connect to otel-collector.observability.svc.cluster.local/10.96.14.20:4318`;
    tl.add(
      t,
      inv(
        t,
        "WARN",
        "io.opentelemetry.exporter.internal.http.HttpExporter",
        "OkHttp http://otel-collector.observability.svc.cluster.local:4318/...",
        msg,
        pick(r, SPOT_PODS),
      ),
    );
  });
  // inventory-svc's own work.
  poisson(r, t0, t1, 0.4, (t) => {
    const pod = pick(r, [...SPOT_PODS, "inventory-svc-6c9f8-r8h2c", "inventory-svc-6c9f8-x4n6b"]);
    tl.add(
      t,
      inv(
        t,
        "INFO",
        "com.shop.inventory.ReservationService",
        `http-nio-8080-exec-${int(r, 1, 30)}`,
        `Reserved ${int(r, 1, 4)} x ${pick(r, SKUS)} for order`,
        pod,
      ),
    );
  });
  // order-svc (Rails, lograge + semantic_logger JSON).
  poisson(r, t0, t1, 0.6, (t) => {
    const create = chance(r, 0.45);
    const fail = create && bad(t) && chance(r, 0.7);
    if (fail) {
      tl.add(
        t,
        {
          timestamp: iso(t),
          level: "error",
          name: "Rails",
          application: "order-svc",
          message: "NoMethodError: undefined method `amount' for nil:NilClass",
          exception: { name: "NoMethodError", stack_trace: "app/services/order_builder.rb:88:in `apply_bundle_discount'" },
        },
        "error",
      );
    }
    const ms = fail ? around(r, 45, 0.3) : around(r, create ? 180 : 40, 0.3);
    tl.add(
      t + (fail ? 1 : 0),
      {
        method: create ? "POST" : "GET",
        path: create ? "/orders" : `/orders/${int(r, 1_000_000, 9_999_999)}`,
        format: "json",
        controller: "OrdersController",
        action: create ? "create" : "show",
        status: fail ? 500 : create ? 201 : 200,
        duration: round(ms, 2),
        view: round(ms * 0.1, 2),
        db: round(ms * 0.3, 2),
        timestamp: iso(t + (fail ? 1 : 0)),
        level: fail ? "error" : "info",
        application: "order-svc",
      },
      fail ? "error" : null,
    );
  });
  // pricing-svc (Vector-shipped JSON): ordinary.
  poisson(r, t0, t1, 0.5, (t) => {
    tl.add(t, {
      timestamp: iso(t),
      level: "info",
      message: "quote computed",
      service: "pricing-svc",
      skus: int(r, 1, 12),
      duration_ms: round(around(r, 22, 0.3)),
    });
  });
  return tl.build(
    "m10-otel-exporter-unreachable",
    "Agent on spot-node pods cannot reach the OTel collector and logs every failed export (routine); order creation 500s for ~4 min after a flag flip",
  );
}
