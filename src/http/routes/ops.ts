import type { FastifyInstance } from "fastify";
import { buildOpenApiDocument } from "../openapi.js";
import type { AppDeps } from "../deps.js";

export function registerOpsRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get("/metrics", async (_req, reply) => {
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
  const doc = buildOpenApiDocument(deps.config);
  app.get("/docs/json", async () => doc);
}
