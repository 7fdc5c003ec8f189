// s01: airline operations control, Node services logging with pino (and pino-http).
// Incident: a long-running migration on the shared ops database holds locks on stand_allocation and
// ops_calendar for the whole window, so deadlocks, lock timeouts and slow gate computations are
// scattered across all three hours, the first within the opening minute.
// Healthy medians: gate computation 45 ms, AODB sync 850 ms, roster 30 ms, pairing 40 ms, duty check 110 ms.
import type { AnomalyType, Scenario } from "./types.js";
import { HOUR, MIN, SEC, Rng, Timeline, every, hashSeed, healthy, poisson, round, slow, startTime } from "./rng.js";

export function s01AirlineGateLockContention(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, "s01-airline"));
  const tl = new Timeline();
  const start = startTime(rng, Date.UTC(2025, 1, 3, 4, 40));
  const end = start + 3 * HOUR;

  const carriers = ["EI", "BA", "FR", "LH", "KL", "AF", "SK", "IB", "TP", "AY"] as const;
  const flights: string[] = [];
  for (let i = 0; i < 140; i++) flights.push(`${rng.pick(carriers)}${rng.int(100, 9899)}`);
  const tails: string[] = [];
  for (let i = 0; i < 60; i++)
    tails.push(`EI-${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}`);
  const stands: string[] = [];
  for (const pier of ["A", "B", "C", "D"]) for (let n = 1; n <= 24; n++) stands.push(`${pier}${String(n).padStart(2, "0")}`);
  const handlers = ["Swissport", "Menzies", "Aviapartner", "WFS"] as const;

  const gateHosts = [`gate-allocator-5f7c9d${rng.k8s(4)}-${rng.k8s(5)}`, `gate-allocator-5f7c9d${rng.k8s(4)}-${rng.k8s(5)}`];
  const crewHosts = [`crew-roster-api-7b${rng.k8s(6)}-${rng.k8s(5)}`, `crew-roster-api-7b${rng.k8s(6)}-${rng.k8s(5)}`];
  const turnHost = `turnaround-tracker-6c${rng.k8s(6)}-${rng.k8s(5)}`;
  const pids = new Map<string, number>();
  for (const h of [...gateHosts, ...crewHosts, turnHost]) pids.set(h, rng.int(1, 40));

  const pino = (t: number, level: number, host: string, name: string, fields: Record<string, unknown>, msg: string): Record<string, unknown> => ({
    level,
    time: Math.floor(t),
    pid: pids.get(host) ?? 1,
    hostname: host,
    name,
    ...fields,
    msg,
  });
  const gate = (t: number, level: number, fields: Record<string, unknown>, msg: string, label: AnomalyType | null = null) => {
    const host = rng.pick(gateHosts);
    tl.add(t, pino(t, level, host, "gate-allocator", fields, msg), label);
  };

  const oooi = ["OUT", "OFF", "ON", "IN"] as const;
  poisson(rng, start, end, 9 * SEC, (t) => {
    gate(t, 30, { flight: rng.pick(flights), tail: rng.pick(tails), event: rng.pick(oooi), source: rng.pick(["ARINC", "SITA"]) }, "ACARS OOOI event received");
  });
  poisson(rng, start, end, 30 * SEC, (t) => {
    gate(
      t,
      30,
      { flight: rng.pick(flights), delayMin: rng.int(5, 95), reasonCode: rng.pick(["93", "89", "81", "63", "41", "17"]), source: "AODB" },
      "flight delay updated",
    );
  });
  every(rng, start, end, 60 * SEC, 2 * SEC, (t) => {
    gate(t, 30, { records: rng.int(40, 260), durationMs: Math.round(healthy(rng, 850, 0.3)) }, "AODB sync completed");
  });
  poisson(rng, start, end, 6 * MIN, (t) => {
    const a = rng.pick(flights);
    gate(t, 40, { stand: rng.pick(stands), flights: [a, rng.pick(flights)], moved: a }, "stand conflict resolved by reshuffle");
  });

  // Incident occurrences are scattered over the whole window; the first one inside the opening minute.
  const firstAt = start + rng.float(4 * SEC, 50 * SEC);
  let forcedFirst = false;
  const gateCompute = (t: number, forceSlow: boolean) => {
    const flight = rng.pick(flights);
    const stand = rng.pick(stands);
    const slowOne = forceSlow || rng.chance(0.11);
    const d = slowOne ? slow(rng, 45, 8, 60) : healthy(rng, 45);
    gate(t, 30, { flight, stand, candidates: rng.int(3, 18), durationMs: Math.round(d) }, "gate assignment computed", slowOne ? "performance" : null);
  };
  poisson(rng, start, end, 12 * SEC, (t) => {
    if (!forcedFirst && t > firstAt) {
      forcedFirst = true;
      gateCompute(firstAt, true);
    }
    gateCompute(t, false);
  });
  const pgStack = (msg: string) =>
    `error: ${msg}\n    at Parser.parseErrorMessage (/app/node_modules/pg-protocol/dist/parser.js:287:98)\n    at Parser.handlePacket (/app/node_modules/pg-protocol/dist/parser.js:126:29)\n    at Parser.parse (/app/node_modules/pg-protocol/dist/parser.js:39:38)\n    at Socket.<anonymous> (/app/node_modules/pg-protocol/dist/index.js:11:42)\n    at StandRepository.persist (/app/dist/repo/stand-repository.js:88:23)`;
  poisson(rng, start + 20 * SEC, end, 3.5 * MIN, (t) => {
    const flight = rng.pick(flights);
    if (rng.chance(0.7)) {
      gate(
        t,
        50,
        { flight, stand: rng.pick(stands), err: { type: "DatabaseError", message: "deadlock detected", stack: pgStack("deadlock detected"), code: "40P01" } },
        "failed to persist gate assignment",
        "error",
      );
    } else {
      const m = "canceling statement due to lock timeout";
      gate(
        t,
        50,
        { flight, stand: rng.pick(stands), err: { type: "DatabaseError", message: m, stack: pgStack(m), code: "55P03" } },
        "failed to persist gate assignment",
        "performance",
      );
    }
  });

  // crew-roster-api (pino-http)
  let reqId = rng.int(1000, 90000);
  const crewIds: string[] = [];
  for (let i = 0; i < 300; i++) crewIds.push(`C${rng.digits(5)}`);
  poisson(rng, start, end, 6 * SEC, (t) => {
    const host = rng.pick(crewHosts);
    const route = rng.weighted([
      ["roster", 5],
      ["pairing", 3],
      ["duty", 3],
    ] as const);
    let method = "GET";
    let url: string;
    let median: number;
    if (route === "roster") {
      url = `/v2/rosters/${rng.pick(crewIds)}?date=2025-02-${String(rng.int(1, 28)).padStart(2, "0")}`;
      median = 30;
    } else if (route === "pairing") {
      url = `/v2/pairings/P${rng.digits(6)}`;
      median = 40;
    } else {
      method = "POST";
      url = "/v2/duty-limits/check";
      median = 110;
    }
    let status = route !== "duty" && rng.chance(0.03) ? 404 : 200;
    let label: AnomalyType | null = null;
    let rt = healthy(rng, median);
    let err: Record<string, unknown> | undefined;
    if (route === "duty" && rng.chance(0.13)) {
      if (rng.chance(0.75)) {
        rt = slow(rng, median, 7, 45);
        label = "performance";
      } else {
        status = 500;
        rt = healthy(rng, median);
        label = "error";
        err = {
          type: "QueryFailedError",
          message: 'could not obtain lock on relation "ops_calendar"',
          stack: `QueryFailedError: could not obtain lock on relation "ops_calendar"\n    at PostgresQueryRunner.query (/app/node_modules/typeorm/driver/postgres/PostgresQueryRunner.js:299:19)\n    at async DutyLimitService.check (/app/dist/duty/duty-limit.service.js:54:21)`,
        };
      }
    }
    const fields: Record<string, unknown> = {
      req: { id: reqId++, method, url, remoteAddress: `::ffff:${rng.ip("10.44")}`, remotePort: rng.int(32768, 60999) },
      res: { statusCode: status },
    };
    if (err) fields.err = err;
    fields.responseTime = Math.round(rt);
    tl.add(t, pino(t, status >= 500 ? 50 : 30, host, "crew-roster-api", fields, status >= 500 ? "request errored" : "request completed"), label);
  });

  // turnaround-tracker
  const milestones = ["CHOCKS_ON", "DOORS_OPEN", "FUEL_START", "FUEL_END", "CATERING_DONE", "BOARDING_START", "DOORS_CLOSED", "PUSHBACK"] as const;
  poisson(rng, start, end, 25 * SEC, (t) => {
    tl.add(
      t,
      pino(
        t,
        30,
        turnHost,
        "turnaround-tracker",
        { flight: rng.pick(flights), stand: rng.pick(stands), milestone: rng.pick(milestones), handler: rng.pick(handlers) },
        "turnaround milestone",
      ),
    );
  });
  poisson(rng, start, end, 8 * MIN, (t) => {
    tl.add(
      t,
      pino(
        t,
        40,
        turnHost,
        "turnaround-tracker",
        { flight: rng.pick(flights), milestone: rng.pick(milestones), lateBySec: rng.int(120, 900), handler: rng.pick(handlers) },
        "milestone reported late by ground handler",
      ),
    );
  });
  every(rng, start, end, 15 * MIN, 20 * SEC, (t) => {
    tl.add(
      t,
      pino(
        t,
        30,
        turnHost,
        "turnaround-tracker",
        { activeTurnarounds: rng.int(18, 44), heapUsedMB: round(rng.float(90, 140), 1), heapTotalMB: round(rng.float(180, 200), 1) },
        "tracker stats",
      ),
    );
  });

  return tl.build(
    "airline-gate-allocation-lock-contention",
    "Airline ops: a migration holding locks on the shared ops DB causes deadlocks, lock timeouts and slow gate/duty checks scattered over the whole window from the first minute (pino).",
  );
}
