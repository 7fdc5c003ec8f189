/** The isthmus family's producers, and a container's raw line as Fluent Bit ships it. */
import { isoMicrosZ, type KubeMeta } from "../isthmus/producers.js";

export * from "../isthmus/producers.js";

type Fields = Record<string, unknown>;

// ── a container's raw stderr line, as Fluent Bit's tail input and kubernetes filter ship it ──
export function fluentRaw(t: number, line: string, k8s: KubeMeta, stream: "stdout" | "stderr" = "stderr"): Fields {
  return {
    log: `${line}\n`,
    stream,
    time: isoMicrosZ(t).replace(/(\.\d{6})\d*Z$/, "$1000Z"),
    kubernetes: {
      pod_name: k8s.pod,
      namespace_name: k8s.namespace,
      container_name: k8s.container,
      host: k8s.host,
      labels: { "app.kubernetes.io/name": k8s.app },
    },
  };
}
