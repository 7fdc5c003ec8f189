/** The isthmus family's producers, and a container's raw line as Fluent Bit ships it. */
import { fluentKubernetes, isoMicrosZ, type KubeMeta } from "../isthmus/producers.js";

export * from "../isthmus/producers.js";

type Fields = Record<string, unknown>;

// ── a container's raw stderr line, as Fluent Bit's tail input and kubernetes filter ship it ──
export function fluentRaw(t: number, line: string, k8s: KubeMeta, stream: "stdout" | "stderr" = "stderr"): Fields {
  return {
    log: `${line}\n`,
    stream,
    time: isoMicrosZ(t).replace(/(\.\d{6})\d*Z$/, "$1000Z"),
    kubernetes: fluentKubernetes(k8s),
  };
}
