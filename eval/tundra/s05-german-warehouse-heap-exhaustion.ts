/*
 * german-warehouse-heap-exhaustion
 *
 * A German online shop whose applications log in German: bestell-service and
 * lager-service (Spring Boot, logstash JSON with Europe/Berlin offsets),
 * zahlungs-service (Node, pino) and versand-service (Python). Numbers are
 * written the German way ("Dauer 2.840 ms", "149,90 €", "1.864 MB").
 *
 * lager-service (warehouse stock) has a leaking storage-location cache. Its
 * once-a-minute memory status line climbs from the usual 35-55 % heap to over
 * 90 %, followed by "Speicher fast voll" and GC-overload warnings. Once the
 * heap is nearly full, stock queries and reservations slow down by two orders
 * of magnitude, database connections time out after 30000 ms, bestell-service
 * times out on reservations, fails orders, and dumps a couple of unreadable
 * truncated responses into its log. Finally the JVM dies with
 * OutOfMemoryError; during the ~1 minute restart bestell-service cannot reach
 * the warehouse at all. After the restart everything is normal again.
 * Routine noise: low-stock warnings, declined payments, hourly carrier
 * manifests with big numbers.
 */
import { rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

interface Ev {
  t: number;
  seq: number;
  rec: Record<string, unknown>;
  label: AnomalyType | null;
}

const deInt = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
const deDec = (x: number, d: number): string => {
  const [i, f] = x.toFixed(d).split(".");
  return `${deInt(Number(i))}${f !== undefined ? "," + f : ""}`;
};
const lastSundayUtc = (year: number, month: number): number => {
  const d = new Date(Date.UTC(year, month + 1, 0, 1, 0, 0));
  d.setUTCDate(d.getUTCDate() - d.getUTCDay());
  return d.getTime();
};
const berlin = (t: number): string => {
  const y = new Date(t).getUTCFullYear();
  const summer = t >= lastSundayUtc(y, 2) && t < lastSundayUtc(y, 9);
  const off = summer ? 2 : 1;
  return new Date(Math.floor(t) + off * 3_600_000).toISOString().replace("Z", `+0${off}:00`);
};
const pyTimestamp = (t: number): string => new Date(Math.floor(t)).toISOString().replace("Z", "000+00:00");
const asctime = (t: number): string => {
  const s = berlin(t);
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
};

const LAGER = ["Kassel", "Erfurt", "Hamburg-Billbrook", "Leipzig"];
const ANBIETER = ["Klarna", "PayPal", "Kreditkarte", "Kreditkarte", "SEPA-Lastschrift", "Apple Pay"];

export function s05GermanWarehouseHeapExhaustion(seed: number): Scenario {
  const r = rng(seed, "tundra/s05");
  const evs: Ev[] = [];
  let seq = 0;
  const push = (t: number, rec: Record<string, unknown>, label: AnomalyType | null = null): void => {
    evs.push({ t: Math.floor(t), seq: seq++, rec, label });
  };

  const start = Date.UTC(2026, r.int(0, 10), r.int(1, 28), r.int(6, 17), r.int(0, 59), r.int(0, 59)) + r.int(0, 999);
  const windowMs = r.int(120, 150) * 60_000;
  const end = start + windowMs;
  const leakStart = start + windowMs * r.float(0.12, 0.3);
  const oomAt = leakStart + windowMs * r.float(0.38, 0.52);
  const restartMs = r.int(55, 95) * 1000;
  const upAgain = oomAt + restartMs;
  const heapMaxMb = 2048;

  // heap fill fraction of lager-service at time t (before GC sawtooth)
  const heapFloor = (t: number): number => {
    if (t < leakStart || t >= upAgain) return 0.34;
    const p = Math.min(1, (t - leakStart) / (oomAt - leakStart));
    return 0.34 + 0.64 * p ** 1.15;
  };
  const heapPct = (t: number): number => {
    const fl = heapFloor(t);
    return Math.min(0.995, fl + r.float(0, Math.max(0.02, 0.2 - (fl - 0.34) * 0.35)));
  };
  const lagerDown = (t: number): boolean => t >= oomAt && t < upAgain;
  // slowdown factor for lager-service work when the heap is nearly full
  const slow = (t: number): number => {
    const f = heapFloor(t);
    if (lagerDown(t) || f < 0.88) return 1;
    return 12 + (f - 0.88) * 2500;
  };

  // --- producers ---
  const spring =
    (app: string, threads: string[]) =>
    (t: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      "@timestamp": berlin(t),
      "@version": "1",
      message,
      logger_name: logger,
      thread_name: r.pick(threads),
      level,
      level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
      app,
      ...extra,
    });
  const bestell = spring(
    "bestell-service",
    Array.from({ length: 16 }, (_, i) => `http-nio-8080-exec-${i + 1}`),
  );
  const lager = spring(
    "lager-service",
    Array.from({ length: 12 }, (_, i) => `http-nio-8081-exec-${i + 1}`),
  );
  const zahlung = (t: number, level: number, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    level,
    time: Math.floor(t),
    pid: 1,
    hostname: "zahlungs-service-6f9c7d8b54-q2lzp",
    service: "zahlungs-service",
    ...extra,
    msg,
  });
  const versand = (t: number, levelname: string, message: string): Record<string, unknown> => ({
    asctime: asctime(t),
    levelname,
    name: "versand.dhl",
    message,
    service: "versand-service",
    timestamp: pyTimestamp(t),
  });

  const artikel = (): number => r.int(100_000, 100_999);
  const bestellNr = (): string => `B-2026-${String(r.int(100_000, 999_999)).padStart(7, "0")}`;
  const stackReservierung =
    "com.acme.bestellung.lager.LagerClientException: Lagerreservierung fehlgeschlagen\n\tat com.acme.bestellung.lager.LagerClient.reserviere(LagerClient.java:97)\n\tat com.acme.bestellung.service.BestellService.anlegen(BestellService.java:142)\n\tat com.acme.bestellung.web.BestellController.erstelle(BestellController.java:58)\n\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)\n\t... 48 common frames omitted\nCaused by: ";

  // --- orders ---
  let rawDumped = false;
  for (let t = start + r.exp(10_000); t < end; t += r.exp(r.float(14_000, 17_000))) {
    const nr = bestellNr();
    const kunde = `K-${r.int(100_000, 999_999)}`;
    const pos = r.int(1, 6);
    const summe = r.int(990, 39_900) / 100;
    let tt = t;
    // reservation at lager
    const f = slow(t);
    if (lagerDown(t)) {
      const tr = t + r.float(2, 8);
      push(
        tr,
        bestell(tr, "ERROR", "com.acme.bestellung.service.BestellService", `Fehler beim Anlegen der Bestellung ${nr}: Lagerservice nicht erreichbar`, {
          bestellung: nr,
          stack_trace:
            stackReservierung +
            'org.springframework.web.client.ResourceAccessException: I/O error on POST request for "http://lager-service:8081/api/v1/reservierungen": Connection refused\n\t... 52 more',
        }),
        "error",
      );
      push(
        tr + 2,
        bestell(
          tr + 2,
          "WARN",
          "com.acme.bestellung.web.ZugriffsLog",
          `Anfrage POST /api/v1/bestellungen abgeschlossen: Status 503, Dauer ${deInt(tr + 2 - t)} ms`,
          { status: 503, duration_ms: Math.round(tr + 2 - t) },
        ),
        "error",
      );
      continue;
    }
    const resMs = r.logn(28, 0.35) * f;
    if (resMs > 5000) {
      // bestell-service gives up after 5 s
      const tr = t + 5000 + r.float(1, 6);
      push(
        tr,
        bestell(tr, "WARN", "com.acme.bestellung.lager.LagerClient", `Zeitüberschreitung bei der Lagerreservierung für ${nr} nach 5000 ms`, { bestellung: nr }),
        "performance",
      );
      const te = tr + r.float(1, 4);
      if (r.chance(0.15) || !rawDumped) {
        rawDumped = true;
        const body = JSON.stringify({
          reservierung: `R-${r.hex(10)}`,
          bestellung: nr,
          positionen: Array.from({ length: pos * 6 }, () => ({
            artikel: artikel(),
            menge: r.int(1, 3),
            lagerplatz: `${r.pick(["KS", "EF", "HH", "LE"])}-${r.int(1, 40)}-${r.int(1, 12)}-${r.pick(["A", "B", "C", "D"])}`,
            charge: r.hex(12),
          })),
        }).slice(0, 2000);
        push(
          te,
          bestell(
            te,
            "ERROR",
            "com.acme.bestellung.lager.LagerClient",
            `Antwort des Lagerservice konnte nicht gelesen werden (unerwartetes Ende der Eingabe), Rohdaten (gekürzt auf 2.000 Zeichen): ${body}`,
            { bestellung: nr },
          ),
          "pattern",
        );
      }
      push(
        te + 1,
        bestell(te + 1, "ERROR", "com.acme.bestellung.service.BestellService", `Fehler beim Anlegen der Bestellung ${nr}: Lagerreservierung fehlgeschlagen`, {
          bestellung: nr,
          stack_trace:
            stackReservierung +
            "java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n\t... 61 more",
        }),
        "error",
      );
      push(
        te + 3,
        bestell(
          te + 3,
          "WARN",
          "com.acme.bestellung.web.ZugriffsLog",
          `Anfrage POST /api/v1/bestellungen abgeschlossen: Status 504, Dauer ${deInt(te + 3 - t)} ms`,
          { status: 504, duration_ms: Math.round(te + 3 - t) },
        ),
        "performance",
      );
      if (r.chance(0.5)) {
        const td = t + r.float(2000, 30_000);
        push(
          td,
          lager(
            td,
            "ERROR",
            "com.acme.lager.repo.ReservierungRepository",
            "Zeitüberschreitung bei der Verbindung zur Datenbank nach 30000 ms (Pool lager-db, 0 von 20 Verbindungen frei)",
            {
              stack_trace:
                "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)\n\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)\n\t... 87 common frames omitted",
            },
          ),
          "performance",
        );
      }
      continue;
    }
    tt += resMs;
    push(
      tt,
      lager(
        tt,
        "INFO",
        "com.acme.lager.service.ReservierungService",
        `Reservierung R-${r.hex(10)} angelegt: ${pos} Positionen für ${nr}, Lager ${r.pick(LAGER)}, Dauer ${deInt(resMs)} ms`,
      ),
      f > 1 ? "performance" : null,
    );
    tt += r.float(2, 8);
    push(
      tt,
      bestell(
        tt,
        "INFO",
        "com.acme.bestellung.service.BestellService",
        `Bestellung ${nr} angelegt für Kunde ${kunde} (${pos} Positionen, Summe ${deDec(summe, 2)} €)`,
        { bestellung: nr },
      ),
    );
    const bestellDauer = tt - t + r.float(3, 12);
    push(
      t + bestellDauer,
      bestell(
        t + bestellDauer,
        "INFO",
        "com.acme.bestellung.web.ZugriffsLog",
        `Anfrage POST /api/v1/bestellungen abgeschlossen: Status 201, Dauer ${deInt(bestellDauer)} ms`,
        { status: 201, duration_ms: Math.round(bestellDauer) },
      ),
      f > 1 ? "performance" : null,
    );
    // payment
    const tz = t + bestellDauer + r.float(200, 2500);
    const zms = r.logn(240, 0.4);
    if (r.chance(0.03)) {
      push(
        tz + zms,
        zahlung(tz + zms, 40, `Zahlung abgelehnt für Bestellung ${nr}: ${r.pick(["Karte abgelaufen", "Limit überschritten", "3-D-Secure abgebrochen"])}`, {
          bestellung: nr,
        }),
      );
    } else {
      push(
        tz + zms,
        zahlung(tz + zms, 30, `Zahlung autorisiert für Bestellung ${nr} über ${deDec(summe, 2)} € (Anbieter: ${r.pick(ANBIETER)}) in ${Math.round(zms)} ms`, {
          bestellung: nr,
          duration_ms: Math.round(zms),
        }),
      );
      if (r.chance(0.6)) {
        const tv = tz + zms + r.float(5000, 60_000);
        push(
          tv,
          versand(
            tv,
            "INFO",
            `Versandetikett erstellt für ${nr}: DHL Sendungsnummer 00340434${r.int(100_000_000, 999_999_999)}${r.int(100, 999)}, Gewicht ${deDec(r.float(0.2, 12), 2)} kg, Dauer ${deInt(r.logn(380, 0.3))} ms`,
          ),
        );
      }
    }
  }

  // --- stock queries from the shop front-end ---
  for (let t = start + r.exp(5000); t < end; t += r.exp(r.float(7000, 9000))) {
    if (lagerDown(t)) continue;
    const f = slow(t);
    const ms = r.logn(12, 0.4) * f;
    const a = artikel();
    const verf = r.chance(0.05) ? r.int(1, 6) : r.int(20, 900);
    push(
      t + ms,
      lager(
        t + ms,
        "INFO",
        "com.acme.lager.web.BestandController",
        `Bestand abgefragt: Artikel ${a}, Lager ${r.pick(LAGER)}, verfügbar ${deInt(verf)} Stück (Dauer ${deInt(ms)} ms)`,
      ),
      f > 1 ? "performance" : null,
    );
    if (verf < 10 && r.chance(0.5)) {
      push(
        t + ms + 1,
        lager(t + ms + 1, "WARN", "com.acme.lager.service.BestandService", `Lagerbestand niedrig: Artikel ${a} (noch ${verf} Stück, Mindestbestand 10)`),
      );
    }
  }

  // --- order lookups ---
  for (let t = start + r.exp(8000); t < end; t += r.exp(r.float(14_000, 17_000))) {
    const ms = r.logn(22, 0.4);
    const missing = r.chance(0.03);
    push(
      t + ms,
      bestell(
        t + ms,
        missing ? "WARN" : "INFO",
        "com.acme.bestellung.web.ZugriffsLog",
        `Anfrage GET /api/v1/bestellungen/${bestellNr()} abgeschlossen: Status ${missing ? 404 : 200}, Dauer ${deInt(ms)} ms`,
        { status: missing ? 404 : 200, duration_ms: Math.round(ms) },
      ),
    );
  }

  // --- lager-service memory status, once a minute ---
  for (let t = start + r.int(0, 60_000); t < end; t += 60_000 + r.int(-20, 20)) {
    if (lagerDown(t)) continue;
    const p = heapPct(t);
    const fl = heapFloor(t);
    const usedMb = p * heapMaxMb;
    const gcCount = fl > 0.9 ? r.int(40, 160) : fl > 0.75 ? r.int(8, 25) : r.int(1, 6);
    const gcMs = fl > 0.9 ? r.int(9000, 38_000) : fl > 0.75 ? r.int(300, 1600) : r.int(15, 90);
    const lab: AnomalyType | null = p >= 0.7 ? "memory" : null;
    push(
      t,
      lager(
        t,
        "INFO",
        "com.acme.lager.monitoring.SpeicherMonitor",
        `Speicherstatus: Heap ${deInt(usedMb)} MB von ${deInt(heapMaxMb)} MB belegt (${Math.round(p * 100)} %), GC-Pausen letzte Minute: ${gcCount} (gesamt ${deInt(gcMs)} ms)`,
        { thread_name: "scheduling-1" },
      ),
      lab,
    );
    if (p >= 0.85) {
      push(
        t + 2,
        lager(
          t + 2,
          "WARN",
          "com.acme.lager.monitoring.SpeicherMonitor",
          `Speicher fast voll: ${Math.round(p * 100)} % (${deInt(usedMb)} MB von ${deInt(heapMaxMb)} MB)`,
          { thread_name: "scheduling-1" },
        ),
        "memory",
      );
    }
    if (fl >= 0.9) {
      push(
        t + 4,
        lager(
          t + 4,
          "WARN",
          "com.acme.lager.monitoring.SpeicherMonitor",
          `GC-Überlastung: ${Math.round((gcMs / 60_000) * 100)} % der Zeit in Garbage Collection in der letzten Minute`,
          { thread_name: "scheduling-1" },
        ),
        "memory",
      );
    }
  }

  // --- the OOM and restart ---
  const tOom = oomAt - r.int(500, 3000);
  push(
    tOom,
    lager(
      tOom,
      "ERROR",
      "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
      "Servlet.service() für Servlet [dispatcherServlet] hat eine Ausnahme ausgelöst",
      {
        stack_trace:
          "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.HashMap.resize(HashMap.java:710)\n\tat java.base/java.util.HashMap.putVal(HashMap.java:669)\n\tat com.acme.lager.cache.LagerplatzCache.merke(LagerplatzCache.java:51)\n\tat com.acme.lager.service.BestandService.abfrage(BestandService.java:88)\n\t... 63 common frames omitted",
      },
    ),
    "memory",
  );
  push(
    oomAt,
    {
      "@timestamp": berlin(oomAt),
      level: "ERROR",
      message: "Terminating due to java.lang.OutOfMemoryError: Java heap space",
      app: "lager-service",
      stream: "stderr",
    },
    "memory",
  );
  const boot = oomAt + restartMs - r.int(9000, 14_000);
  const bootLines = [
    "Starting LagerServiceApplication v4.12.1 using Java 21.0.5 with PID 1 (/app/lager.jar started by app in /app)",
    'The following 1 profile is active: "prod"',
    "Tomcat initialized with port 8081 (http)",
    "HikariPool-1 - Start completed.",
    `Lagerplatz-Cache initialisiert: ${deInt(r.int(150_000, 220_000))} Einträge aus Datenbank geladen`,
    "Tomcat started on port 8081 (http) with context path '/'",
    `Started LagerServiceApplication in ${deDec(r.float(8, 12), 3).replace(",", ".")} seconds (process running for ${r.float(9, 13).toFixed(3)})`,
  ];
  bootLines.forEach((m, i) => {
    const tb = boot + i * r.int(400, 1600);
    push(tb, lager(tb, "INFO", i === 4 ? "com.acme.lager.cache.LagerplatzCache" : "com.acme.lager.LagerServiceApplication", m, { thread_name: "main" }));
  });

  // --- hourly carrier manifest (routine, big numbers) ---
  for (let t = start + r.int(5, 55) * 60_000; t < end; t += 60 * 60_000) {
    push(
      t,
      versand(
        t,
        "INFO",
        `Tagesabschluss an DHL übermittelt: ${deInt(r.int(900, 2400))} Sendungen, ${deInt(r.int(2000, 9000))} Pakete in ${deDec(r.float(2.5, 6.5), 1)} s`,
      ),
    );
  }

  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return {
    name: "german-warehouse-heap-exhaustion",
    description:
      "German-language shop logs: lager-service's heap fills up (memory warnings), warehouse calls and DB connections time out, orders fail, then an OutOfMemoryError kills it and orders fail during the restart.",
    logs: evs.map((e) => e.rec),
    labels: evs.map((e) => e.label),
  };
}
