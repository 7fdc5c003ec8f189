import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * The incident pages' static files (src/http/page/, copied to dist/http/page/ by `npm run build`),
 * read once when the app is built: a fixed list, so no request can name a file of its own.
 */

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** Every file of the page folder that is served, by name. */
export const PAGE_FILES = [
  "incident.html",
  "incidents.html",
  "page.css",
  "icon.svg",
  "api.js",
  "dom.js",
  "chart.js",
  "findings.js",
  "actions.js",
  "incident.js",
  "incidents.js",
] as const;
export type PageFile = (typeof PAGE_FILES)[number];

export interface PageAsset {
  body: Buffer;
  type: string;
  etag: string;
}

export function loadPageAssets(dir: URL = new URL("./page/", import.meta.url)): Map<string, PageAsset> {
  const assets = new Map<string, PageAsset>();
  for (const name of PAGE_FILES) {
    const url = new URL(name, dir);
    let body: Buffer;
    try {
      body = readFileSync(url);
    } catch (err) {
      throw new Error(`incident page file missing: ${url.pathname} (${(err as Error).message}); "npm run build" copies src/http/page to dist/http/page`);
    }
    const type = TYPES[name.slice(name.lastIndexOf("."))]!;
    assets.set(name, { body, type, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` });
  }
  return assets;
}
