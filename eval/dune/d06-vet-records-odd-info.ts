// d06: a veterinary-clinic records platform, all INFO. Four structurally odd INFO lines recur about
// a dozen times each: a 600-1,500-character lab payload echo, a SQL statement with 100+ owner ids,
// a certificate that "expires in 0 days", and a feature flag flipped by an actor nobody knows.
// Their ordinary siblings (short payload notes, 1-6 id queries, certs with weeks left, flips by
// the deploy bot) stay normal.
import { arrivals, HOUR, iso, type Label, MIN, Rng, round, SEC, scatter, startTime, Timeline } from "./shared.js";
import type { Scenario } from "./types.js";

export default function d06(seed: number): Scenario {
  const r = new Rng(seed, "d06-vet-records-odd-info");
  const t0 = startTime(r);
  const t1 = t0 + 4 * HOUR;
  const tl = new Timeline();
  const log = (t: number, service: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(t, { "@timestamp": iso(t), "log.level": "info", "service.name": service, message, ...extra }, label);
  const ids = (n: number) => Array.from({ length: n }, () => r.int(10_000, 99_999)).join(", ");

  for (const t of arrivals(r, t0, t1, 6 * SEC)) {
    const p = r.pick(["/patients/:id", "/patients/:id/vaccinations", "/appointments", "/invoices/:id/pdf"]);
    const path = p.replace(":id", String(r.int(10_000, 99_999)));
    const ms = round(r.logn(p.endsWith("pdf") ? 180 : 24, 0.3));
    log(t, "patient-records", `${p === "/appointments" ? "POST" : "GET"} ${path} 200`, { "url.path": path, "http.response.status_code": 200, duration_ms: ms });
  }
  for (const t of arrivals(r, t0, t1, 12 * SEC)) {
    log(t, "records-sql", `executing: SELECT id, name, species, dob FROM patients WHERE owner_id IN (${ids(r.int(1, 6))})`, {
      duration_ms: round(r.logn(3, 0.4), 2),
    });
  }
  for (const t of arrivals(r, t0, t1, 2 * MIN)) {
    log(t, "lab-webhook", `lab results payload accepted: accession=LAB-${r.int(100_000, 999_999)} analytes=${r.int(8, 24)} source=idexx-vetconnect`);
  }
  const certs = ["records.vetnet.internal", "portal.pawsandclaws.example", "smtp-relay.vetnet.internal", "pacs.vetnet.internal"];
  const days = certs.map(() => r.int(21, 160));
  const expiring = "lab-gateway.vetnet.internal";
  for (let t = t0 + r.int(0, 1_199_999); t < t1; t += 20 * MIN) {
    for (const [i, cn] of certs.entries()) log(t + i * 40, "tls-watch", `certificate CN=${cn} expires in ${days[i]} days`, { days_left: days[i] });
    log(
      t + certs.length * 40,
      "tls-watch",
      `certificate CN=${expiring} expires in 0 days (notAfter=${iso(t1 + r.int(1, 5) * HOUR).slice(0, 19)}Z)`,
      { days_left: 0 },
      "pattern",
    );
  }
  const flags = ["reminders.sms_batching", "portal.dark_mode", "invoices.pdf_v2", "appointments.overbook_guard"];
  for (const t of scatter(r, t0, t1, r.int(4, 6))) {
    const f = r.pick(flags);
    const on = r.chance(0.5);
    log(t, "config-agent", `config change: flag ${f} ${!on} -> ${on} by actor=deploy-bot (change CHG-${r.int(1000, 9999)})`, { flag: f, actor: "deploy-bot" });
  }

  // the odd recurring INFO lines
  const analytes = [
    "ALB",
    "ALKP",
    "ALT",
    "AMYL",
    "BUN",
    "Ca",
    "CHOL",
    "CREA",
    "GLU",
    "PHOS",
    "TBIL",
    "TP",
    "GLOB",
    "Na",
    "K",
    "Cl",
    "T4",
    "SDMA",
    "HCT",
    "HGB",
    "MCHC",
    "WBC",
    "NEU",
    "LYM",
    "MONO",
    "EOS",
    "PLT",
    "RETIC",
  ];
  for (const t of scatter(r, t0 + 10 * MIN, t1, r.int(11, 13))) {
    const target = r.int(600, 1_500);
    let body = `lab results payload accepted: accession=LAB-${r.int(100_000, 999_999)} raw={"patient":{"id":${r.int(10_000, 99_999)},"species":"canine"},"results":[`;
    while (body.length < target - 40)
      body += `{"code":"${r.pick(analytes)}","value":${round(r.float(0.1, 300), 2)},"unit":"${r.pick(["g/dL", "U/L", "mg/dL", "mmol/L", "%"])}","flag":"${r.pick(["N", "N", "H", "L"])}"},`;
    log(t, "lab-webhook", `${body.slice(0, -1)}]} echo=true`, {}, "pattern");
  }
  for (const t of scatter(r, t0 + 10 * MIN, t1, r.int(11, 13))) {
    log(
      t,
      "records-sql",
      `executing: SELECT id, name, species, dob FROM patients WHERE owner_id IN (${ids(r.int(110, 400))})`,
      { duration_ms: round(r.logn(14, 0.3), 2) },
      "pattern",
    );
  }
  const flag = r.pick(["records.export.unmasked_phone", "audit.log_disabled", "auth.mfa_enforced"]);
  const actor = `actor=unknown-${r.hex(6)}`;
  let state = !flag.startsWith("auth");
  for (const t of scatter(r, t0 + 10 * MIN, t1, r.int(11, 13))) {
    log(t, "config-agent", `config change: flag ${flag} ${state} -> ${!state} by ${actor} (no change ticket)`, { flag, actor: actor.slice(6) }, "pattern");
    state = !state;
  }
  return tl.build(
    "d06-vet-records-odd-info",
    "Vet records platform, all INFO: four odd INFO line kinds (huge payload echo, 100+ id SQL, 0-day cert, unknown actor flag flip) each recur ~12 times",
  );
}
