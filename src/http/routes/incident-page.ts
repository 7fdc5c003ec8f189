import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { incidentIdSchema } from "../../contract/detect-request.js";
import { parseOrThrow } from "../../contract/validation.js";
import { loadPageAssets, type PageAsset } from "../page-assets.js";
import { z } from "zod";

/**
 * The incident pages: static HTML, CSS and JavaScript modules served by the service itself (no
 * CDN, so they work in a closed network). They hold no data: the page's script fetches it from
 * the JSON routes with the API key, so the pages themselves are open (a browser cannot send a
 * bearer header when it follows a link).
 */

/** Routes open without the API key: they serve only the static page files. */
export const PAGE_ROUTES = new Set(["/incidents", "/incidents/:incident_id", "/ui/:file"]);

/**
 * Scripts only from the service, no inline script or style, no plugins, no framing; data only from
 * the service's own API. Log lines are attacker-controlled text: the page inserts them as text,
 * and this policy stops anything that slipped through from running.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const params = z.object({ incident_id: incidentIdSchema });

function send(req: FastifyRequest, reply: FastifyReply, asset: PageAsset): FastifyReply {
  reply
    .header("content-security-policy", PAGE_CSP)
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer")
    .header("cache-control", "no-cache")
    .header("etag", asset.etag);
  if (req.headers["if-none-match"] === asset.etag) return reply.code(304).send();
  return reply.type(asset.type).send(asset.body);
}

export function registerIncidentPageRoutes(app: FastifyInstance): void {
  const assets = loadPageAssets();
  const page = (name: string): PageAsset => assets.get(name)!;
  app.get("/incidents", async (req, reply) => send(req, reply, page("incidents.html")));
  app.get("/incidents/:incident_id", async (req, reply) => {
    parseOrThrow(params, req.params);
    return send(req, reply, page("incident.html"));
  });
  app.get("/ui/:file", async (req, reply) => {
    const { file } = req.params as { file: string };
    const asset = file.endsWith(".html") ? undefined : assets.get(file);
    if (!asset) return reply.code(404).send({ error: "Not Found", message: `no page file ${file}`, statusCode: 404 });
    return send(req, reply, asset);
  });
}
