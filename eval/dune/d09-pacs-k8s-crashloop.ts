// d09: a hospital radiology (PACS) namespace on Kubernetes: Fluent Bit-merged JSON with trace and
// span ids and a kubernetes metadata object, plus Kubernetes Event objects. A rollout of
// dicom-router v2.8.1 crash-loops on a nil pointer for JPEG 2000 studies: panics, restarts,
// BackOff events, slow retried C-STOREs and a few refused calls from worklist-api, until a
// rollback to v2.8.0 about 25 minutes later. The other deployments stay healthy.
import { arrivals, HOUR, iso, type Label, MIN, Rng, round, SEC, startTime, Timeline } from "./shared.js";
import type { Scenario } from "./types.js";

export default function d09(seed: number): Scenario {
  const r = new Rng(seed, "d09-pacs-k8s-crashloop");
  const t0 = startTime(r);
  const t1 = t0 + 2 * HOUR;
  const T = t0 + r.int(40, 60) * MIN;
  const RB = T + r.int(22, 28) * MIN;
  const tl = new Timeline();
  const nodes = ["aks-radiology-31412907-vmss000002", "aks-radiology-31412907-vmss000005", "aks-radiology-31412907-vmss000007"];
  const pod = (app: string, hash: string) => ({ name: `${app}-${hash}-${r.hex(5)}`, hash, host: r.pick(nodes) });
  type Pod = ReturnType<typeof pod>;
  const put = (t: number, app: string, p: Pod, level: string, msg: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(
      t,
      {
        time: iso(t),
        stream: level === "error" ? "stderr" : "stdout",
        level,
        msg,
        trace_id: r.hex(32),
        span_id: r.hex(16),
        ...extra,
        kubernetes: {
          namespace_name: "radiology",
          pod_name: p.name,
          container_name: app,
          host: p.host,
          labels: { app, "pod-template-hash": p.hash },
          container_image: `acr.hospital.example/radiology/${app}:${extra.version ?? "stable"}`,
        },
      },
      label,
    );
  const event = (t: number, type: string, reason: string, note: string, name: string, label: Label = null) =>
    tl.add(
      t,
      {
        kind: "Event",
        apiVersion: "events.k8s.io/v1",
        eventTime: `${iso(t).slice(0, 23)}000Z`,
        type,
        reason,
        note,
        regarding: { kind: name.split("-").length > 3 ? "Pod" : "Deployment", name, namespace: "radiology" },
        reportingController: ctl[reason] ?? "kubelet",
      },
      label,
    );
  const ctl: Record<string, string> = { ScalingReplicaSet: "deployment-controller", SuccessfulRescale: "horizontal-pod-autoscaler" };
  const aet = () => r.pick(["CT_ROOM1", "MR_3T_A", "US_ER2", "XR_PORT4", "MG_TOMO"]);
  const store = (t: number, p: Pod, version: string, label: Label = null, slow = false) => {
    const ms = slow ? r.int(9_000, 28_000) : Math.round(r.logn(420, 0.35));
    put(
      t,
      "dicom-router",
      p,
      slow ? "warn" : "info",
      `C-STORE from ${aet()} completed${slow ? " after association retries" : ""}`,
      { version, sop_instances: r.int(40, 900), duration_ms: ms },
      label,
    );
  };

  // dicom-router: old pods until T+60s, crash-looping new pods until RB, rollback pods after
  const old = [pod("dicom-router", "5d8c7b9f6"), pod("dicom-router", "5d8c7b9f6")];
  for (const t of arrivals(r, t0, T + 60 * SEC, 4_500)) store(t, r.pick(old), "2.8.0");
  event(T, "Normal", "ScalingReplicaSet", "Scaled up replica set dicom-router-7c9f4d6b8 to 2", "dicom-router", "pattern");
  for (let i = 0; i < 2; i++) {
    const p = pod("dicom-router", "7c9f4d6b8");
    let t = T + r.int(20, 40) * SEC;
    for (let restarts = 0; t < RB; restarts++) {
      put(t, "dicom-router", p, "info", "starting dicom-router version=2.8.1 commit=4be91f0", { version: "2.8.1", restart_count: restarts }, "pattern");
      const up = t + r.int(40, 180) * SEC;
      for (const s of arrivals(r, t + 2_000, Math.min(up, RB), 9_000)) {
        const slow = r.chance(0.3);
        store(s, p, "2.8.1", slow ? "performance" : null, slow);
      }
      if (up >= RB) break;
      put(
        up,
        "dicom-router",
        p,
        "error",
        "panic: runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV: segmentation violation] in codec.(*J2KDecoder).Frame (transfer syntax 1.2.840.10008.1.2.4.90)",
        { version: "2.8.1" },
        "error",
      );
      const back = Math.min(300, 10 * 2 ** restarts) * SEC;
      if (restarts > 0)
        event(up + r.int(800, 2_000), "Warning", "BackOff", `Back-off restarting failed container dicom-router in pod ${p.name}`, p.name, "error");
      t = up + back + r.int(500, 3_000);
    }
  }
  // slow retried stores seen by the caller side while the new pods flap
  for (const t of arrivals(r, T + 60 * SEC, RB, 40_000)) store(t, pod("dicom-router", "7c9f4d6b8"), "2.8.1", "performance", true);
  event(RB, "Normal", "ScalingReplicaSet", "Scaled up replica set dicom-router-5d8c7b9f6 to 2 (rollback to revision 14)", "dicom-router", "pattern");
  const back = [pod("dicom-router", "5d8c7b9f6"), pod("dicom-router", "5d8c7b9f6")];
  for (const [i, p] of back.entries())
    put(RB + (8 + i) * SEC, "dicom-router", p, "info", "starting dicom-router version=2.8.0 commit=91c2e7a", { version: "2.8.0", restart_count: 0 }, "pattern");
  for (const t of arrivals(r, RB + 12 * SEC, t1, 4_500)) store(t, r.pick(back), "2.8.0");

  // the healthy deployments
  const wl = [pod("worklist-api", "6f7b8c9d4"), pod("worklist-api", "6f7b8c9d4")];
  for (const t of arrivals(r, t0, t1, 5_000)) {
    const a = aet();
    if (t > T + 60 * SEC && t < RB && r.chance(0.05))
      put(
        t,
        "worklist-api",
        r.pick(wl),
        "error",
        `GET /worklist/${a}/studies 502 upstream dicom-router: dial tcp 10.244.3.17:11112: connect: connection refused`,
        { route: "/worklist/{aet}/studies", status: 502, duration_ms: r.int(1, 5) },
        "error",
      );
    else
      put(t, "worklist-api", r.pick(wl), "info", `GET /worklist/${a}/studies 200`, {
        route: "/worklist/{aet}/studies",
        status: 200,
        duration_ms: round(r.logn(35, 0.3)),
      });
  }
  const rv = [pod("report-viewer", "84d5f6a7b")];
  for (const t of arrivals(r, t0, t1, 10_000))
    put(t, "report-viewer", r.pick(rv), "info", `GET /reports/ACC${r.int(1_000_000, 9_999_999)} 200`, {
      route: "/reports/{accession}",
      status: 200,
      duration_ms: round(r.logn(60, 0.3)),
    });
  const hl7 = [pod("hl7-bridge", "59c6d7e8f")];
  for (const t of arrivals(r, t0, t1, 15_000)) {
    const typ = r.pick(["ORM^O01", "ORU^R01", "ADT^A08"]);
    put(t, "hl7-bridge", r.pick(hl7), "info", `HL7 ${typ} acknowledged AA`, { message_type: typ, duration_ms: round(r.logn(12, 0.3)) });
  }
  for (const t of arrivals(r, t0, t1, 20 * MIN))
    put(t, "hl7-bridge", r.pick(hl7), "warn", "HL7 ADT^A08 for unknown MRN queued for manual reconciliation", { message_type: "ADT^A08" });
  for (const t of arrivals(r, t0, t1, 30 * MIN))
    event(t, "Normal", "SuccessfulRescale", `New size: ${r.int(1, 3)}; reason: cpu resource utilization (percentage of request) above target`, "report-viewer");
  return tl.build(
    "d09-pacs-k8s-crashloop",
    "Kubernetes JSON of a radiology namespace: dicom-router v2.8.1 crash-loops (panics, BackOff, slow retries) until rolled back",
  );
}
