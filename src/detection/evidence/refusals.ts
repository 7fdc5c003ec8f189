/**
 * A service refusing more of its requests: its 401s, 403s or 429s a several times larger share of
 * its requests in one stretch of the window than in the rest. A service refuses some requests
 * every day (an expired token, a client over its quota) at a steady share; a signing key rotated
 * without its new key published, a clock skewed, a rate limit misconfigured multiplies that share
 * from one minute to another, while every refused line reads as the routine ones do: only its
 * status says it. The stretch can be anywhere: from a change to the end, from the start to a
 * recovery, or between the two.
 *
 * Per message template (its service's, templates.ts) and status, the stretch of whole bins
 * (equal numbers of the window's lines) whose share of the service's requests (lines with a
 * status) differs most from the rest's (binomial likelihood ratio), with REFUSAL_MIN_LINES refusals in it, REFUSAL_MIN_OUTSIDE requests of the
 * service outside it to measure the share against, and most of its bins holding the rise. Its
 * evidence is a template's lasting rise's (shifts.ts riseEvidence): twice the share is drift,
 * eight times a change for certain.
 */
import { riseEvidence, SHIFT_NONE, SHIFT_SUSTAINED, splitScore } from "../templates/shifts.js";

/** Bins the window is cut into, and the fewest for a stretch and a rest. */
export const REFUSAL_BINS = 20;
export const REFUSAL_MIN_BINS = 10;
export const REFUSAL_MIN_STRETCH_BINS = 3;
export const REFUSAL_MIN_REST_BINS = 2;
/** Lines a bin holds at least. */
const MIN_BIN_LINES = 50;
/** Refusals in the stretch, and requests of the service outside it. */
export const REFUSAL_MIN_LINES = 30;
export const REFUSAL_MIN_OUTSIDE = 100;
/**
 * Refusals in the rest, for a rate there: one the rest lacks is new in the stretch (novelty and
 * bursts judge that) or stopped in the rest, where the service may have stopped answering at all.
 */
export const REFUSAL_MIN_REST = 3;

/** A refusal: a 4xx, but a timeout's 408 and a client's 499, whose time is the slowness they report. */
export function isRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 499;
}

/**
 * A route where a caller proves who it is (a login, a token endpoint): a 401 there answers a wrong
 * password or a bad client secret.
 */
const LOGIN_ROUTE = /(?:^|[/_.-])(?:log-?in|sign-?in|signin|authenticate|auth|oauth2?|token|sessions?)(?=$|[/_.?\s-])/i;

/**
 * Whether a refusal judges its caller rather than the service: a caller over its limit (429), or
 * one failing to log in. Those rising are unusual traffic (an attack, a broken client, a limit
 * set too low): a pattern. Any other refusal turns away a request the service should have served
 * (a token it issued itself, a route it offers): its failure, an error.
 */
export function judgesCaller(status: number, route: string | undefined): boolean {
  return status === 429 || (route !== undefined && LOGIN_ROUTE.test(route));
}

export interface RefusalRise {
  status: number;
  group: number;
  /** The message template of its lines (-1 without templates). */
  template: number;
  /** The status's share of the service's requests in the stretch and in the rest. */
  inside: number;
  outside: number;
  /** The stretch's bounds, as fractions of the window. */
  from: number;
  to: number;
  evidence: number;
}

export interface RefusalRises {
  /** Per row, the evidence of its refusal's rise (0 for none). */
  evidence: Float64Array;
  /** Per row with evidence, its rise (an index into `rises`), else -1. */
  riseOf: Int32Array;
  rises: RefusalRise[];
}

/**
 * The rises of refusals in a window; undefined when no line reports a status or none rose. Keyed
 * by template, not by service alone: a gateway refusing a skewed clock's tokens ("token not yet
 * valid") rises while its expired tokens' refusals hold, and those are its everyday.
 */
