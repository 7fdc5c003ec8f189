/**
 * The "steppe" family: twelve incident scenarios, each in its
 * own domain and with its own producers' log styles.
 */
import type { Scenario } from "./types.js";
import { s01DispatchScatter } from "./s01-dispatch-scatter.js";
import { s02LatencyTiers } from "./s02-latency-tiers.js";
import { s03LedgerLockCascade } from "./s03-ledger-lock-cascade.js";
import { s04InvoiceNilPointer } from "./s04-invoice-nil-pointer.js";
import { s05OddInfoLines } from "./s05-odd-info-lines.js";
import { s06BglMidplane } from "./s06-bgl-midplane.js";
import { s07EdgeNginxUpstream } from "./s07-edge-nginx-upstream.js";
import { s08JvmHeapLeak } from "./s08-jvm-heap-leak.js";
import { s09K8sNodeEviction } from "./s09-k8s-node-eviction.js";
import { s10StorageBrownout } from "./s10-storage-brownout.js";
import { s11QuietTelemetry } from "./s11-quiet-telemetry.js";
import { s12NoisySupplier } from "./s12-noisy-supplier.js";

export type { AnomalyType, Scenario } from "./types.js";

export function steppeScenarios(seed: number): Scenario[] {
  return [
    s01DispatchScatter(seed),
    s02LatencyTiers(seed),
    s03LedgerLockCascade(seed),
    s04InvoiceNilPointer(seed),
    s05OddInfoLines(seed),
    s06BglMidplane(seed),
    s07EdgeNginxUpstream(seed),
    s08JvmHeapLeak(seed),
    s09K8sNodeEviction(seed),
    s10StorageBrownout(seed),
    s11QuietTelemetry(seed),
    s12NoisySupplier(seed),
  ];
}
