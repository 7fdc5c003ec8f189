import { describe, expect, it } from "vitest";
import { convertBgl, convertHpc, convertMac, convertProxifier, convertThunderbird } from "../../eval/outside-logs.js";
import { normalizeLog } from "../../src/logs/normalize.js";

/** Every converted entry is a log the service reads, with its time and service. */
function expectReadable(entries: Record<string, unknown>[]): void {
  entries.forEach((e, i) => {
    const r = normalizeLog(e, i);
    expect(r.ok, JSON.stringify(e)).toBe(true);
  });
}

describe("the outside logs' converters", () => {
  it("reads BGL's fine time, component, level and its alert label", () => {
    const text = [
      "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected",
      "KERNDTLB 1118536327 2005.06.11 R30-M0-N9-C:J16-U01 2005-06-11-17.32.07.581048 R30-M0-N9-C:J16-U01 RAS KERNEL FATAL data TLB error interrupt",
    ].join("\r\n");
    const { entries, alerts } = convertBgl(text);
    expect(entries[0]).toEqual({
      timestamp: "2005-06-03T15:42:50.675Z",
      service: "kernel",
      level: "INFO",
      message: "instruction cache parity error corrected",
      host: "R02-M1-N0-C:J12-U11",
    });
    expect(entries[1]).toMatchObject({ level: "FATAL", message: "data TLB error interrupt" });
    expect(alerts).toEqual([false, true]);
    expectReadable(entries);
  });

  it("reads Thunderbird's program without its pid as the service, and its label", () => {
    const text = [
      "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root",
      "VAPI 1131570000 2005.11.09 tbird-admin1 Nov 9 13:00:00 local@tbird-admin1 kernel: [KERNEL_IB][ib_mad_dispatch] bad status",
    ].join("\n");
    const { entries, alerts } = convertThunderbird(text);
    expect(entries[0]).toEqual({ timestamp: "2005-11-09T20:01:01.000Z", service: "crond(pam_unix)", host: "dn228", message: "session closed for user root" });
    expect(entries[1]).toMatchObject({ service: "kernel", message: "[KERNEL_IB][ib_mad_dispatch] bad status" });
    expect(alerts).toEqual([false, true]);
    expectReadable(entries);
  });

  it("reads HPC's component as the service and keeps its state", () => {
    const { entries, alerts } = convertHpc(
      "134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=1973)\n",
    );
    expect(alerts).toBeUndefined();
    expect(entries[0]).toEqual({
      timestamp: "2004-02-26T14:12:22.000Z",
      service: "unix.hw",
      host: "node-246",
      state: "state_change.unavailable",
      message: "Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=1973)",
    });
    expectReadable(entries);
  });

  it("reads Proxifier's program, 64-bit mark included, as a field of one service", () => {
    const { entries } = convertProxifier(
      [
        "[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS",
        "[10.30 16:51:56] svchost.exe *64 - proxy.cse.cuhk.edu.hk:5070 close, 303 bytes sent, 275 bytes received, lifetime <1 sec",
      ].join("\n"),
    );
    expect(entries.map((e) => e.program)).toEqual(["chrome.exe", "svchost.exe *64"]);
    expect(entries[1]).toMatchObject({
      timestamp: "2016-10-30T16:51:56.000Z",
      service: "proxifier",
      message: "proxy.cse.cuhk.edu.hk:5070 close, 303 bytes sent, 275 bytes received, lifetime <1 sec",
    });
    expect(() => convertProxifier("not a proxifier line")).toThrow(/not understood/);
    expectReadable(entries);
  });

  it("reads Mac's process as the service, and keeps a continuation line as a message of the last one's service", () => {
    const { entries } = convertMac(
      [
        "Jul  1 09:01:05 calvisitor-10-105-160-95 com.apple.CDScheduler[43]: Thermal pressure state: 1 Memory pressure state: 0",
        "\tcontinued detail of the line above",
      ].join("\n"),
    );
    expect(entries[0]).toEqual({
      timestamp: "2017-07-01T09:01:05.000Z",
      service: "com.apple.CDScheduler",
      host: "calvisitor-10-105-160-95",
      message: "Thermal pressure state: 1 Memory pressure state: 0",
    });
    expect(entries[1]).toMatchObject({
      timestamp: "2017-07-01T09:01:05.000Z",
      service: "com.apple.CDScheduler",
      message: "\tcontinued detail of the line above",
    });
    expectReadable(entries);
  });
});
