import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { valkeyExplicit } from "../../config.js";
import type { DetectResponse } from "../../contract/detect-response.js";
import { boundedAnswer } from "../../contract/result-event.js";
import { describeEndpoint, resolveEndpoint, type Valkey } from "../../valkey/client.js";
import { buildKeys } from "../../valkey/keys.js";
import { findServerBinary, startLocalServer, type LocalServer } from "../../valkey/local-server.js";
import { VALKEY_OPTIONS, intFlag, parseCommandArgs, stringFlag } from "../args.js";
import { cliConfig, close, connect } from "../connect.js";
import { demoIncidentLogs, PLANTED } from "../demo-incident.js";
import type { InProcessService } from "../in-process-service.js";
import { CliError, EXIT, outputWidth, usageError, type CliIo, type ExitCode } from "../io.js";
import { plural, renderResultEntry } from "../render.js";
import { aliveWithin, lastEntryId, liveConsumers, noResultHint, waitForOutcome } from "../results.js";
import type { Command } from "./command.js";

const USAGE = `Usage: anomaly-detect demo [options]        (npm run demo)

One incident through the whole service, in a few seconds, against the server "npm start" uses
(the same VALKEY_* settings): generates an incident of 150 logs with four planted problems,
stores it, publishes its incident-created event, waits for the result on the result stream,
prints it, then asks POST /detect-anomalies for the same incident and checks both agree.

It uses the running service when one is there (a consumer of CONSUMER_GROUP has a fresh
heartbeat key and GET /health answers at --api-url). Otherwise it starts the
service inside the demo's process for the run (its own consumer group, removed at the end)
and says so. With nothing answering at the default Valkey address in development, it starts
a throwaway valkey-server/redis-server, as npm start does. The demo's logs key expires after
an hour.

Options:
  --api-url URL      the running service's HTTP address (default http://127.0.0.1:PORT)
  --in-process       always run the service inside the demo, even when one is running
  --timeout SECONDS  how long to wait for the result (default 20)
  --width N          table width (default: the terminal's, else 120)
  --url URL          Valkey URL (default: VALKEY_URL, else VALKEY_HOST:VALKEY_PORT)
  -h, --help         show this help
`;

const OPTIONS = {
  ...VALKEY_OPTIONS,
  "api-url": { type: "string" },
  "in-process": { type: "boolean" },
  timeout: { type: "string" },
  width: { type: "string" },
} as const;

const LOGS_TTL_SECONDS = 3600;

async function probeHealth(apiUrl: string): Promise<{ status?: string } | undefined> {
  try {
    const res = await fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(1500) });
    const body = (await res.json()) as { status?: string; valkey?: unknown };
    return body && typeof body === "object" && "valkey" in body ? body : undefined;
  } catch {
    return undefined;
  }
}

/** The answer without what differs between two runs on the same logs. */
function stable(r: Record<string, unknown>): Record<string, unknown> {
  const { analysis_timestamp: _a, duration_ms: _d, ...rest } = r;
  return rest;
}

