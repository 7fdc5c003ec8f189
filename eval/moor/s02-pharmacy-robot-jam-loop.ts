// s02 pharmacy-robot-jam-loop: a hospital pharmacy's two dispensing robots. A few minutes in, robot
// RX-2's carousel picker jams and its controller loops on the same jam error every few seconds for the
// rest of the window; orders for RX-2 back up, fail or are rerouted to manual fill, and the ward
// terminals' dispense calls start getting 503s. Most of the window's lines are evidence.
//
// Producers: PharmacyRobot.Controller (Serilog CLEF, one per robot), dispense-orchestrator (Spring Boot,
// logstash-logback-encoder JSON), ward-terminal ingress (nginx JSON access log, shipped by Fluent Bit).
// Healthy bands:
//   controller "Pick {PickId} ... completed in {Elapsed:0} ms": median 4200 ms, within [1680, 10500].
//   orchestrator "queued" queue_depth 0-5; "Dispense order ... completed" duration_ms median 4900 ms.
//   nginx POST /api/v1/dispense 202, request_time median 0.035 s; GET /api/v1/orders/:id 200, 0.012 s.
//   Routine noise: controller Warning "Barcode re-read required ..." (~15/h per robot), orchestrator
//   WARN "Ward ... terminal heartbeat late by ..s" (~6/h).
// Evidence: the repeated jam error (error), aborted picks (error), robot state changes (pattern), queue
// depth above 5 (performance), failed orders (error), reroutes to manual fill (pattern), 503s (error).
import { MIN, SEC, Timeline, isoMicro, isoOff, makeRng, poisson, round, startTime, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

export function pharmacyRobotJamLoop(seed: number): Scenario {
  const rng = makeRng(seed * 6151 + 202);
  const tl = new Timeline();
  const t0 = startTime(rng, 6, 20);
  const t1 = t0 + rng.int(50, 60) * MIN;
  const jam = t0 + rng.int(3, 6) * MIN + rng.int(0, 59) * SEC;
  const gtins = Array.from({ length: 30 }, () => `0${rng.digits(13)}`);
  const wards = ["W3A", "W3B", "W4", "ICU-2", "ONC-1", "PAED"];
  const clef = (t: number, robot: string, l: string | null, mt: string, props: Record<string, unknown>) => {
    const o: Record<string, unknown> = { "@t": isoMicro(t), "@mt": mt };
    if (l) o["@l"] = l;
    return {
      ...o,
      ...props,
      Robot: robot,
      SourceContext: "Rowa.Controller.Picking.PickSequencer",
      Application: "PharmacyRobot.Controller",
      MachineName: robot.toLowerCase(),
    };
  };
  const lb = (t: number, level: string, message: string, extra: Record<string, unknown> = {}) => ({
    "@timestamp": isoOff(t),
    "@version": "1",
    message,
    logger_name: "org.stmarys.pharmacy.dispense.DispenseService",
    thread_name: `dispense-exec-${rng.int(1, 8)}`,
    level,
    level_value: level === "INFO" ? 20000 : level === "WARN" ? 30000 : 40000,
    app: "dispense-orchestrator",
    traceId: rng.hex(16),
    ...extra,
  });

  // robots' healthy picks (RX-2 only before the jam)
  for (const robot of ["RX-1", "RX-2"]) {
    for (const t of poisson(rng, t0, robot === "RX-2" ? jam : t1, 26 * SEC)) {
      const pick = rng.int(100000, 999999);
      tl.add(
        t,
        clef(t, robot, null, "Pick {PickId} for order {OrderId} completed in {Elapsed:0} ms", {
          PickId: pick,
          OrderId: `ORD-${rng.digits(7)}`,
          Gtin: rng.pick(gtins),
          Elapsed: round(rng.band(4200, 0.25), 1),
        }),
      );
    }
    for (const t of poisson(rng, t0, t1, 4 * MIN)) {
      tl.add(t, clef(t, robot, "Warning", "Barcode re-read required for vial {Gtin} (attempt {Attempt})", { Gtin: rng.pick(gtins), Attempt: 2 }));
    }
  }
  // the jam loop
  tl.add(jam, clef(jam, "RX-2", "Warning", "Robot {Robot} state changed {From} -> {To}", { From: "Running", To: "Fault" }), "pattern");
  for (const t of ticks(rng, jam + 2 * SEC, t1, 4.6 * SEC, 0.2)) {
    tl.add(t, clef(t, "RX-2", "Error", "Carousel {Carousel} picker jam: vial not detected at gripper sensor {Sensor}", { Carousel: 2, Sensor: "B2" }), "error");
  }
  for (const t of poisson(rng, jam + 20 * SEC, t1, 70 * SEC)) {
    tl.add(
      t,
      clef(t, "RX-2", "Error", "Pick {PickId} for order {OrderId} aborted after {Attempts} attempts", {
        PickId: rng.int(100000, 999999),
        OrderId: `ORD-${rng.digits(7)}`,
        Attempts: 3,
      }),
      "error",
    );
  }
  const maint = jam + rng.int(12, 20) * MIN;
  tl.add(maint, clef(maint, "RX-2", "Warning", "Robot {Robot} state changed {From} -> {To}", { From: "Fault", To: "Maintenance" }), "pattern");
  const reset = maint + rng.int(2, 4) * MIN;
  tl.add(reset, clef(reset, "RX-2", "Warning", "Robot {Robot} state changed {From} -> {To}", { From: "Maintenance", To: "Fault" }), "pattern");

  // orchestrator
  let depth2 = 0;
  for (const t of poisson(rng, t0, t1, 13 * SEC)) {
    const ord = `ORD-${rng.digits(7)}`;
    const robot = rng.chance(0.5) ? "RX-1" : "RX-2";
    const ward = rng.pick(wards);
    if (robot === "RX-2" && t > jam) {
      depth2 = Math.min(depth2 + 1, 80);
      const d = depth2 + rng.int(0, 2);
      tl.add(
        t,
        lb(t, d > 40 ? "WARN" : "INFO", `Dispense order ${ord} queued for ${robot}, queue depth=${d}`, { order_id: ord, robot, ward, queue_depth: d }),
        d > 5 ? "performance" : null,
      );
      if (t > jam + 90 * SEC && rng.chance(0.6)) {
        const tf = t + rng.int(1, 4) * SEC;
        tl.add(
          tf,
          lb(tf, "ERROR", `Dispense order ${ord} failed: robot ${robot} reported JAMMED`, {
            order_id: ord,
            robot,
            ward,
            logger_name: "org.stmarys.pharmacy.dispense.RobotResultHandler",
          }),
          "error",
        );
        const tr = tf + rng.int(200, 900);
        tl.add(
          tr,
          lb(tr, "WARN", `Order ${ord} rerouted to manual fill station MF-1`, {
            order_id: ord,
            ward,
            logger_name: "org.stmarys.pharmacy.dispense.ManualFillRouter",
          }),
          "pattern",
        );
      }
    } else {
      const d = rng.int(0, 4);
      tl.add(t, lb(t, "INFO", `Dispense order ${ord} queued for ${robot}, queue depth=${d}`, { order_id: ord, robot, ward, queue_depth: d }));
      if (robot === "RX-1" || t < jam - 10 * SEC) {
        const dur = round(rng.band(4900, 0.25));
        const tc = t + dur;
        if (tc < t1)
          tl.add(
            tc,
            lb(tc, "INFO", `Dispense order ${ord} completed by ${robot}`, {
              order_id: ord,
              robot,
              ward,
              duration_ms: dur,
              logger_name: "org.stmarys.pharmacy.dispense.RobotResultHandler",
            }),
          );
      }
    }
  }
  for (const t of poisson(rng, t0, t1, 10 * MIN)) {
    const w = rng.pick(wards);
    tl.add(
      t,
      lb(t, "WARN", `Ward ${w} terminal heartbeat late by ${rng.int(31, 58)}s`, { ward: w, logger_name: "org.stmarys.pharmacy.terminal.HeartbeatMonitor" }),
    );
  }

  // nginx ingress for ward terminals
  const pod = `ward-ingress-${rng.hex(10)}-${rng.alnum(5)}`;
  for (const tm of poisson(rng, t0, t1, 11 * SEC)) {
    const t = Math.floor(tm / 1000) * 1000; // time_iso8601 has whole seconds
    const dispense = rng.chance(0.55);
    const failing = dispense && t > jam + 4 * MIN && rng.chance(0.45);
    const uri = dispense ? "/api/v1/dispense" : `/api/v1/orders/ORD-${rng.digits(7)}`;
    const status = dispense ? (failing ? 503 : 202) : 200;
    const rt = dispense ? rng.band(0.035) : rng.band(0.012);
    tl.add(
      t,
      {
        time_iso8601: isoOff(t).replace(/\.\d{3}/, ""),
        remote_addr: `10.12.${rng.int(20, 40)}.${rng.int(2, 250)}`,
        request: `${dispense ? "POST" : "GET"} ${uri} HTTP/1.1`,
        status: String(status),
        body_bytes_sent: String(failing ? 162 : rng.int(180, 900)),
        request_time: String(round(rt, 3)),
        upstream_response_time: String(round(rt * 0.93, 3)),
        http_user_agent: "WardTerminal/5.2 (Windows NT 10.0)",
        request_id: rng.hex(32),
        kubernetes: { pod_name: pod, namespace_name: "pharmacy", container_name: "nginx", labels: { app: "ward-ingress" } },
      },
      failing ? "error" : null,
    );
  }
  return tl.build(
    "pharmacy-robot-jam-loop",
    "dispensing robot RX-2 jams minutes in and loops on the same picker-jam error for the rest of the hour; its orders back up, fail, reroute to manual fill and ward terminals get 503s (mostly anomalous)",
  );
}
