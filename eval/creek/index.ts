/**
 * The creek family: eight windows written to break one detection rule where real operations
 * make it wrong, and to hold it where it is right. Written blind: without reading or running the
 * detector.
 *
 * The rule: a line that states the speed of its own work (a rate in units of work a second,
 * `MB/s`, `rows/s`, `msgs/s`, `docs/s`, `items/s`, ..., or a speed against real time,
 * `speed=0.31x`, `0.5x realtime`) is judged against the usual speed of the same message, the
 * median over the quiet part of the window (about 20 lines needed): a quarter of it or less is a
 * `performance` anomaly, half or more never is. Rates in bits, requests, queries or connections a
 * second, and rates qualified by a direction (`rd`, `wr`, `in`, `out`, `rx`, `tx`) are not read.
 *
 * | Scenario                | Span   | Producers                                                                                                            | What happens                                                                                                                                                                                                                                                                                                                                                                                   | Labelled                     | Rule   |
 * |-------------------------|--------|----------------------------------------------------------------------------------------------------------------------|------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------|------------------------------|--------|
 * | warehouse-small-queries | ~3 h   | ClickHouse server log (text via Fluent Bit), pino/pino-http, python-json-logger, Kubernetes events, rsyslog JSON (cron)     | ClickHouse's small reads (a dictionary table of a few hundred rows, one granule of orders) report a few thousand to a million rows/sec. beside dashboard scans at 100-250 M rows/sec., and multiply a third in when a store dashboard is published; the quarter-hourly loader's dimension tables load at tens to hundreds of rows/s beside facts at 200 k: small work, not slow. Half-way reporting-api 4.12.0 fails CSV exports of stores without a currency (TypeError, 500) until rolled back | error                        | breaks |
 * | night-queue-drain       | ~5 h   | zap, Serilog CLEF (rendered), ingress-nginx JSON, python-json-logger, Kubernetes events, rsyslog JSON (kernel, cron)        | evening into night: checkout traffic falls to a twentieth, and order-events-consumer's msgs/s (25 to 1, lag zero) and notify-worker's messages/s fall with it, the HPA scales down: an idle source, not slow work. Late, the nightly payout-reconciler reads a settlement file delivered twice, climbs past its 3 GiB limit, is OOM-killed on every attempt and the Job fails                                   | memory, pattern, error       | breaks |
 * | backup-bwlimit          | ~5 h   | rclone JSON log, Logback LogstashEncoder and logback-access, Kubernetes events (cert-manager), rsyslog JSON (smartd, sshd)   | the off-site rclone sync of the night's backups runs at ~110 MiB/s until its bandwidth timetable caps it to 10 MiB/s at 08:00 Berlin time (two-thirds to four-fifths in), as configured, to the end. A quarter in, inventory-api's mTLS client certificate for one supplier expires: every stock sync with it fails its handshake (`certificate_expired`) with retries, until it is renewed by hand                  | error                        | breaks |
 * | mirror-small-files      | ~3.5 h | rsyslog JSON (rsync `--progress`, systemd), python-json-logger, Logback LogstashEncoder and logback-access, JVM GC log, ingress-nginx JSON, Kubernetes events | rsync's per-file rates on the Debian mirror span `0.00kB/s` to 100 MB/s by file size (index files, small packages, each run's first files opening the connection); the search reindexer's first docs/s report of each run is a tenth of the rest (shards allocating, caches cold): routine. catalog-api's leaked heap is at ~90 % as the window opens: full GCs back to back stall requests for seconds, it dies of OutOfMemoryError a fifth in (503s while it restarts) | memory, performance, error   | breaks |
 * | transcode-cpu-fallback  | ~3 h   | ffmpeg progress on stderr via Fluent Bit, pino/pino-http, zap, rsyslog JSON (kernel NVRM, cron), Kubernetes events             | NVENC encodes at 5-8x realtime (4K at 2-3x). A quarter in one node's GPU falls off the bus (Xid 79): the job there fails, and both workers on it fall back to libx264 for every job at ~0.3x realtime (`speed=0.3x`, `0.3x realtime`), nothing else failing, until the node is drained two-thirds in and a new GPU node takes over                                                                                           | performance, error, pattern  | holds  |
 * | backup-disk-failing     | ~4 h   | logrus, python-json-logger, rsyslog JSON (kernel, smartd, postgres, pgbouncer, disk-stats, cron)                            | nightly Postgres base backups in 1 GiB parts at ~100 MiB/s. Half-way the data disk of the standby that orders is backed up from starts failing (ATA errors, pending sectors): its parts crawl at a few MiB/s, some fail on I/O errors and are retried, reports on it take a minute or fail, restartpoints take minutes, replay falls behind, its disk shows 100 % util and second-long awaits (rd/wr rates, not read) until the on-call aborts the backup | pattern, performance, error  | holds  |
 * | etl-lock-held           | ~2.5 h | python-json-logger, structlog, zap, Debezium on Kafka Connect (text via Fluent Bit), rsyslog JSON (postgres, cron)           | orders-etl upserts the orders CDC stream at ~10 k rows/s. Late, a data engineer's backfill rewrites old order lines in transactions that hold their rows for a minute or more: the ETL's batches wait on the locks (Postgres lock waits, some 90 s statement timeouts), report ~100 rows/s, its lag and fetch buffer climb to the memory limit, until the backfill is terminated and the ETL catches up | performance, memory, error   | holds  |
 * | indexer-gc-pressure     | ~2 h   | Logback LogstashEncoder, Elasticsearch 8 ECS server log, python-json-logger, pino-http, rsyslog JSON (cron)                  | the window opens on Elasticsearch's data nodes out of heap under a supplier feed's huge bulks: GC overhead back to back, the parent breaker rejects bulks (429, retried), catalog-indexer's docs/s collapses to a tenth, feed-importer is held to a few hundred items/s, searches take seconds; a quarter in the feed is paused, the indexer catches up, and the feed resumes half-way with attributes capped | memory, performance, error   | holds  |
 *
 * Labelling, as a careful on-call engineer would: a line is labelled only if they would want it
 * pointed at during this incident. A low rate is labelled only when the work itself ran slow
 * (an encoder on the CPU, a disk failing under a backup, batches waiting on locks, bulks
 * rejected under GC pressure, a feed held back by them); a low rate that says the work was small
 * (a few rows, a few kB), the source was idle, a cap was configured, or a job was warming up is
 * never labelled, before, during or after the incident.
 * - performance: the slow work's own lines (progress and finish lines at a fraction of their
 *   usual speed, slow parts, slow batches, slow bulks and imports), and what shows the same
 *   slowness without a rate: requests that take seconds, queue waits of minutes, restartpoints
 *   syncing for minutes, replication and consumer lag climbing, Postgres lock waits and the slow
 *   statements they cause, a disk at 100 % with second-long awaits.
 * - memory: heap and RSS near the limit (heap watchers, fetch buffers, a job's memory warnings),
 *   GC overhead and back-to-back full GCs, the parent breaker's forced GCs, OutOfMemoryError,
 *   the kernel's cgroup OOM kill and the node's OOMKilling event.
 * - error: failures: exceptions and 500s, TLS handshakes that fail and the retries and
 *   give-ups, 503s while a crashed service restarts, a Job that reaches its backoff limit, encoder
 *   failures and the fallback they force, I/O errors on reads and the parts and queries they fail,
 *   statement timeouts, bulks rejected and returned to the queue.
 * - pattern: rare, odd events: a GPU falling off the bus and its driver failing to initialise
 *   it, ATA errors and SMART pending sectors, a settlement file with twice the rows expected.
 * - null: everything routine, including every look-alike: small queries, dimension tables,
 *   small files and index files, the first report of a job warming up, consumers and senders at
 *   night, a backup under its configured cap, and rates in bits, in load (queries/s, xacts/s) or
 *   with a direction (rd/wr, in/out); deploys, restarts' events and start-up lines; the change that
 *   starts an incident (a release, a feed, a backfill) and the mitigation (a rollback, a cordon
 *   and drain, a paused feed, a terminated backend, a renewed certificate).
 *
 * Deterministic for a seed: the seed moves times, ids, counts and values, never the story.
 */
import { backupBwlimit } from "./s-backup-bwlimit.js";
import { backupDiskFailing } from "./s-backup-disk-failing.js";
import { etlLockHeld } from "./s-etl-lock-held.js";
import { indexerGcPressure } from "./s-indexer-gc-pressure.js";
import { mirrorSmallFiles } from "./s-mirror-small-files.js";
import { nightQueueDrain } from "./s-night-queue-drain.js";
import { transcodeCpuFallback } from "./s-transcode-cpu-fallback.js";
import { warehouseSmallQueries } from "./s-warehouse-small-queries.js";
import type { Scenario } from "./types.js";

export function creekScenarios(seed: number): Scenario[] {
  return [
    warehouseSmallQueries(seed),
    nightQueueDrain(seed),
    backupBwlimit(seed),
    mirrorSmallFiles(seed),
    transcodeCpuFallback(seed),
    backupDiskFailing(seed),
    etlLockHeld(seed),
    indexerGcPressure(seed),
  ];
}
