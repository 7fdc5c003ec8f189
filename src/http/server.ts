import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify";
import { ZodError } from "zod";
import { ERROR_POLICY, isServiceError } from "../errors.js";
import { registerAnomalyRoutes } from "./routes/anomalies.js";
import { registerDetectRoutes } from "./routes/detect.js";
import { PROBE_ROUTES } from "./probes.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerFeedbackRoutes } from "./routes/feedback.js";
import { registerIncidentPageRoutes } from "./routes/incident-page.js";
import { registerOpsRoutes } from "./routes/ops.js";
import { registerBaselineRoutes } from "./routes/baselines.js";
import { authHook } from "./auth.js";
import type { AppDeps } from "./deps.js";
import { rateLimitHook } from "./rate-limit.js";
import { describeZodError } from "../contract/validation.js";
import { closeUnusedConnectionsOnClose } from "./unused-connections.js";

/** Builds the sidecar from its dependencies; main.ts listens, tests inject. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    // Fastify's logger type is narrower than pino's; the instance is the same.
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    // Fastify's default (100) would turn a valid 101-200 character incident id into "route not
    // found"; longer ones reach the handler too and get a 400 naming the rule.
    routerOptions: { maxParamLength: 1024 },
    // X-Forwarded-For is read only from peers in TRUSTED_PROXIES, walking from the right while
    // each hop is a trusted proxy: a caller reaching the service directly, or one putting
    // addresses of its own before the proxy's, cannot pick its address (and rate bucket).
    trustProxy: deps.config.TRUSTED_PROXIES.length > 0 ? [...deps.config.TRUSTED_PROXIES] : false,
    // Callers may correlate with their own id; otherwise every request gets a fresh one.
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    // Our own onResponse hook logs requests (skipping /metrics scrapes and probes).
    logController: new LogController({ requestIdLogLabel: "request_id", disableRequestLogging: true }),
  });

  closeUnusedConnectionsOnClose(app);

  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    const labels = { method: req.method, route, status_code: String(reply.statusCode) };
    deps.metrics.httpRequests.inc(labels);
    deps.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    if (route !== "/metrics" && !PROBE_ROUTES.has(route)) {
      req.log.info(
        { method: req.method, url: req.url, status_code: reply.statusCode, duration_ms: Math.round(reply.elapsedTime * 100) / 100 },
        "request completed",
      );
    }
  });

  // Rate limit first, so that guessing the API key is throttled too; both run before the body
  // is read, so an anonymous or throttled caller cannot make the service parse anything.
  const limit = rateLimitHook(deps.config);
  if (limit) app.addHook("onRequest", limit);
  app.addHook("onRequest", authHook(deps.config));

  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });

  app.setErrorHandler((err: FastifyError | Error, req, reply) => {
    if (err instanceof ZodError) {
      const { field, message } = describeZodError(err);
      return reply.status(400).send({ error: "Bad Request", message, field, statusCode: 400 });
    }
    if (isServiceError(err)) {
      const status = ERROR_POLICY[err.code].httpStatus;
      if (status >= 500) req.log.warn({ err: err.message, code: err.code }, "request failed: dependency unavailable");
      // ioredis says only "Command timed out": name the setting and the bound.
      const message = /Command timed out/i.test(err.message)
        ? `Valkey did not answer within ${deps.config.VALKEY_COMMAND_TIMEOUT_MS} ms (VALKEY_COMMAND_TIMEOUT_MS): it is overloaded, paused or unreachable`
        : err.message;
      return reply.status(status).send({ error: STATUS_CODES[status], code: err.code, message, statusCode: status, ...err.details });
    }
    const status = (err as FastifyError).statusCode;
    if ((err as FastifyError).code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      // Fastify says only "Unsupported Media Type: undefined" for a body sent without a type.
      const given = req.headers["content-type"];
      const message = `${req.method} ${req.url.split("?")[0]} takes a JSON body: send it with Content-Type: application/json (${given ? `got ${given}` : "the request had no Content-Type"})`;
      return reply.status(415).send({ error: STATUS_CODES[415], code: (err as FastifyError).code, message, statusCode: 415 });
    }
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.status(status).send({ error: STATUS_CODES[status], code: (err as FastifyError).code, message: err.message, statusCode: status });
    }
    req.log.error({ err }, "unhandled error");
    // Internals stay in the log; the caller learns only that it was our fault.
    return reply.status(500).send({ error: "Internal Server Error", message: "Internal Server Error", statusCode: 500 });
  });

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: "Not Found", message: `route ${req.method} ${req.url.split("?")[0]} not found`, statusCode: 404 });
  });

  registerHealthRoutes(app, deps);
  registerDetectRoutes(app, deps);
  registerAnomalyRoutes(app, deps);
  registerOpsRoutes(app, deps);
  registerIncidentPageRoutes(app);
  registerBaselineRoutes(app, deps);
  if (deps.feedback) registerFeedbackRoutes(app, { ...deps, feedback: deps.feedback });
  return app;
}
