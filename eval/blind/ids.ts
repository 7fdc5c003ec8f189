// Realistic identifiers and small vocabularies used in messages.

import type { Rng } from "./random.js";

const POD_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** Kubernetes deployment pod names: orders-7d9f8b6c5-x2x9k */
export function pods(r: Rng, name: string, n: number): string[] {
  const rs = r.alnum(r.int(9, 10), POD_ALPHABET);
  return Array.from({ length: n }, () => `${name}-${rs}-${r.alnum(5, POD_ALPHABET)}`);
}

export function hosts(name: string, n: number, env = "prod"): string[] {
  return Array.from({ length: n }, (_, i) => `${name}-${env}-${i + 1}`);
}

export const sku = (r: Rng): string => `SKU-${r.int(10000, 99999)}`;
export const customer = (r: Rng): number => r.int(10000, 999999);
export const orderId = (r: Rng): string => r.uuid();
export const money = (r: Rng): string => (Math.round(r.logNormal(60, 0.8) * 100) / 100).toFixed(2);
export const warehouse = (r: Rng): string => r.pick(["FRA-1", "FRA-2", "AMS-1", "WAW-1", "MAD-1"]);

export const SEARCH_TERMS = [
  "running shoes",
  "usb-c cable 2m",
  "winter jacket men",
  "coffee grinder",
  "lego technic",
  "yoga mat",
  "iphone 15 case",
  "standing desk",
  "air fryer",
  "wireless earbuds",
  "kids raincoat",
  "espresso cups",
  "hdmi 2.1",
  "garden hose 25m",
  "protein powder vanilla",
];

export function clientIp(r: Rng): string {
  return r.weighted([
    [`${r.int(31, 95)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`, 6],
    [`203.0.113.${r.int(1, 254)}`, 1],
    [`198.51.100.${r.int(1, 254)}`, 1],
  ]);
}

export const maskedEmail = (r: Rng): string =>
  `${r.alnum(1, "abcdefghijklmnopqrstuvwxyz")}***@${r.pick(["gmail.com", "gmx.de", "outlook.com", "yahoo.fr", "web.de"])}`;

export const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:129.0) Gecko/20100101 Firefox/129.0",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36",
  "AcmeShop/5.12.0 (iOS 17.6; iPhone15,2)",
  "AcmeShop/5.11.3 (Android 14; SM-S911B)",
  "okhttp/4.12.0",
];
