import { describe, expect, it } from "vitest";
import { KILL_WINDOW_MS, memoryBeforeKill, saysKilled } from "../../../src/detection/evidence/kills.js";

describe("kills", () => {
  it("reads SIGKILL as runtimes, supervisors and shells report it", () => {
    expect(saysKilled("RequestId: f3435e45 Error: Runtime exited with error: signal: killed")).toBe(true);
    expect(saysKilled("Process 'ForkPoolWorker-3' pid:4182 exited with 'signal 9 (SIGKILL)'")).toBe(true);
    expect(saysKilled("worker 7 exited with code 137")).toBe(true);
    expect(saysKilled("container app exit status 137")).toBe(true);
    expect(saysKilled("child terminated by SIGKILL")).toBe(true);
    expect(saysKilled("worker exited with code 1")).toBe(false);
    expect(saysKilled("killed 3 idle sessions")).toBe(false);
    expect(saysKilled("signal 15 received, shutting down")).toBe(false);
    expect(saysKilled("order 1370 shipped")).toBe(false);
  });

  it("finds the nearest strong memory reading of the same service within the window before a kill", () => {
    const t = [0, 1000, 2000, 3000, 3000 + KILL_WINDOW_MS + 1, 3000 + KILL_WINDOW_MS + 2];
    const serviceOf = [0, 1, 0, 0, 0, 0];
    const memory = [0.9, 0.95, 0.2, 0.1, 0.1, 0];
    const r = { timestampMs: t, serviceOf, memory };
    // Row 3: row 0 (its service, 0.9) is 3 s before; row 1 is another service's.
    expect(memoryBeforeKill(3, r, 0.5)).toBe(0);
    expect(memoryBeforeKill(3, r, 0.95)).toBe(-1);
    // Row 5: every reading of its service is over a minute before.
    expect(memoryBeforeKill(5, r, 0.5)).toBe(-1);
  });
});
