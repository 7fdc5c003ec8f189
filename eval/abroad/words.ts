// Small vocabularies for ids and values that real logs carry.

import type { Rng } from "./prng.js";

const FIRST = [
  "anna",
  "li.wei",
  "marco",
  "fatima",
  "john",
  "sofia",
  "kenji",
  "olga",
  "pedro",
  "amara",
  "noah",
  "ines",
  "raj",
  "lena",
  "tomas",
  "yuki",
  "omar",
  "chloe",
];
const DOMAINS = ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "proton.me", "web.de", "example.org"];
const QUERIES = [
  "running shoes",
  "usb c cable",
  "winter jacket",
  "coffee grinder",
  "kids lego",
  "4k monitor",
  "yoga mat",
  "iphone case",
  "desk lamp",
  "air fryer",
  "hiking boots",
  "wireless earbuds",
  "standing desk",
  "water bottle",
];
const CARRIERS = ["ups", "dhl", "fedex", "usps", "royalmail", "dpd"];
const CURRENCIES = ["USD", "EUR", "GBP", "USD", "USD", "CAD", "AUD"];
const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  "okhttp/4.12.0",
  "ShopApp/5.12.1 (iOS 17.4; iPhone15,2)",
  "ShopApp/5.12.0 (Android 14; SM-S918B)",
];

export const email = (r: Rng): string => `${r.pick(FIRST)}${r.chance(0.5) ? r.int(1, 99) : ""}@${r.pick(DOMAINS)}`;
export const query = (r: Rng): string => r.pick(QUERIES);
export const carrier = (r: Rng): string => r.pick(CARRIERS);
export const currency = (r: Rng): string => r.pick(CURRENCIES);
export const agent = (r: Rng): string => r.pick(AGENTS);
export const sku = (r: Rng): string => `SKU-${r.int(10000, 99999)}`;
export const orderId = (r: Rng): string => `ord_${r.alnum(14)}`;
export const chargeId = (r: Rng): string => `ch_${r.alnum(3).toUpperCase()}${r.alnum(21)}`;
export const userId = (r: Rng): number => r.int(100000, 9999999);
export const amount = (r: Rng): string => (r.lognormal(45, 0.9) + 1).toFixed(2);
export const traceId = (r: Rng): string => r.hex(32);
export const spanId = (r: Rng): string => r.hex(16);
export const reqId = (r: Rng): string => `req-${r.alnum(10)}`;
export const podName = (svc: string, r: Rng): string => `${svc}-${r.int(5, 7)}${r.hex(9)}-${r.alnum(5)}`;

/** Go's time.Duration String(), as zap writes a duration. */
export function goDuration(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(3)}µs`;
  if (ms < 1000) return `${ms.toFixed(6).replace(/0+$/, "").replace(/\.$/, "")}ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(6).replace(/0+$/, "").replace(/\.$/, "")}s`;
  const m = Math.floor(ms / 60000);
  return `${m}m${((ms - m * 60000) / 1000).toFixed(3).replace(/0+$/, "").replace(/\.$/, "")}s`;
}