async function run(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("demo", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.OK;
  }
  if (positionals.length > 0) throw usageError(`demo takes no arguments, got "${positionals.join(" ")}"`);
  const urlFlag = stringFlag(values, "url");
  let config = cliConfig(io, urlFlag);
  const timeoutS = intFlag(values, "timeout", 1, 600) ?? 20;
  const width = outputWidth(io.stdout, intFlag(values, "width", 40, 1000));
  const apiFlag = stringFlag(values, "api-url");
  if (apiFlag !== undefined && !/^https?:\/\/[^/]+/.test(apiFlag)) throw usageError(`--api-url: expected http://host:port, got "${apiFlag}"`);
  const t0 = performance.now();
  const say = (text: string) => io.stdout.write(`${text}\n`);
  const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(2)} s`;

  let local: LocalServer | undefined;
  let valkey: Valkey | undefined;
  let blocking: Valkey | undefined;
  let service: InProcessService | undefined;
  try {
    say(`anomaly-detect demo: Valkey ${describeEndpoint(resolveEndpoint(config))}`);
    try {
      valkey = await connect(config);
    } catch (err) {
      // The same fallback as npm start: development, nothing configured, nothing answering.
      const autostart = config.VALKEY_AUTOSTART ?? (config.ENVIRONMENT === "development" && !urlFlag && !valkeyExplicit(io.env));
      const binary = autostart ? findServerBinary() : undefined;
      if (!binary) throw err;
      local = await startLocalServer({ binary });
      config = { ...config, VALKEY_URL: undefined, VALKEY_HOST: local.host, VALKEY_PORT: local.port };
      valkey = await connect(config);
      say(`   nothing answers there: started a throwaway ${binary} on ${local.host}:${local.port} for this demo (stopped at the end, keeps no data)`);
    }
    const keys = buildKeys(config);

    // 1. Who will process the event?
    const apiDefault = `http://127.0.0.1:${config.PORT}`;
    let apiUrl = apiFlag ?? apiDefault;
    const alive = local ? [] : await liveConsumers(valkey, keys, config.CONSUMER_GROUP, config.CONSUMER_BLOCK_MS);
    const health = values["in-process"] || local ? undefined : await probeHealth(apiUrl);
    if (!values["in-process"] && alive.length > 0 && health) {
      say(
        `1. Service: consumer ${alive.map((c) => c.name).join(", ")} of group ${config.CONSUMER_GROUP} is reading ${keys.incidentStream}; the API at ${apiUrl} is ${health.status}.`,
      );
    } else {
      const why = values["in-process"]
        ? "--in-process given"
        : local
          ? "a throwaway server has no service"
          : [
              alive.length === 0
                ? `no live consumer of group ${config.CONSUMER_GROUP} on ${keys.incidentStream} (none has a fresh heartbeat or read in the last ${aliveWithin(config.CONSUMER_BLOCK_MS) / 1000} s)`
                : "",
              health ? "" : `nothing answers at ${apiUrl}/health`,
            ]
              .filter(Boolean)
              .join(" and ");
      // Fastify and LangGraph load only when the demo needs its own service.
      const { startInProcessService } = await import("../in-process-service.js");
      service = await startInProcessService(config);
      apiUrl = service.apiUrl;
      say(
        `1. Service: ${why}, so the demo started the service in its own process: consumer ${service.consumerName} (group ${service.group}, removed at the end), API on ${apiUrl}.`,
      );
      if (!values["in-process"] && !local)
        say(`   To watch your own service do it, start it with "npm start" in another terminal and run "npm run demo" again.`);
    }

    // 2-3. An incident, stored as the service reads it.
    const incidentId = `demo-${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}-${randomBytes(2).toString("hex")}`;
    const logs = demoIncidentLogs(Date.now());
    say(
      `2. Generated incident ${incidentId}: ${logs.length} logs of user-, order- and payment-service over the last ${((logs.length - 1) / 60).toFixed(1)} h, with ${PLANTED.length} planted problems: ${PLANTED.join("; ")}.`,
    );
    const logsKey = keys.incidentLogs(incidentId);
    await valkey
      .multi()
      .del(logsKey)
      .rpush(logsKey, ...logs.map((l) => JSON.stringify(l)))
      .expire(logsKey, LOGS_TTL_SECONDS)
      .exec();
    say(`3. Stored them in ${logsKey}: a list, RPUSH of ${logs.length} JSON logs (expires in ${LOGS_TTL_SECONDS / 3600} h).`);

    // 4-5. The event, and its result on the stream.
    const after = { results: await lastEntryId(valkey, keys.anomalyStream), deadLetters: await lastEntryId(valkey, keys.deadLetterStream) };
    const eventId = (await valkey.xadd(keys.incidentStream, "*", "incident_id", incidentId, "created_at", new Date().toISOString()))!;
    say(`4. Published XADD ${keys.incidentStream} * incident_id ${incidentId} created_at ...: event ${eventId}.`);
    say(`5. Waiting up to ${timeoutS} s for its result on ${keys.anomalyStream}…`);
    blocking = await connect(config, { blocking: true });
    const waitStarted = performance.now();
    const outcome = await waitForOutcome(blocking, keys, eventId, after, timeoutS * 1000, io.signal);
    if (!outcome) {
      if (io.signal.aborted) return EXIT.OK;
      throw new CliError(
        EXIT.FAILED,
        `no result for event ${eventId} within ${timeoutS} s: ${await noResultHint(valkey, keys, config.CONSUMER_GROUP, config.CONSUMER_BLOCK_MS)}`,
      );
    }
    if (outcome.kind === "dead_letter")
      throw new CliError(EXIT.FAILED, `event ${eventId} was dead-lettered: ${outcome.fields.reason}: ${outcome.fields.error}`);
    say(`   Result ${outcome.id} after ${((performance.now() - waitStarted) / 1000).toFixed(2)} s, computed by ${outcome.fields.consumer}:`);
    say(
      renderResultEntry(outcome.id, outcome.fields, width)
        .map((l) => `   ${l}`)
        .join("\n"),
    );
    if (outcome.fields.status !== "ok")
      throw new CliError(EXIT.FAILED, `the service found no logs at ${logsKey}: does it use the same INCIDENT_LOGS_KEY (${config.INCIDENT_LOGS_KEY})?`);
    const fromStream = JSON.parse(outcome.fields.result!) as Record<string, unknown>;

    // 6-7. The same incident through the API.
    const body = JSON.stringify({ incident_id: incidentId });
    const t1 = performance.now();
    let res: Response;
    try {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (config.API_KEY) headers.authorization = `Bearer ${config.API_KEY}`;
      res = await fetch(`${apiUrl}/detect-anomalies`, { method: "POST", headers, body, signal: AbortSignal.timeout(30_000) });
    } catch (err) {
      throw new CliError(EXIT.FAILED, `POST ${apiUrl}/detect-anomalies failed: ${(err as Error).message}`);
    }
    const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.status !== 200) {
      const hint =
        res.status === 401
          ? " The service wants its API key: run the demo with the service's API_KEY in the environment."
          : res.status === 404
            ? ` The service at ${apiUrl} does not see ${logsKey}: is it connected to ${describeEndpoint(resolveEndpoint(config))}? Give the demo its address with --api-url.`
            : "";
      throw new CliError(EXIT.FAILED, `POST ${apiUrl}/detect-anomalies ${body} answered ${res.status}: ${String(answer.message ?? "")}.${hint}`);
    }
    const api = answer as unknown as DetectResponse;
    say(
      `6. POST ${apiUrl}/detect-anomalies ${body} -> 200 in ${Math.round(performance.now() - t1)} ms: ${plural(api.anomalies_detected, "anomaly", "anomalies")} in ${api.processed_logs} logs.`,
    );
    // The event carries the answer's bounded form (boundedAnswer: no timeline, capped lists).
    const a = stable(fromStream);
    const b = stable(boundedAnswer(api) as unknown as Record<string, unknown>);
    if (!isDeepStrictEqual(a, b)) {
      const differ = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !isDeepStrictEqual(a[k], b[k]));
      throw new CliError(EXIT.FAILED, `the stream result and the API answer differ in: ${differ.join(", ")}`);
    }
    const summary = api.anomalies.map((x) => `LOG_INDEX ${x.log_index} ${x.anomaly_type} ${x.confidence}`).join(", ");
    say(`7. Both agree: the same answer apart from analysis_timestamp and duration_ms (${summary || "no anomalies"}; method ${api.method}).`);
    const next = service
      ? `Next: "npm start" in one terminal, "anomaly-detect watch" in another, then "npm run demo" again.`
      : `Next: curl ${apiUrl}/anomalies/${incidentId}; anomaly-detect watch; anomaly-detect dlq list.`;
    say(`Done in ${elapsed()}. ${next}`);
    return EXIT.OK;
  } finally {
    await close(blocking);
    await service?.stop().catch(() => {});
    await close(valkey);
    await local?.stop().catch(() => {});
  }
}

export const demoCommand: Command = {
  name: "demo",
  summary: "one generated incident through stream and API, checked to agree (npm run demo)",
  usage: USAGE,
  run,
};
