// marsh: incidents where ONE failure fills most of the window from its first minute (no quiet
// part before it to compare against), plus counterweights where one frequent failure message
// is everyday noise.
//
// | #  | name                                  | duration | producers                                                                 | what happens                                                                                                     | types labelled                    |
// |----|---------------------------------------|----------|---------------------------------------------------------------------------|------------------------------------------------------------------------------------------------------------------|-----------------------------------|
// | 01 | bikeshare-unlock-lockstore-refused    | 40 min   | zap JSON (Go), ingress-nginx JSON via Fluent Bit, pino-http, k8s events, Redis text via Fluent Bit | lock store down at open: one identical ERROR "connection refused" per unlock + 503s (~55-60 %); recovers at 60-70 % | error, performance, pattern       |
// | 02 | trail-tiles-cache-gone-slow           | 60 min   | pino-http, PostgreSQL jsonlog, .NET JSON console (+Polly), python-json-logger | tile cache gone before open: every topo tile slow (INFO lines), PG slow statements, BFF timeouts (~60 %); no recovery | performance, error                |
// | 03 | radar-decoder-shard-crashloop         | 50 min   | Python logging text via Fluent Bit, slog JSON (Go), structlog, nginx combined via Fluent Bit, k8s events | 1 of 4 decoder shards already in CrashLoopBackOff; backlog, stale mosaic, 503s for its sites (~30 %); no recovery | error, pattern, performance       |
// | 04 | efiling-stream-full-rejects           | 30 min   | logstash-logback-encoder JSON, logrus JSON, nginx combined via Fluent Bit  | JetStream stream full (consumer left paused): every publish/retry rejected by one WARN template, parked ERRORs, outbox depth (~76 %) | error, performance, pattern       |
// | 05 | brewhouse-fermentd-usb-restart-loop   | 60 min   | journald JSON (systemd, app stdout, mosquitto, kernel, cron, sshd, sudo)   | systemd restart loop in progress at open, mostly INFO lines (~80-85 %); adapter re-seated at 60-75 %, readings resume  | error, pattern                    |
// | 06 | wearable-sync-tsdb-disk-full          | 45 min   | Caddy JSON access, Rust tracing JSON, PostgreSQL jsonlog, structlog, k8s event | DB volume full at open: every upload WARN retry + DB ERRORs + ERROR give-up + 503 (~65 %); fixed at 75-85 %     | error, pattern                    |
// | 07 | tenant-portal-greylist-noise (decoy)  | 4 h      | lograge JSON (Rails), Sidekiq 7 JSON, logback JSON                          | routine greylisting WARNs (~18 % of the mail worker, null); real: bad keystore reload fails lease signing ~25 min | error, pattern                    |
// | 08 | airquality-lora-mic-noise (decoy)     | 3 h      | logrus text via Vector docker_logs, log4j2 JsonLayout, JVM unified GC log via Fluent Bit, nginx JSON, k8s event | routine MIC-check ERRORs (~22 % of the bridge, null); real: heap leak on one aggregator replica, OOM, restart      | memory, performance, pattern      |
// | 09 | language-app-quiet-day (healthy)      | 3 h      | python-json-logger, slog JSON, Bunyan, Celery text in GCP Cloud Logging (stderr=ERROR), OTLP/JSON logs | nothing wrong: routine scorer ERRORs (~15 %), wrong-password WARNs, stderr-as-ERROR worker, token pruning   | (none: all null)                  |
// | 10 | birdcount-photo-upload-accessdenied   | 70 min   | structlog JSON (FastAPI), Envoy JSON access, Celery text in Docker json-file | bucket policy denies PutObject: every photo upload ERROR AccessDenied (403) + 502s with app retries (~34 %); no recovery | error                             |
//
// Labelling rules (applied by hand in every scenario; each file states its healthy bands):
// - A line is labelled when an on-call engineer working that incident would want it pointed at:
//   it reports something the same component does not produce when healthy (a message type that
//   component never writes in healthy operation, or a routine message whose value is outside
//   its healthy band).
// - Routine WARN/ERROR lines that are everyday for that system, at their everyday wording and
//   rate, are null; so are requests during the incident that succeed at healthy latency, and
//   routine background lines (cron, checkpoints, probes, stats inside their band).
// - Type, first rule that matches:
//   1. memory: reports memory above its band, OOM, GC distress (long/full GC, to-space exhausted).
//   2. performance: latency/duration above 4x the operation's healthy median, a timeout,
//      throttling, a backlog/lag/data age above its band, a starved pool.
//   3. error: an exception or failed operation, a 5xx or a 4xx the incident causes, a refused or
//      reset connection, a rejected record, a failed retry, a crash-loop back-off.
//   4. pattern: any other evidence line: a rare or odd message type, state changes (volume
//      attached, keystore reloaded, consumer paused, recovery notices), restarts caused by the
//      incident (startup lines and container start events of the restarted component).
// - Healthy latencies are drawn from a bounded lognormal within 3x of their operation's median;
//   anomalous latencies are always above 4x (drawn at >= 4.5x).
import type { Scenario } from "./types.js";
import { bikeshareUnlockLockstoreRefused } from "./s01-bikeshare-unlock-lockstore-refused.js";
import { trailTilesCacheGoneSlow } from "./s02-trail-tiles-cache-gone-slow.js";
import { radarDecoderShardCrashloop } from "./s03-radar-decoder-shard-crashloop.js";
import { efilingStreamFullRejects } from "./s04-efiling-stream-full-rejects.js";
import { brewhouseFermentdUsbRestartLoop } from "./s05-brewhouse-fermentd-usb-restart-loop.js";
import { wearableSyncTsdbDiskFull } from "./s06-wearable-sync-tsdb-disk-full.js";
import { tenantPortalGreylistNoise } from "./s07-tenant-portal-greylist-noise.js";
import { airqualityLoraMicNoise } from "./s08-airquality-lora-mic-noise.js";
import { languageAppQuietDay } from "./s09-language-app-quiet-day.js";
import { birdcountPhotoUploadAccessdenied } from "./s10-birdcount-photo-upload-accessdenied.js";

export const marshScenarioBuilders: readonly ((seed: number) => Scenario)[] = [
  bikeshareUnlockLockstoreRefused,
  trailTilesCacheGoneSlow,
  radarDecoderShardCrashloop,
  efilingStreamFullRejects,
  brewhouseFermentdUsbRestartLoop,
  wearableSyncTsdbDiskFull,
  tenantPortalGreylistNoise,
  airqualityLoraMicNoise,
  languageAppQuietDay,
  birdcountPhotoUploadAccessdenied,
];

export function marshScenarios(seed: number): Scenario[] {
  return marshScenarioBuilders.map((build) => build(seed));
}
