// Identities and request traffic: pods, addresses, user agents, and the request mix of a service.

import type { Rng } from "./prng.js";
import type { Label } from "./timeline.js";

export function podName(rng: Rng, deployment: string, replicaSetHash?: string): string {
  return `${deployment}-${replicaSetHash ?? rng.kube(10)}-${rng.kube(5)}`;
}

const PUBLIC_FIRST = [31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 84, 86, 87, 88, 89, 90, 91, 92, 94, 95, 109, 151, 176, 178, 185, 188, 193, 195, 212, 213, 217];

export function publicIp(rng: Rng): string {
  return `${rng.pick(PUBLIC_FIRST)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export function podIp(rng: Rng): string {
  return `10.244.${rng.int(0, 15)}.${rng.int(2, 254)}`;
}

export function vpcIp(rng: Rng, third?: number): string {
  return `10.0.${third ?? rng.int(1, 12)}.${rng.int(4, 250)}`;
}

export function ipPool(rng: Rng, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(publicIp(rng));
  return out;
}

export const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.86 Mobile Safari/537.36",
  "AcmeShop/5.14.2 (iPhone; iOS 18.1; Scale/3.00)",
  "AcmeShop/5.14.1 (Android 14; SM-S918B)",
  "okhttp/4.12.0",
  "python-requests/2.32.3",
];

export const INTERNAL_UAS = ["Go-http-client/1.1", "okhttp/4.12.0", "node-fetch/1.0", "python-httpx/0.27.2", "Apache-HttpClient/5.3.1 (Java/21.0.5)"];

export interface Route {
  method: string;
  route: string;
  path: (rng: Rng) => string;
  weight: number;
  /** median duration, ms */
  med: number;
  /** log-normal spread */
  sigma: number;
  /** status mix besides 200, as [status, weight]; 200 gets the rest */
  statuses?: readonly (readonly [number, number])[];
  bytes?: number;
}

export interface Req {
  t: number;
  method: string;
  route: string;
  path: string;
  status: number;
  ms: number;
  inst: string;
  ip: string;
  ua: string;
  id: string;
  bytes: number;
  /** the duration above which a request on this route is far out of its normal range */
  slowAt: number;
  label: Label;
  /** set when an incident changed this request */
  hit: boolean;
}

export interface TrafficOpts {
  start: number;
  end: number;
  count: number;
  routes: readonly Route[];
  insts: readonly string[];
  ips: readonly string[];
  uas?: readonly string[];
}

/** A service's requests over [start, end): route mix, durations, statuses, instances. */
export function traffic(rng: Rng, o: TrafficOpts): Req[] {
  const weights = o.routes.map((r) => [r, r.weight] as const);
  return rng.times(o.start, o.end, o.count).map((t) => {
    const r = rng.weighted(weights);
    let status = 200;
    if (r.statuses !== undefined) {
      let x = rng.next();
      for (const [s, w] of r.statuses) {
        x -= w;
        if (x < 0) {
          status = s;
          break;
        }
      }
    }
    const ms = Math.max(0.4, rng.logNormal(r.med, r.sigma));
    return {
      t,
      method: r.method,
      route: r.route,
      path: r.path(rng),
      status,
      ms: status >= 400 && status < 500 ? ms * 0.4 : ms,
      inst: rng.pick(o.insts),
      ip: rng.pick(o.ips),
      ua: rng.pick(o.uas ?? USER_AGENTS),
      id: rng.uuid(),
      bytes: status === 204 ? 0 : Math.round(rng.logNormal(r.bytes ?? 1800, 0.5)),
      slowAt: r.med * Math.exp(3.2 * r.sigma),
      label: null,
      hit: false,
    };
  });
}

export const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  499: "Client Closed Request",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

const FIRST = [
  "emma",
  "liam",
  "olivia",
  "noah",
  "ava",
  "lucas",
  "mia",
  "leo",
  "sofia",
  "jack",
  "ella",
  "omar",
  "zoe",
  "ben",
  "chloe",
  "ivan",
  "nina",
  "raj",
  "yuki",
  "marta",
];
const LAST = [
  "smith",
  "jones",
  "garcia",
  "muller",
  "rossi",
  "nguyen",
  "kowalski",
  "silva",
  "brown",
  "khan",
  "ivanova",
  "tanaka",
  "dubois",
  "larsen",
  "obrien",
  "patel",
];
const DOMAINS = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "web.de", "gmx.net", "mail.ru", "aol.com", "proton.me"];

export function email(rng: Rng): string {
  const sep = rng.pick([".", "_", ""]);
  const num = rng.chance(0.5) ? String(rng.int(1, 1999)) : "";
  return `${rng.pick(FIRST)}${sep}${rng.pick(LAST)}${num}@${rng.pick(DOMAINS)}`;
}

export function digits(rng: Rng, n: number): string {
  let s = String(rng.int(1, 9));
  for (let i = 1; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

/** Far out of its route's normal range and slow in absolute terms (what on-call would call slow). */
export function isSlow(q: Req): boolean {
  return q.ms > Math.max(q.slowAt, 250);
}
