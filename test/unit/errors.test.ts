import { ReplyError } from "ioredis";
import { describe, expect, it } from "vitest";
import { ERROR_POLICY, ServiceError, asUnavailable, errorPolicy, serverFaultCause } from "../../src/errors.js";
import { idBefore } from "../../src/stream/consumer.js";

describe("server faults and event faults", () => {
  it.each([
    ["OOM command not allowed when used memory > 'maxmemory'. script: 8dd0, on @user_script:1.", "OOM"],
    ["READONLY You can't write against a read only replica.", "READONLY"],
    ["LOADING Redis is loading the dataset in memory", "LOADING"],
    ["MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.", "MASTERDOWN"],
    ["BUSY Redis is busy running a script.", "BUSY"],
    ["CLUSTERDOWN The cluster is down", "CLUSTERDOWN"],
    ["TRYAGAIN Multiple keys request during rehashing of slot", "TRYAGAIN"],
    ["MISCONF Errors writing to the AOF file", "MISCONF"],
    ["NOREPLICAS Not enough good replicas to write.", "NOREPLICAS"],
    ["Command timed out", "TIMEOUT"],
    ["Connection is closed.", "CONNECTION"],
  ])("%s is the server's fault (%s): waited out, no delivery spent", (message, cause) => {
    const err = new ReplyError(message);
    expect(serverFaultCause(err)).toBe(cause);
    expect(errorPolicy(err).stream).toEqual({ action: "wait" });
    expect(errorPolicy(asUnavailable(err))).toBe(ERROR_POLICY.VALKEY_UNAVAILABLE);
    expect(serverFaultCause(asUnavailable(err))).toBe(cause);
  });

  it.each([
    ["BUSYGROUP Consumer Group name already exists"],
    ["NOGROUP No such key 'x' or consumer group 'g'"],
    ["WRONGTYPE Operation against a key holding the wrong kind of value"],
    ["boom: detector crashed"],
  ])("%s is not: it is retried as a fault of the event", (message) => {
    expect(serverFaultCause(new Error(message))).toBeUndefined();
    expect(errorPolicy(new Error(message)).stream).toEqual({ action: "retry" });
  });

  it("a service error is judged by its code, not by words in its message", () => {
    expect(serverFaultCause(new ServiceError("NOT_FOUND", "no logs at key LOADING:1"))).toBeUndefined();
    expect(serverFaultCause(new ServiceError("VALKEY_UNAVAILABLE", "Valkey is unavailable"))).toBe("UNAVAILABLE");
  });
});

describe("idBefore", () => {
  it("is the stream id just before the given one", () => {
    expect(idBefore("1700000000000-5")).toBe("1700000000000-4");
    expect(idBefore("1700000000000-0")).toBe("1699999999999-18446744073709551615");
    expect(idBefore("0-0")).toBe("0-0");
  });
});
