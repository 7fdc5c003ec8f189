import { describe, expect, it } from "vitest";
import { crashLoops } from "../../../src/detection/evidence/crash-loops.js";
import { crashLoopSign, restartSign } from "../../../src/detection/features/message-metrics.js";

/** Rows of [service, instance, message, failing]; each message its own template. */
function input(rows: [string, string | undefined, string, boolean][]) {
  const services = [...new Set(rows.map((r) => r[0]))];
  return {
    messages: rows.map((r) => r[2]),
    templateOf: Int32Array.from(rows.keys()),
    loops: (id: number) => crashLoopSign(rows[id]![2]) !== undefined,
    restarts: (id: number) => restartSign(rows[id]![2]) !== undefined,
    signIn: (message: string) => crashLoopSign(message) ?? restartSign(message),
    services,
    groupOf: Int32Array.from(rows.map((r) => services.indexOf(r[0]))),
    instances: rows.map((r) => r[1]),
    failing: (i: number) => rows[i]![3],
  };
}

describe("crashLoopSign", () => {
  it("knows what kubelet, systemd and supervisord say of a process that keeps dying, and not a single exit", () => {
    expect(crashLoopSign("Back-off restarting failed container decoder in pod radar-decoder-2_radar(afa7)")).toBeDefined();
    expect(restartSign("fermentd.service: Scheduled restart job, restart counter is at <*>.")).toBeDefined();
    expect(crashLoopSign("fermentd.service: Scheduled restart job, restart counter is at 7.")).toBeUndefined();
    expect(crashLoopSign("fermentd.service: Start request repeated too quickly.")).toBeDefined();
    expect(crashLoopSign("gave up: worker entered FATAL state, too many start retries too quickly")).toBeDefined();
    expect(crashLoopSign("exited: worker (exit status 1; not expected)")).toBeDefined();
    expect(crashLoopSign("fermentd.service: Main process exited, code=exited, status=1/FAILURE")).toBeUndefined();
    expect(crashLoopSign("exited: worker (exit status 0; expected)")).toBeUndefined();
  });
});

describe("crashLoops", () => {
  it("is undefined when no line says a process is crash-looping", () => {
    expect(crashLoops(input([["api", undefined, "request failed", true]]))).toBeUndefined();
  });

  it("marks the failures of the instance kubelet names, not its healthy peers', nor its lines that name no failure", () => {
    const loops = crashLoops(
      input([
        ["kubelet", undefined, "Back-off restarting failed container decoder in pod radar-decoder-2_radar(afa7)", false],
        ["radar-decoder", "radar-decoder-2", "struct.error: unpack requires a buffer of 8 bytes", true],
        ["radar-decoder", "radar-decoder-2", "radar-decoder 4.2.0 starting, shard 2/4", false],
        ["radar-decoder", "radar-decoder-0", "decode failed for KTLX: truncated volume", true],
      ]),
    )!;
    expect(loops.units).toEqual([{ name: "radar-decoder-2", sign: "Back-off restarting failed container", failures: 1 }]);
    expect(Array.from(loops.unitOf)).toEqual([1, 1, 0, 0]);
  });

  it("marks a service's failures and other programs' failures that name it as a whole name", () => {
    const loops = crashLoops(
      input([
        ["systemd", undefined, "fermentd.service: Scheduled restart job, restart counter is at 7.", false],
        ["fermentd", undefined, "fatal: no serial link to tank controllers, exiting with status 1", true],
        ["systemd", undefined, "fermentd.service: Main process exited, code=exited, status=1/FAILURE", true],
        ["mosquitto", undefined, "Socket error on client fermentd-1, disconnecting.", true],
        ["mosquitto", undefined, "Socket error on client fermentdx, disconnecting.", true],
        ["chillerd", undefined, "chiller loop 2: supply 4.3C", false],
      ]),
    )!;
    expect(loops.units).toEqual([{ name: "fermentd", sign: "restart counter is at 7", failures: 1 }]);
    expect(Array.from(loops.unitOf)).toEqual([1, 1, 1, 1, 0, 0]);
  });

  it("does not call a unit restarted after clean exits a crash loop: systemd counts those restarts too", () => {
    const rows: [string, string | undefined, string, boolean][] = [
      ["systemd", undefined, "sweeper.service: Scheduled restart job, restart counter is at 12.", false],
      ["sweeper", undefined, "swept 40 expired sessions", false],
      ["systemd", undefined, "sweeper.service: Deactivated successfully.", false],
      ["billing", undefined, "invoice run failed: database unavailable", true],
    ];
    expect(crashLoops(input(rows))).toBeUndefined();
    // A failure of the unit makes the same counter a crash loop's.
    rows.push(["sweeper", undefined, "fatal: cannot open session store", true]);
    expect(Array.from(crashLoops(input(rows))!.unitOf)).toEqual([1, 0, 0, 0, 1]);
  });

  /** `cycles` restarts of fermentd, one template per message with its numbers taken out, beside a healthy chiller writing every minute. */
  function looping(cycles: number, extra: [string, string, boolean][] = []) {
    const rows: [string, string, boolean][] = [];
    for (let k = 1; k <= cycles; k++) {
      rows.push(["systemd", "Started fermentd.service - Fermentation tank telemetry gateway.", false]);
      rows.push(["fermentd", `fermentd 2.${k % 3} starting (config /etc/fermentd/fermentd.toml)`, false]);
      rows.push(["fermentd", "fatal: no serial link to tank controllers, exiting with status 1", true]);
      rows.push(["systemd", `fermentd.service: Scheduled restart job, restart counter is at ${k}.`, false]);
      for (let j = 0; j < 3; j++) rows.push(["chillerd", `chiller loop ${j}: supply ${4 + j}.3C`, false]);
    }
    rows.push(...extra);
    const texts = rows.map((r) => r[1].replace(/\d+/g, "#"));
    const ids = [...new Set(texts)];
    const services = [...new Set(rows.map((r) => r[0]))];
    return {
      rows,
      loops: crashLoops({
        messages: rows.map((r) => r[1]),
        templateOf: Int32Array.from(texts.map((t) => ids.indexOf(t))),
        loops: (id: number) => crashLoopSign(ids[id]!) !== undefined,
        restarts: (id: number) => restartSign(ids[id]!.replace("#", "1")) !== undefined,
        signIn: (message: string) => crashLoopSign(message) ?? restartSign(message),
        services,
        groupOf: Int32Array.from(rows.map((r) => services.indexOf(r[0]))),
        instances: undefined,
        failing: (i: number) => rows[i]![2],
      })!,
    };
  }

  it("marks the lines a looping unit writes once at each restart, not its peers' nor its own that come round at another rate", () => {
    const { rows, loops } = looping(8, [["fermentd", "mqtt: reconnect attempt to broker", false]]);
    expect(loops.units).toEqual([{ name: "fermentd", sign: "restart counter is at 1", failures: 8 }]);
    const restartLines = rows.filter((_, i) => loops.restartOf[i]! > 0).map((r) => r[1].replace(/\d+/g, "#"));
    expect(new Set(restartLines)).toEqual(
      new Set(["Started fermentd.service - Fermentation tank telemetry gateway.", "fermentd #.# starting (config /etc/fermentd/fermentd.toml)"]),
    );
    expect(restartLines).toHaveLength(16);
    // A few restarts cannot tell a line written once a restart from a coincidence of counts.
    expect(Array.from(looping(4).loops.restartOf).every((u) => u === 0)).toBe(true);
  });
});
