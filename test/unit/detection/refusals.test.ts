import { describe, expect, it } from "vitest";
import { isRefusal, judgesCaller, REFUSAL_MIN_LINES, refusalRises } from "../../../src/detection/evidence/refusals.js";
import { createRandom } from "../../../src/detection/forest/random.js";

/**
 * One service's requests, rows in time order: each refused with a 401 with probability `inside`
 * within [from, to) of the rows and `outside` elsewhere; 3% routine 404s, the rest 200s.
 */
function statuses(n: number, from: number, to: number, inside: number, outside: number, seed = 7): Uint16Array {
  const rng = createRandom(seed);
  return Uint16Array.from({ length: n }, (_, i) => {
    const p = i >= from * n && i < to * n ? inside : outside;
    if (rng.next() < p) return 401;
    return rng.next() < 0.03 ? 404 : 200;
  });
}

const oneService = (n: number): Int32Array => new Int32Array(n);

describe("refusalRises", () => {
  it("finds the stretch where a refusal's share of its service's requests rose, and only its lines there", () => {
    const n = 4000;
    const status = statuses(n, 0.3, 0.7, 0.3, 0.01);
    const r = refusalRises(status, oneService(n), 1)!;
    expect(r.rises).toHaveLength(1);
    const rise = r.rises[0]!;
    expect(rise.status).toBe(401);
    expect(rise.from).toBeCloseTo(0.3, 1);
    expect(rise.to).toBeCloseTo(0.7, 1);
    expect(rise.inside / rise.outside).toBeGreaterThan(10);
    expect(rise.evidence).toBeGreaterThan(0.9);
    for (let i = 0; i < n; i++) {
      const within = i / n >= rise.from && i / n < rise.to;
      expect(r.evidence[i]! > 0).toBe(status[i] === 401 && within);
      expect(r.riseOf[i]).toBe(status[i] === 401 && within ? 0 : -1);
    }
  });

  it("finds a rise from the start of the window to a recovery, and one from a change to the end", () => {
    const n = 4000;
    const early = refusalRises(statuses(n, 0, 0.8, 0.3, 0.01), oneService(n), 1)!.rises[0]!;
    expect(early.from).toBe(0);
    expect(early.to).toBeCloseTo(0.8, 1);
    const late = refusalRises(statuses(n, 0.5, 1, 0.3, 0.01), oneService(n), 1)!.rises[0]!;
    expect(late.from).toBeCloseTo(0.5, 1);
    expect(late.to).toBe(1);
  });

  it("finds nothing where a refusal's share holds, and little where it rises by half", () => {
    const n = 4000;
    expect(refusalRises(statuses(n, 0.3, 0.7, 0.05, 0.05), oneService(n), 1)).toBeUndefined();
    const slight = refusalRises(statuses(n, 0.3, 0.7, 0.075, 0.05), oneService(n), 1);
    expect(Math.max(0, ...(slight?.rises.map((r) => r.evidence) ?? []))).toBeLessThan(0.2);
  });

  it("judges each service against its own requests", () => {
    // Service 1 refuses a third of its requests all window long: steady, not a rise; service 0 rises.
    const n = 6000;
    const a = statuses(n, 0.4, 0.8, 0.3, 0.01, 3);
    const b = statuses(n, 0, 1, 0.33, 0.33, 4);
    const status = Uint16Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a[i]! : b[i]!));
    const groupOf = Int32Array.from({ length: n }, (_, i) => i % 2);
    const r = refusalRises(status, groupOf, 2)!;
    expect(r.rises.map((x) => x.group)).toEqual([0]);
    for (let i = 1; i < n; i += 2) expect(r.evidence[i]).toBe(0);
  });

  it("counts only lines with a status as requests, and needs enough of them", () => {
    // Between the requests, a worker's lines without a status do not dilute the share.
    const n = 8000;
    const requests = statuses(n / 2, 0.3, 0.7, 0.3, 0.01);
    const status = Uint16Array.from({ length: n }, (_, i) => (i % 2 === 0 ? requests[i / 2]! : 0));
    const rise = refusalRises(status, oneService(n), 1)!.rises[0]!;
    expect(rise.inside).toBeGreaterThan(0.25);
    // A handful of refusals in a short window: too few lines for a rate.
    expect(refusalRises(statuses(400, 0.3, 0.7, 0.3, 0.01), oneService(400), 1)).toBeUndefined();
    expect(REFUSAL_MIN_LINES).toBeGreaterThan(10);
    expect(refusalRises(undefined, oneService(10), 1)).toBeUndefined();
  });
});

describe("refusals", () => {
  it("are the 4xx statuses but a timeout's and a client gone", () => {
    expect([400, 401, 403, 404, 422, 429, 451].every(isRefusal)).toBe(true);
    expect([200, 302, 408, 499, 500, 503, 0].some(isRefusal)).toBe(false);
  });

  it("judge their caller at a login or over a limit, and the service elsewhere", () => {
    expect(judgesCaller(401, "/api/v<*>/login")).toBe(true);
    expect(judgesCaller(401, "/oauth/token")).toBe(true);
    expect(judgesCaller(403, "/users/sign-in")).toBe(true);
    expect(judgesCaller(429, "/v<*>/orders")).toBe(true);
    expect(judgesCaller(429, undefined)).toBe(true);
    expect(judgesCaller(401, "/v<*>/orders")).toBe(false);
    expect(judgesCaller(401, "/v<*>/catalogue")).toBe(false);
    expect(judgesCaller(403, undefined)).toBe(false);
  });
});