export function refusalRises(httpStatus: Uint16Array | undefined, groupOf: Int32Array, groups: number, templateOf?: Int32Array): RefusalRises | undefined {
  const n = groupOf.length;
  if (!httpStatus) return undefined;
  const bins = Math.min(REFUSAL_BINS, Math.floor(n / MIN_BIN_LINES));
  if (bins < REFUSAL_MIN_BINS) return undefined;
  // The same refusal on every route is one change: routes are not part of the key.
  const keyOf = new Map<number, number>();
  const keys: { group: number; status: number; template: number }[] = [];
  const binOf = (i: number): number => Math.min(bins - 1, Math.floor((i * bins) / n));
  const requestsPerBin = new Int32Array(groups * bins);
  const counts: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const status = httpStatus[i]!;
    if (status === 0) continue;
    const b = binOf(i);
    const g = groupOf[i]!;
    requestsPerBin[g * bins + b]!++;
    if (!isRefusal(status)) continue;
    const template = templateOf ? templateOf[i]! : -1;
    const id = keyId(g, template, status);
    let k = keyOf.get(id);
    if (k === undefined) {
      k = keys.push({ group: g, status, template }) - 1;
      keyOf.set(id, k);
      counts.push(new Int32Array(bins));
    }
    counts[k]![b]!++;
  }
  const rises: RefusalRise[] = [];
  const riseOfKey = new Int32Array(keys.length).fill(-1);
  keys.forEach(({ group, status, template }, k) => {
    const stretch = bestStretch(counts[k]!, requestsPerBin.subarray(group * bins, (group + 1) * bins));
    if (stretch === undefined) return;
    const { inside, outside, evidence } = stretch;
    riseOfKey[k] = rises.push({ status, group, template, inside, outside, evidence, from: stretch.lo / bins, to: stretch.hi / bins }) - 1;
  });
  if (rises.length === 0) return undefined;
  const evidence = new Float64Array(n);
  const riseOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const status = httpStatus[i]!;
    if (!isRefusal(status)) continue;
    const k = riseOfKey[keyOf.get(keyId(groupOf[i]!, templateOf ? templateOf[i]! : -1, status))!]!;
    if (k < 0) continue;
    const rise = rises[k]!;
    const at = i / n;
    if (at < rise.from || at >= rise.to) continue;
    evidence[i] = rise.evidence;
    riseOf[i] = k;
  }
  return { evidence, riseOf, rises };
}

/** A number per template and status, or per service and status without templates (a template is one service's; statuses are below 1000). */
const keyId = (group: number, template: number, status: number): number => (template >= 0 ? template : group) * 1000 + status;

interface Stretch {
  lo: number;
  hi: number;
  inside: number;
  outside: number;
  evidence: number;
  /** Refusals and requests in the rest. */
  restCount: number;
  restRequests: number;
}

/** The stretch [lo, hi) of bins where one refusal's share of its service's requests rose most, if it rose enough. */
function bestStretch(count: Int32Array, requests: Int32Array): Stretch | undefined {
  const bins = count.length;
  let total = 0;
  let totalRequests = 0;
  for (let b = 0; b < bins; b++) {
    total += count[b]!;
    totalRequests += requests[b]!;
  }
  if (total < REFUSAL_MIN_LINES) return undefined;
  let best = 0;
  let found: Stretch | undefined;
  for (let lo = 0; lo < bins; lo++) {
    let c1 = 0;
    let s1 = 0;
    for (let hi = lo + 1; hi <= bins; hi++) {
      c1 += count[hi - 1]!;
      s1 += requests[hi - 1]!;
      if (hi - lo < REFUSAL_MIN_STRETCH_BINS || bins - (hi - lo) < REFUSAL_MIN_REST_BINS || c1 < REFUSAL_MIN_LINES) continue;
      const c2 = total - c1;
      const s2 = totalRequests - s1;
      if (s2 < REFUSAL_MIN_OUTSIDE || c2 < REFUSAL_MIN_REST || c1 / s1 <= c2 / s2) continue;
      const score = splitScore(c1, s1, c2, s2);
      if (score > best) {
        best = score;
        found = { lo, hi, inside: c1 / s1, outside: c2 / s2, evidence: 0, restCount: c2, restRequests: s2 };
      }
    }
  }
  if (!found) return undefined;
  // The rest's share as high as its count allows (one standard deviation, plus one): a share
  // read from a handful of refusals, or from none, is not known to be small.
  const { restCount, restRequests } = found;
  const rest = (restCount + Math.sqrt(restCount) + 1) / restRequests;
  let risen = 0;
  // Most of the stretch's bins hold the rise: one burst inside it is a burst (bursts.ts).
  for (let b = found.lo; b < found.hi; b++) if (requests[b]! > 0 && count[b]! / requests[b]! >= SHIFT_NONE * rest) risen++;
  if (risen < SHIFT_SUSTAINED * (found.hi - found.lo)) return undefined;
  found.evidence = riseEvidence(found.inside / rest);
  return found.evidence > 0 ? found : undefined;
}
