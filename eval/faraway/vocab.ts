// Shared vocabulary: user agents, ids, names, stack traces.

import type { Rng } from "./rng.js";

export const BROWSER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.6613.127 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36 Edg/127.0.2651.98",
];

export const BOT_AGENTS = [
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
  "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
];

export const FIRST_NAMES = [
  "amelia",
  "noah",
  "oliver",
  "mia",
  "lucas",
  "sofia",
  "liam",
  "emma",
  "aarav",
  "yuki",
  "mateo",
  "chloe",
  "ivan",
  "fatima",
  "jonas",
  "lea",
];

export function sku(rng: Rng): string {
  return `${rng.pick(["SKU", "SKU", "BND"])}-${rng.int(10000, 99999)}`;
}

export function shortId(rng: Rng, prefix: string, n = 14): string {
  return `${prefix}_${rng.alnum(n, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789")}`;
}

export function traceId(rng: Rng): string {
  return rng.hex(32);
}

export function spanId(rng: Rng): string {
  return rng.hex(16);
}

export function podName(rng: Rng, deployment: string): string {
  return `${deployment}-${rng.alnum(9 + rng.int(0, 1), "bcdfghjklmnpqrstvwxz2456789")}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`;
}

export function javaStack(exception: string, frames: readonly string[], cause?: string): string {
  let s = `${exception}\n${frames.map((f) => `\tat ${f}`).join("\n")}`;
  if (cause) s += `\nCaused by: ${cause}\n\t... ${frames.length - 2} common frames omitted`;
  return s;
}

export function pythonTraceback(frames: readonly (readonly [string, number, string, string])[], last: string): string {
  let s = "Traceback (most recent call last):\n";
  for (const [file, line, fn, code] of frames) s += `  File "${file}", line ${line}, in ${fn}\n    ${code}\n`;
  return s + last;
}

export function nodeStack(first: string, frames: readonly string[]): string {
  return `${first}\n${frames.map((f) => `    at ${f}`).join("\n")}`;
}
