// s02: telecom SMS centre, Go services logging with zap's production encoder
// (level, ts in epoch seconds, caller, msg; durations as float seconds; stacktrace on error level).
// Incident: an MVNO partner's bulk ESME keeps re-binding with a rotated password; gateway B rejects
// the bind every few seconds with the very same error line, the storm starves gateway B's worker
// pool (slow submit_sm, throttling) and the gateway temporarily blocks the source address.
// Healthy medians: submit_sm 12 ms, DLR forward 6 ms, route table refresh 180 ms.
import type { AnomalyType, Scenario } from "./types.js";
import { HOUR, MIN, SEC, Rng, Timeline, epochSeconds, every, hashSeed, healthy, poisson, round, slow, startTime } from "./rng.js";

export function s02TelecomSmppBindStorm(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, "s02-telecom"));
  const tl = new Timeline();
  const start = startTime(rng, Date.UTC(2025, 3, 7, 13, 0));
  const end = start + 2 * HOUR;
  const incStart = start + rng.float(0.3, 0.45) * (end - start);
  const incEnd = Math.min(end, incStart + rng.float(48, 62) * MIN);

  const zap = (t: number, level: string, caller: string, msg: string, fields: Record<string, unknown>): Record<string, unknown> => ({
    level,
    ts: epochSeconds(t),
    caller,
    msg,
    ...fields,
  });
  const gws = ["smsc-gw-a", "smsc-gw-b"] as const;
  const esmes = [
    { system_id: "acme_bulk", session: "esme-acme" },
    { system_id: "notifyhub", session: "esme-nhub" },
    { system_id: "bankotp_01", session: "esme-botp" },
    { system_id: "tel2_bulk", session: "esme-tel2" },
  ] as const;
  const prefixes = ["+4477", "+4478", "+4479", "+35387", "+35385", "+3538"] as const;
  const mid = () => rng.hex(16);
  const inInc = (t: number) => t >= incStart && t < incEnd;

  // submit_sm accepted (sampled 1 in 50 by the gateway's logging config)
  poisson(rng, start, end, 2.6 * SEC, (t) => {
    let esme = rng.pick(esmes);
    if (inInc(t) && esme.system_id === "tel2_bulk") esme = esmes[0];
    const node = esme.system_id === "tel2_bulk" ? "smsc-gw-b" : rng.pick(gws);
    let label: AnomalyType | null = null;
    let lat = healthy(rng, 0.012);
    if (node === "smsc-gw-b" && inInc(t) && rng.chance(0.75)) {
      lat = slow(rng, 0.012, 7, 45);
      label = "performance";
    }
    tl.add(
      t,
      zap(t, "info", "smpp/session.go:214", "submit_sm accepted", {
        service: "smpp-gateway",
        node,
        session: `${esme.session}-${rng.int(1, 3)}`,
        system_id: esme.system_id,
        message_id: mid(),
        dest_prefix: rng.pick(prefixes),
        data_coding: rng.weighted([
          [0, 8],
          [8, 2],
        ] as const),
        segments: rng.weighted([
          [1, 9],
          [2, 1],
        ] as const),
        latency: round(lat, 6),
      }),
      label,
    );
  });
  poisson(rng, start, end, 90 * SEC, (t) => {
    const esme = rng.pick(esmes.slice(0, 3));
    tl.add(
      t,
      zap(t, "warn", "smpp/session.go:241", "submit_sm rejected", {
        service: "smpp-gateway",
        node: rng.pick(gws),
        session: `${esme.session}-1`,
        system_id: esme.system_id,
        command_status: "ESME_RINVDSTADR",
        dest: `+${rng.digits(3)}${rng.digits(6)}`,
      }),
    );
  });
  // enquire_link keep-alives per bound session
  for (const node of gws) {
    for (const esme of esmes) {
      every(rng, start, end, 60 * SEC, 1.5 * SEC, (t) => {
        if (esme.system_id === "tel2_bulk" && node === "smsc-gw-b" && t >= incStart && t < incEnd + MIN) return;
        if (esme.system_id === "tel2_bulk" && node === "smsc-gw-a") return;
        tl.add(
          t,
          zap(t, "info", "smpp/keepalive.go:58", "enquire_link_resp received", {
            service: "smpp-gateway",
            node,
            session: `${esme.session}-1`,
            system_id: esme.system_id,
            rtt: round(healthy(rng, 0.004), 6),
          }),
        );
      });
    }
  }
  // delivery receipts
  poisson(rng, start, end, 3.4 * SEC, (t) => {
    const stat = rng.weighted([
      ["DELIVRD", 90],
      ["UNDELIV", 6],
      ["EXPIRED", 3],
      ["REJECTD", 1],
    ] as const);
    tl.add(
      t,
      zap(t, "info", "dlr/forwarder.go:97", "delivery receipt forwarded", {
        service: "dlr-processor",
        node: "dlr-1",
        message_id: mid(),
        stat,
        err: stat === "DELIVRD" ? "000" : rng.pick(["001", "00B", "0FE"]),
        latency: round(healthy(rng, 0.006), 6),
      }),
    );
  });
  every(rng, start, end, 5 * MIN, 5 * SEC, (t) => {
    tl.add(
      t,
      zap(t, "info", "routing/table.go:132", "route table refreshed", {
        service: "routing-engine",
        node: "route-1",
        routes: rng.int(4180, 4230),
        ported_numbers: rng.int(1_200_000, 1_210_000),
        latency: round(healthy(rng, 0.18), 6),
      }),
    );
  });
  poisson(rng, start, end, 11 * MIN, (t) => {
    tl.add(
      t,
      zap(t, "warn", "routing/hlr.go:77", "HLR lookup returned absent subscriber, using default route", {
        service: "routing-engine",
        node: "route-1",
        msisdn_prefix: rng.pick(prefixes),
        mcc: "234",
        mnc: rng.pick(["10", "15", "20", "30"]),
      }),
    );
  });

  // the incident
  const peerIp = `185.23.${rng.int(10, 200)}.${rng.int(2, 250)}`;
  const stack =
    "github.com/northwave/smsc/smpp.(*Server).handleBind\n\t/src/smpp/server.go:311\ngithub.com/northwave/smsc/smpp.(*Server).serveConn\n\t/src/smpp/server.go:188\ngithub.com/northwave/smsc/smpp.(*Server).Serve.func1\n\t/src/smpp/server.go:142";
  const unboundAt = incStart - rng.float(1, 3) * SEC;
  tl.add(
    unboundAt,
    zap(unboundAt, "info", "smpp/session.go:402", "session unbound by peer", {
      service: "smpp-gateway",
      node: "smsc-gw-b",
      session: "esme-tel2-1",
      system_id: "tel2_bulk",
      remote_addr: `${peerIp}:${rng.int(40000, 60000)}`,
    }),
    "pattern",
  );
  let attempts = 0;
  for (let t = incStart + rng.float(0.5, 2) * SEC; t < incEnd; ) {
    attempts++;
    tl.add(
      t,
      zap(t, "error", "smpp/server.go:311", "bind_transceiver rejected", {
        service: "smpp-gateway",
        node: "smsc-gw-b",
        system_id: "tel2_bulk",
        error: "smpp: ESME_RBINDFAIL (0x0000000D)",
        stacktrace: stack,
      }),
      "error",
    );
    if (attempts % 60 === 0) {
      tl.add(
        t + 5,
        zap(t + 5, "warn", "smpp/guard.go:66", "auth failure threshold exceeded, blocking source address", {
          service: "smpp-gateway",
          node: "smsc-gw-b",
          remote_ip: peerIp,
          failures: 60,
          block_for: 30,
        }),
        "pattern",
      );
      t += 30 * SEC + rng.float(0, 2) * SEC;
      continue;
    }
    t += rng.float(2.2, 4.2) * SEC;
  }
  poisson(rng, incStart + 2 * MIN, incEnd, 40 * SEC, (t) => {
    const esme = rng.pick(esmes.slice(0, 3));
    tl.add(
      t,
      zap(t, "warn", "smpp/window.go:88", "submit_sm throttled", {
        service: "smpp-gateway",
        node: "smsc-gw-b",
        session: `${esme.session}-2`,
        system_id: esme.system_id,
        command_status: "ESME_RTHROTTLED",
        window_in_flight: rng.int(95, 100),
        workers_busy: 64,
      }),
      "performance",
    );
  });
  if (incEnd < end) {
    const boundAt = incEnd + rng.float(20, 50) * SEC;
    tl.add(
      boundAt,
      zap(boundAt, "info", "smpp/session.go:377", "session bound", {
        service: "smpp-gateway",
        node: "smsc-gw-b",
        session: "esme-tel2-1",
        system_id: "tel2_bulk",
        bind_type: "transceiver",
        remote_addr: `${peerIp}:${rng.int(40000, 60000)}`,
      }),
      "pattern",
    );
  }

  return tl.build(
    "telecom-smsc-bind-reject-storm",
    "Telecom SMSC: a partner ESME re-binds with a bad password every few seconds, the identical bind-rejected line repeats hundreds of times and starves gateway B (zap).",
  );
}
