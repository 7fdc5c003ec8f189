// Incident worded as a rejection ("not found", 404): a topic clean-up script deleted the schema registry's
// _schemas topic, the registry came back empty, and every producer that does not already cache its schema
// (auto-registration is off in production) fails to serialize: "Subject ... not found; error code 40401".
// Settlements stop flowing; reconciliation sees nothing arrive. Labelled error: the failed publishes and the
// registry's 404s they cause; reconciliation's "nothing received" warnings are pattern.
import { Timeline, around, every, int, ip, iso, pick, poisson, rngFor, uuid, windowStart } from "./shared.js";
import type { Scenario } from "./types.js";

const PUB = ["settlement-publisher-7b9d-2xk4q", "settlement-publisher-7b9d-h8m3v"];
const MONTHS = ["Jan", "Feb", "Mar"];

export default function m07(seed: number): Scenario {
  const r = rngFor(seed, "m07");
  const t0 = windowStart(seed, "m07");
  const t1 = t0 + 25 * 60_000;
  const tl = new Timeline();
  const logback = (t: number, level: string, service: string, logger: string, message: string, more: Record<string, unknown> = {}) => ({
    "@timestamp": iso(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: `${service === "schema-registry" ? "qtp1234-" : "kafka-producer-network-thread | producer-"}${int(r, 1, 9)}`,
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    service,
    ...more,
  });
  const clf = (t: number) => {
    const d = new Date(t);
    const dd = String(d.getUTCDate()).padStart(2, "0");
    return `${dd}/${MONTHS[d.getUTCMonth()] ?? "Jan"}/${d.getUTCFullYear()}:${iso(t).slice(11, 19)} +0000`;
  };

  // settlement-publisher: every publish fails in the serializer.
  poisson(r, t0, t1, 1.0, (t) => {
    tl.add(
      t,
      logback(
        t,
        "ERROR",
        "settlement-publisher",
        "com.pay.settle.SettlementPublisher",
        `Failed to serialize settlement event: Subject 'payments.settled-value' not found.; error code: 40401`,
        {
          host: pick(r, PUB),
          settlement_id: `stl_${uuid(r).slice(0, 8)}`,
          stack_trace:
            "org.apache.kafka.common.errors.SerializationException: Error retrieving latest version of Avro schema\nCaused by: io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Subject 'payments.settled-value' not found.; error code: 40401\n\tat io.confluent.kafka.schemaregistry.client.rest.RestService.sendHttpRequest(RestService.java:301)",
        },
      ),
      "error",
    );
  });
  poisson(r, t0, t1, 0.2, (t) => {
    tl.add(
      t,
      logback(t, "INFO", "settlement-publisher", "com.pay.settle.BatchBuilder", `prepared settlement batch of ${int(r, 20, 200)} captures`, {
        host: pick(r, PUB),
      }),
    );
  });
  // schema-registry (Jetty request log through logback): the 404s caused, and ordinary lookups by id.
  poisson(r, t0, t1, 0.7, (t) => {
    const miss = r() < 0.72;
    const line = miss
      ? `${ip(r)} - - [${clf(t)}] "GET /subjects/payments.settled-value/versions/latest HTTP/1.1" 404 61 "-" "Java/17.0.10" ${int(r, 1, 4)}`
      : `${ip(r)} - - [${clf(t)}] "GET /schemas/ids/${int(r, 1, 40)} HTTP/1.1" 200 ${int(r, 400, 2400)} "-" "Java/17.0.10" ${int(r, 1, 4)}`;
    tl.add(t, logback(t, "INFO", "schema-registry", "io.confluent.rest-utils.requests", line), miss ? "error" : null);
  });
  // reconciliation (python-json-logger): notices settlements are not arriving.
  every(r, t0, t1, 60_000, (t) => {
    tl.add(
      t,
      {
        asctime: iso(t).slice(0, 23).replace("T", " ").replace(".", ","),
        levelname: "WARNING",
        name: "recon.watch",
        app: "reconciliation",
        message: `no events received from payments.settled in the last 5 minutes; ${int(r, 3000, 9000)} captures unsettled`,
      },
      "pattern",
    );
  });
  poisson(r, t0, t1, 0.15, (t) => {
    tl.add(t, {
      asctime: iso(t).slice(0, 23).replace("T", " ").replace(".", ","),
      levelname: "INFO",
      name: "recon.match",
      app: "reconciliation",
      message: `matched ${int(r, 50, 400)} bank lines to payouts`,
    });
  });
  // payments-api (zap): captures keep succeeding; settlement is asynchronous.
  poisson(r, t0, t1, 0.6, (t) => {
    tl.add(t, {
      level: "info",
      ts: t / 1000,
      logger: "payments-api",
      caller: "capture/handler.go:64",
      msg: "payment captured",
      payment_id: `pay_${uuid(r).slice(0, 12)}`,
      latency_ms: Math.round(around(r, 210, 0.3)),
    });
  });
  return tl.build(
    "m07-schema-subject-not-found",
    "Schema registry lost its subjects: every settlement publish fails with subject not found (404); settlements stop",
  );
}
