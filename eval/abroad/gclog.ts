// A JVM's unified GC log (-Xlog:gc*) as a log agent ships it: young pauses every few seconds,
// concurrent cycles now and then; a leaking heap shows in the occupancy after each pause.

import type { AnomalyType, Ev, Level } from "../blind/types.js";
import { type Rng, round } from "./prng.js";

export interface Jvm {
  svc: string;
  inst: string;
  maxMb: number;
  gc: number; // GC id counter
}

export function gcEv(j: Jvm, t: number, msg: string, label: AnomalyType | null, tag = "gc", level: Level = "INFO"): Ev {
  return { t, svc: j.svc, level, msg, label, prod: "gclog", inst: j.inst, logger: tag };
}

/** A young pause: heap before -> after (max) in ms. */
export function youngPause(r: Rng, j: Jvm, t: number, afterMb: number, label: AnomalyType | null, cause = "G1 Evacuation Pause"): Ev[] {
  const before = Math.min(j.maxMb - 4, Math.round(afterMb + r.float(0.25, 0.45) * j.maxMb));
  const ms = round(r.lognormal(12, 0.45) * (1 + afterMb / j.maxMb), 3);
  const id = j.gc++;
  const kind = r.chance(0.08) ? "Concurrent Start" : r.chance(0.1) ? "Prepare Mixed" : "Normal";
  const out = [gcEv(j, t, `GC(${id}) Pause Young (${kind}) (${cause}) ${before}M->${Math.round(afterMb)}M(${j.maxMb}M) ${ms.toFixed(3)}ms`, label)];
  if (kind === "Concurrent Start") {
    out.push(gcEv(j, t + r.int(2, 10), `GC(${id + 1}) Concurrent Mark Cycle`, label, "gc,marking"));
    out.push(
      gcEv(
        j,
        t + r.int(150, 600),
        `GC(${id + 1}) Pause Remark ${Math.round(afterMb + 60)}M->${Math.round(afterMb + 20)}M(${j.maxMb}M) ${r.float(3, 12).toFixed(3)}ms`,
        label,
      ),
    );
    out.push(
      gcEv(
        j,
        t + r.int(601, 900),
        `GC(${id + 1}) Pause Cleanup ${Math.round(afterMb + 20)}M->${Math.round(afterMb + 20)}M(${j.maxMb}M) ${r.float(0.2, 1.5).toFixed(3)}ms`,
        label,
      ),
    );
    out.push(gcEv(j, t + r.int(901, 1400), `GC(${id + 1}) Concurrent Mark Cycle ${r.float(150, 700).toFixed(3)}ms`, label, "gc,marking"));
    j.gc++;
  }
  return out;
}

/** JVM start-up lines in the GC log. */
export function jvmStart(r: Rng, j: Jvm, t: number, label: AnomalyType | null): Ev[] {
  j.gc = 0;
  return [
    gcEv(j, t, "Version: 21.0.3+9-LTS (release)", label, "gc,init"),
    gcEv(j, t + 1, "Using G1", label, "gc"),
    gcEv(j, t + 2, `Heap Max Capacity: ${j.maxMb / 1024}G`, label, "gc,init"),
    gcEv(j, t + 3, `Heap Initial Capacity: ${j.maxMb / 1024}G`, label, "gc,init"),
    gcEv(j, t + 4, `Periodic GC: Disabled`, label, "gc,init"),
    gcEv(j, t + r.int(5, 40), `Heap Region Size: ${r.pick([2, 4])}M`, label, "gc,init"),
  ];
}
