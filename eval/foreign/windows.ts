// A Windows IIS farm shipped by Winlogbeat (event log records: winlog.*, event.code, log.level as
// Windows spells it) and Filebeat's IIS module (W3C lines in `message`, ECS http fields,
// event.duration in nanoseconds), with a processor setting service.name per source. The .NET
// ShopApi leaks: its app pool recycles on the private-bytes limit, first requests after each
// recycle crawl, and one worker dies of OutOfMemoryException. Meanwhile one outside address
// tries RDP logons against the Administrator account.
import type { Scenario } from "../blind/types.js";
import { type Entry, floorSec, Incident, iso, type Label, MIN, rngFor, SEC, spaceTime, startTime, times } from "./kit.js";

export function iisAppPoolRecycle(seed: number): Scenario {
  const name = "windows-iis-apppool-memory-recycle";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A leaking .NET app pool on IIS recycles on its private-bytes limit, requests after each recycle crawl and a worker dies of OutOfMemoryException, while one address tries RDP logons; Winlogbeat and Filebeat IIS records",
  );
  const t0 = startTime(rng, 8, 16);
  const span = rng.int(150, 180) * MIN;
  const end = t0 + span;
  const servers = ["WEB-01", "WEB-02", "WEB-03"];
  const leaky = rng.pick(servers);
  const domain = "corp.acme.local";
  let record = rng.int(100000, 900000);

  const winlog = (
    t: number,
    host: string,
    channel: string,
    provider: string,
    code: number,
    level: string,
    message: string,
    label: Label,
    data: Entry = {},
  ): void => {
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        message,
        winlog: {
          channel,
          provider_name: provider,
          event_id: String(code),
          computer_name: `${host}.${domain}`,
          record_id: String(record++),
          api: "wineventlog",
          event_data: data,
          ...(channel === "Security" ? { keywords: [code === 4625 ? "Audit Failure" : "Audit Success"] } : {}),
        },
        event: { code: String(code), provider, kind: "event", created: iso(t + rng.int(50, 900)), ...(channel === "Security" ? { module: "security" } : {}) },
        log: { level },
        host: { name: host.toLowerCase(), os: { family: "windows", version: "10.0", build: "20348.2402" } },
        service: { name: provider },
        agent: { type: "winlogbeat", version: "8.13.2" },
        ecs: { version: "8.0.0" },
      },
      label,
    );
  };
  const iis = (
    t: number,
    host: string,
    method: string,
    path: string,
    status: number,
    sub: number,
    win32: number,
    ms: number,
    client: string,
    ua: string,
    label: Label,
  ): void => {
    const ts = floorSec(t);
    const query = path.includes("?") ? path.split("?")[1] : "-";
    const stem = path.split("?")[0];
    inc.add(
      ts,
      {
        "@timestamp": iso(ts),
        message: `${spaceTime(ts)} 10.10.4.${servers.indexOf(host) + 11} ${method} ${stem} ${query} 443 - ${client} ${ua.replace(/ /g, "+")} - ${status} ${sub} ${win32} ${ms}`,
        http: { request: { method }, response: { status_code: status } },
        url: { path: stem, ...(query !== "-" ? { query } : {}) },
        source: { address: client, ip: client },
        user_agent: { original: ua },
        event: { duration: ms * 1_000_000, dataset: "iis.access", module: "iis" },
        log: { file: { path: `C:\\inetpub\\logs\\LogFiles\\W3SVC2\\u_ex${iso(ts).slice(2, 10).replace(/-/g, "")}.log` } },
        host: { name: host.toLowerCase() },
        service: { name: "iis" },
        agent: { type: "filebeat", version: "8.13.2" },
        ecs: { version: "8.0.0" },
      },
      label,
    );
  };

  // When the leaky pool recycles: every 25-40 minutes, as private bytes reach the limit.
  const recycles: number[] = [];
  for (let t = t0 + rng.int(10, 30) * MIN; t < end - 5 * MIN; t += rng.int(25, 40) * MIN) recycles.push(t);
  const oomAt = recycles.length > 2 ? recycles[recycles.length - 2]! + rng.int(5, 15) * MIN : end - 10 * MIN;
  const warmStarts = [...recycles, oomAt + 40 * SEC];
  const warmingUp = (t: number): number => {
    for (const r of warmStarts) if (t >= r && t < r + 70 * SEC) return 1 - (t - r) / (70 * SEC);
    return 0;
  };

  // Requests through the load balancer to all three servers.
  const uas = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "ShopApp/4.8.1 CFNetwork/1494.0.7 Darwin/23.4.0",
    "okhttp/4.12.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  ];
  for (const t of times(rng, t0, end, rng.int(3100, 3600))) {
    const host = rng.pick(servers);
    const [method, path, median] = rng.weighted([
      [["GET", `/api/catalog/products/${rng.int(1000, 9999)}`, 35], 35],
      [["GET", `/api/catalog/search?q=${rng.pick(["boots", "jacket", "gloves", "scarf", "tent"])}&page=${rng.int(1, 4)}`, 80], 20],
      [["GET", `/api/cart/${rng.uuid()}`, 25], 20],
      [["POST", "/api/cart/items", 45], 10],
      [["POST", "/api/orders", 160], 5],
      [["GET", "/health", 2], 10],
    ] as const);
    let ms = Math.round(Math.min(rng.logn(median, 0.45), median * 4));
    let status = 200;
    let sub = 0;
    let label: Label = null;
    if (host === leaky) {
      const w = warmingUp(t);
      if (w > 0) {
        // The new worker JIT-compiles and warms its caches; the first requests queue behind it.
        ms = Math.round(ms + w * rng.float(4000, 19000));
        if (ms >= median * 10) label = "performance";
      }
      if (t >= oomAt && t < oomAt + 40 * SEC) {
        status = 503;
        sub = 0;
        ms = rng.int(0, 15);
        label = "error";
      }
    }
    if (path === "/health" && status === 200) ms = rng.int(0, 3);
    const client = `10.10.1.${rng.int(5, 8)}`;
    iis(t, host, method, path, status, sub, 0, ms, client, path === "/health" ? "ELB-HealthChecker/2.0" : rng.pick(uas), label);
  }
  // Routine event log traffic: service accounts log on and off, the scheduler runs, WAS recycles idle pools.
  for (const host of servers) {
    for (const t of times(rng, t0, end, rng.int(60, 80))) {
      const acct = rng.pick(["svc-deploy", "svc-backup", "svc-monitor", "WEB$"]);
      const logonId = `0x${rng.hex(7)}`;
      winlog(
        t,
        host,
        "Security",
        "Microsoft-Windows-Security-Auditing",
        4624,
        "information",
        `An account was successfully logged on.\n\nSubject:\n\tSecurity ID:\t\tS-1-5-18\n\tAccount Name:\t\t${host}$\n\tAccount Domain:\t\tCORP\n\nLogon Information:\n\tLogon Type:\t\t${acct === "WEB$" ? 5 : 3}\n\nNew Logon:\n\tAccount Name:\t\t${acct}\n\tAccount Domain:\t\tCORP\n\tLogon ID:\t\t${logonId}`,
        null,
        { TargetUserName: acct, LogonType: acct === "WEB$" ? "5" : "3", IpAddress: acct === "WEB$" ? "-" : `10.10.2.${rng.int(10, 40)}` },
      );
      winlog(
        t + rng.int(2, 60) * SEC,
        host,
        "Security",
        "Microsoft-Windows-Security-Auditing",
        4634,
        "information",
        `An account was logged off.\n\nSubject:\n\tAccount Name:\t\t${acct}\n\tAccount Domain:\t\tCORP\n\tLogon ID:\t\t${logonId}\n\nLogon Type:\t\t\t3`,
        null,
        { TargetUserName: acct, TargetLogonId: logonId },
      );
    }
    for (const t of times(rng, t0, end, rng.int(8, 14)))
      winlog(
        t,
        host,
        "Microsoft-Windows-TaskScheduler/Operational",
        "Microsoft-Windows-TaskScheduler",
        102,
        "information",
        `Task Scheduler successfully finished "{${rng.uuid()}}" instance of the "\\Microsoft\\Windows\\${rng.pick(["UpdateOrchestrator\\Schedule Scan", "Defrag\\ScheduledDefrag", "WindowsUpdate\\Scheduled Start", "Diagnosis\\Scheduled"])}" task for user "NT AUTHORITY\\SYSTEM".`,
        null,
      );
    for (const t of times(rng, t0, end, rng.int(4, 8)))
      winlog(
        t,
        host,
        "System",
        "Microsoft-Windows-WAS",
        5186,
        "information",
        `A worker process with process id of '${rng.int(2000, 9000)}' serving application pool '${rng.pick(["ReportsApi", "AdminPortal"])}' was shutdown due to inactivity. Application Pool timeout configuration was set to 20 minutes. A new worker process will be started when needed.`,
        null,
        { AppPoolID: "ReportsApi" },
      );
    for (const t of times(rng, t0, end, rng.int(5, 9)))
      winlog(
        t,
        host,
        "Application",
        "ASP.NET 4.0.30319.0",
        1309,
        "warning",
        `Event code: 3005 \nEvent message: An unhandled exception has occurred. \nEvent time: ${spaceTime(t)} \nApplication information: \n    Application domain: /LM/W3SVC/2/ROOT-1-${rng.int(133000000, 134000000)} \n    Application Virtual Path: / \nException information: \n    Exception type: HttpException \n    Exception message: A potentially dangerous Request.Path value was detected from the client (<).`,
        null,
      );
  }
  // The leaky pool: recycles on the memory limit.
  let pid = rng.int(2000, 9000);
  for (const r of recycles) {
    const priv = rng.int(4_180_000, 4_194_000);
    winlog(
      r,
      leaky,
      "System",
      "Microsoft-Windows-WAS",
      5117,
      "information",
      `A worker process with process id of '${pid}' serving application pool 'ShopApi' has requested a recycle because it reached its private bytes memory limit.`,
      "memory",
      { AppPoolID: "ShopApi", ProcessID: String(pid), PrivateBytesKB: String(priv) },
    );
    pid = rng.int(2000, 9000);
    winlog(
      r + rng.int(300, 1500),
      leaky,
      "Application",
      "ShopApi",
      1000,
      "information",
      `ShopApi starting. Version=6.3.1.0 Runtime=.NET Framework 4.8.9181.0 Process=${pid}`,
      null,
    );
  }
  // And dies once before a recycle could save it.
  {
    const oomPid = rng.int(2000, 9000);
    winlog(
      oomAt,
      leaky,
      "Application",
      ".NET Runtime",
      1026,
      "error",
      `Application: w3wp.exe\nFramework Version: v4.0.30319\nDescription: The process was terminated due to an unhandled exception.\nException Info: System.OutOfMemoryException\n   at System.String.CtorCharArrayStartLength(Char[], Int32, Int32)\n   at System.Text.StringBuilder.ToString()\n   at Acme.Shop.Catalog.SearchResultCache.Serialize(SearchResult)\n   at Acme.Shop.Catalog.SearchResultCache.Add(String, SearchResult)\n   at Acme.Shop.Api.Controllers.SearchController.Get(String, Int32)`,
      "memory",
    );
    winlog(
      oomAt + 400,
      leaky,
      "Application",
      "Application Error",
      1000,
      "error",
      `Faulting application name: w3wp.exe, version: 10.0.20348.1, time stamp: 0x${rng.hex(8)}\nFaulting module name: KERNELBASE.dll, version: 10.0.20348.2402, time stamp: 0x${rng.hex(8)}\nException code: 0xe0434352\nFault offset: 0x000000000005f3fc\nFaulting process id: 0x${oomPid.toString(16)}\nFaulting application path: c:\\windows\\system32\\inetsrv\\w3wp.exe\nReport Id: ${rng.uuid()}`,
      "error",
    );
    winlog(
      oomAt + 1200,
      leaky,
      "System",
      "Microsoft-Windows-WAS",
      5011,
      "warning",
      `A process serving application pool 'ShopApi' suffered a fatal communication error with the Windows Process Activation Service. The process id was '${oomPid}'. The data field contains the error number.`,
      "error",
      { AppPoolID: "ShopApi", ProcessID: String(oomPid) },
    );
  }
  // Someone outside tries the Administrator account over RDP, a few times a minute for half an hour.
  const bruteStart = t0 + Math.floor(span * rng.float(0.15, 0.6));
  const attacker = `${rng.pick(["185.220.101", "45.148.10", "194.180.49"])}.${rng.int(2, 250)}`;
  const target = rng.pick(servers);
  for (const t of times(rng, bruteStart, bruteStart + rng.int(20, 35) * MIN, rng.int(60, 90))) {
    const user = rng.weighted([
      ["Administrator", 60],
      ["administrator", 15],
      ["admin", 10],
      ["Admin", 5],
      ["user", 5],
      ["test", 5],
    ] as const);
    winlog(
      t,
      target,
      "Security",
      "Microsoft-Windows-Security-Auditing",
      4625,
      "information",
      `An account failed to log on.\n\nSubject:\n\tSecurity ID:\t\tS-1-0-0\n\tAccount Name:\t\t-\n\nLogon Type:\t\t\t10\n\nAccount For Which Logon Failed:\n\tAccount Name:\t\t${user}\n\tAccount Domain:\t\t\n\nFailure Information:\n\tFailure Reason:\t\tUnknown user name or bad password.\n\tStatus:\t\t\t0xC000006D\n\tSub Status:\t\t0xC000006A\n\nNetwork Information:\n\tWorkstation Name:\t-\n\tSource Network Address:\t${attacker}\n\tSource Port:\t\t0`,
      "pattern",
      { TargetUserName: user, LogonType: "10", IpAddress: attacker, Status: "0xc000006d", SubStatus: "0xc000006a" },
    );
  }
  return inc.finish();
}
