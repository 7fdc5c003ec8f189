import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { learnRequestSchema, type LearnResponse } from "../../contract/baselines.js";
import { parseOrThrow } from "../../contract/validation.js";
import { asUnavailable, ServiceError } from "../../errors.js";
import { primeFromLogs } from "../../memory/prime.js";
import type { MemoryStore } from "../../memory/store.js";
import { baselineView } from "../../memory/view.js";
import type { AppDeps } from "../deps.js";

const params = z.object({ service: z.string().max(512) });

/** The memory across incidents (docs/memory.md): prime it from known-good logs, inspect a service. */
export function registerBaselineRoutes(app: FastifyInstance, deps: AppDeps): void {
  const memoryOf = (): MemoryStore => {
    if (!deps.memory) throw new ServiceError("CONFLICT", "the memory across incidents is off (MEMORY=off): set MEMORY=on to learn and inspect baselines");
    return deps.memory;
  };

  app.post("/baselines/learn", async (req): Promise<LearnResponse> => {
    const body = parseOrThrow(learnRequestSchema, req.body ?? undefined);
    const memory = memoryOf();
    if (!deps.source) throw new ServiceError("CONFLICT", "this service has no log source to learn from");
    const request = {
      incident_id: body.incident_id,
      time_window_hours: body.time_window_hours ?? deps.config.DEFAULT_TIME_WINDOW_HOURS,
      confidence_threshold: 1,
    };
    const read = await deps.source.read(request);
    if (read.logs.length === 0) throw new ServiceError("NOT_FOUND", `no readable logs found at key ${read.key}`, { key: read.key });
    let services: LearnResponse["services"];
    try {
      services = await primeFromLogs(memory, body.incident_id, read.logs);
    } catch (err) {
      throw asUnavailable(err, deps.valkey);
    }
    req.log.info({ incident_id: body.incident_id, services: services.length, processed_logs: read.logs.length }, "baselines learnt");
    return { incident_id: body.incident_id, processed_logs: read.logs.length, skipped_logs: read.skipped, services };
  });

  app.get("/baselines/:service", async (req) => {
    const { service } = parseOrThrow(params, req.params);
    const memory = memoryOf();
    let history: Awaited<ReturnType<MemoryStore["read"]>>;
    try {
      history = await memory.read(service);
    } catch (err) {
      throw asUnavailable(err, deps.valkey);
    }
    if (!history)
      throw new ServiceError("NOT_FOUND", `no memory of service ${service}: no incident of it was learnt (or it expired)`, {
        key: deps.keys.memoryBaseline(service),
      });
    return baselineView(history, memory.routineIncidents);
  });
}
