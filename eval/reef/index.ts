/**
 * reef: growing vocabularies. The rule under test: a message template first seen part-way
 * through the window may be discounted when its service has a habit of novelty (it began other
 * recurring messages in many quiet parts of the window); WARNING or worse is never discounted.
 * Six scenarios break the rule (the problem is a new recurring INFO/NOTICE line in a service
 * whose vocabulary grows all day); four keep it (the new recurring lines are benign and the
 * labelled problem is elsewhere).
 *
 * | name | span | producers | what happens | labelled types |
 * |---|---|---|---|---|
 * | ci-runner-artifact-refetch | 8 h | gitlab-runner JSON (logrus), nginx JSON access (coordinator) | runners gain per-project step lines all day; artifact cache serves corrupt archives: INFO "digest differs from manifest, fetching a fresh copy" (rule WRONG), jobs 3-5x slower, a few fail | pattern, performance, error |
 * | jobhub-readonly-replica-fallback | 24 h | python-json-logger (APScheduler), Go slog | cron jobs each log their own lines; orders primary stops taking connections: every run opens a read-only replica session at INFO (rule WRONG), write jobs raise ReadOnlySqlTransaction, read jobs 4-7x slower | pattern, error, performance |
 * | presspipe-stale-purge-token | 12 h | pino, nginx JSON access | sections come online through the day with their own steps; purge token stops refreshing: INFO "reusing cached purge credentials, token refresh skipped" and "edge still serving previous revision" (rule WRONG), a few 401 WARN and stale-story ERROR | pattern, error |
 * | flagwarden-eval-cache-squeeze | 10 h | zap production JSON, Go slog | flag service logs each new key and rollout; a per-user override key balloons the cache: INFO "evaluation cache above soft ceiling, shedding" and heap 88-97% (rule WRONG), INFO GC-queue lines, slow basket requests and deadline WARNs | memory, performance |
 * | ras-torus-retrain-weeks | 21 d (sampled) | syslog-ish JSON (program/host/severity: rasd, mmcs_server, sshd) | rack commissioning and firmware rollouts keep adding RAS families; last ~3.5 days a node board's torus links retrain at NOTICE and DIMMs report correctable errors at INFO (rule WRONG), slow jobs, 3 crit board failures | pattern, memory, performance, error |
 * | trainer-hostmem-prefetch-shrink | ~11 h (30 epochs) | python JSON logger (trainer), Go slog (node-agent) | curriculum adds metric/phase lines every few epochs; host RAM creeps: INFO "host memory 9x% used, lowering prefetch_factor" and "waited on dataloader" (rule WRONG), slow steps, worker killed, RuntimeError, resume | memory, performance, error |
 * | batchd-new-export-job-ledger-slow | 12 h | logback JSON (Spring Batch), nginx JSON access | batch jobs with their own lines start through the day; a new 1099 export job begins late and recurs (benign, null: rule RIGHT); ledger-reports slow for ~25 min with some 504s | performance, error |
 * | copydesk-election-section-thumbnailer-oom | 14 h | pino, python-json-logger, Kubernetes Event JSON | an election-night section launches late with recurring lines (benign, null: rule RIGHT); thumbnailer RSS climbs to its limit, OOM-killed twice, BackOff, copydesk publishes without hero images | memory, error |
 * | trainer-distill-phase-featurestore-timeouts | 9 h | structlog JSON (trainer), Go slog (feature-store) | ranking trainer adds eval lines and enters a distillation phase late (benign, null: rule RIGHT); feature store's Redis pool runs dry ~15 min: ERROR reads and slow reads | error, performance |
 * | ci-agents-new-repo-onboarding | 10 h | zerolog (Woodpecker agent), logback JSON (artifact proxy) | agents gain per-repo step lines; a new repository is onboarded late (benign, null: rule RIGHT); earlier the artifact proxy's heap climbs to OutOfMemoryError and steps fail with 503 until restart | memory, error |
 *
 * Labelling rules:
 * - Only lines an on-call engineer would want pointed at carry a type; everything else is null,
 *   including new-but-benign vocabulary (new steps, jobs, sections, keys, metrics, RAS families),
 *   recoveries (restarts, resumes) and root-cause-adjacent routine lines (a key registered).
 * - A problem's new recurring INFO/NOTICE line is labelled by what it is about: "memory" for
 *   memory/heap/RAM (incl. DRAM ECC) lines, "performance" for waits and slowness, "pattern" for
 *   a degraded mode or odd behaviour shown only by the line's appearance (fallbacks, re-fetches,
 *   cached credentials, stale revisions, link retrains).
 * - Routine lines whose numbers show the problem are labelled too: a job/step/request taking
 *   well over its usual time ("performance"), a memory sample at or above ~88-92 % ("memory").
 * - ERROR/WARN/crit lines caused by the problem are "error" (failures, 401s, 503s, 504s,
 *   BackOff) or "memory" when they report memory running out (SIGKILL by OOM, OutOfMemoryError,
 *   OOMKilling); timeouts that only delay are "performance".
 */
import { ciAgentsNewRepoOnboarding, ciRunnerArtifactRefetch } from "./ci.js";
import { copydeskElectionSectionThumbnailerOom, presspipeStalePurgeToken } from "./cms.js";
import { flagwardenEvalCacheSqueeze, rasTorusRetrainWeeks } from "./flags-ras.js";
import { batchdNewExportJobLedgerSlow, jobhubReadonlyReplicaFallback } from "./scheduler.js";
import { trainerDistillPhaseFeaturestoreTimeouts, trainerHostmemPrefetchShrink } from "./training.js";
import type { Scenario } from "./types.js";

export function reefScenarios(seed: number): Scenario[] {
  return [
    ciRunnerArtifactRefetch(seed),
    jobhubReadonlyReplicaFallback(seed),
    presspipeStalePurgeToken(seed),
    flagwardenEvalCacheSqueeze(seed),
    rasTorusRetrainWeeks(seed),
    trainerHostmemPrefetchShrink(seed),
    batchdNewExportJobLedgerSlow(seed),
    copydeskElectionSectionThumbnailerOom(seed),
    trainerDistillPhaseFeaturestoreTimeouts(seed),
    ciAgentsNewRepoOnboarding(seed),
  ];
}
