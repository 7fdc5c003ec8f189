/** Helpers the bay scenarios share: an edge proxy's access line and a Deployment's rollout. */
import { kubeEvent, nginx, USER_AGENTS } from "./producers.js";
import type { Rng } from "./rng.js";
import { SECOND } from "./timeline.js";

type Fields = Record<string, unknown>;

/** One nginx access line for a request that started at `start` and took `tookMs`: written when it ends. */
export function edgeLine(
  rng: Rng,
  start: number,
  service: string,
  method: string,
  uri: string,
  status: number,
  tookMs: number,
  upstream: string,
): [number, Fields] {
  const end = start + Math.round(tookMs);
  return [
    end,
    nginx(end, service, {
      remote: rng.publicIp(),
      method,
      uri,
      status,
      bytes: status < 300 ? rng.int(300, 28000) : rng.int(120, 600),
      requestTime: tookMs / 1000,
      upstream,
      upstreamTime: Math.max(0, tookMs - rng.int(0, 2)) / 1000,
      userAgent: rng.pick(USER_AGENTS),
      requestId: rng.hex(32),
    }),
  ];
}

/**
 * The events of a Deployment's rolling update from `oldPod` to `newPod`, as
 * kubernetes-event-exporter writes them, beginning at `t`: [time, entry] pairs.
 */
export function rollout(
  rng: Rng,
  t: number,
  namespace: string,
  deployment: string,
  image: string,
  oldPod: string,
  newPod: string,
  node: string,
): [number, Fields][] {
  const rs = newPod.split("-").slice(-2, -1)[0] ?? rng.alnum(9);
  const out: [number, Fields][] = [];
  let u = t;
  const add = (gap: number, e: (at: number) => Fields): void => {
    u += gap;
    out.push([u, e(u)]);
  };
  add(0, (at) =>
    kubeEvent(
      at,
      "Normal",
      "ScalingReplicaSet",
      `Scaled up replica set ${deployment}-${rs} to 1`,
      { kind: "Deployment", name: deployment, namespace },
      { component: "deployment-controller" },
      rng.uuid(),
    ),
  );
  add(rng.int(200, 600), (at) =>
    kubeEvent(
      at,
      "Normal",
      "Scheduled",
      `Successfully assigned ${namespace}/${newPod} to ${node}`,
      { kind: "Pod", name: newPod, namespace },
      { component: "default-scheduler" },
      rng.uuid(),
    ),
  );
  add(rng.int(300, 900), (at) =>
    kubeEvent(at, "Normal", "Pulling", `Pulling image "${image}"`, { kind: "Pod", name: newPod, namespace }, { component: "kubelet", host: node }, rng.uuid()),
  );
  const pull = rng.int(2, 9) * SECOND + rng.int(0, 999);
  add(pull, (at) =>
    kubeEvent(
      at,
      "Normal",
      "Pulled",
      `Successfully pulled image "${image}" in ${(pull / 1000).toFixed(3)}s`,
      { kind: "Pod", name: newPod, namespace },
      { component: "kubelet", host: node },
      rng.uuid(),
    ),
  );
  add(rng.int(50, 200), (at) =>
    kubeEvent(
      at,
      "Normal",
      "Created",
      `Created container ${deployment}`,
      { kind: "Pod", name: newPod, namespace },
      { component: "kubelet", host: node },
      rng.uuid(),
    ),
  );
  add(rng.int(300, 800), (at) =>
    kubeEvent(
      at,
      "Normal",
      "Started",
      `Started container ${deployment}`,
      { kind: "Pod", name: newPod, namespace },
      { component: "kubelet", host: node },
      rng.uuid(),
    ),
  );
  add(rng.int(8, 15) * SECOND, (at) =>
    kubeEvent(
      at,
      "Normal",
      "ScalingReplicaSet",
      `Scaled down replica set ${oldPod.split("-").slice(0, -2).join("-")}-${oldPod.split("-").slice(-2, -1)[0]} to 0 from 1`,
      { kind: "Deployment", name: deployment, namespace },
      { component: "deployment-controller" },
      rng.uuid(),
    ),
  );
  add(rng.int(100, 400), (at) =>
    kubeEvent(
      at,
      "Normal",
      "Killing",
      `Stopping container ${deployment}`,
      { kind: "Pod", name: oldPod, namespace },
      { component: "kubelet", host: node },
      rng.uuid(),
    ),
  );
  return out;
}
