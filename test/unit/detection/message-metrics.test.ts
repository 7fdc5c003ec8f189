import { describe, expect, it } from "vitest";
import { countErrorKeywords, mentionsTimeout, parseMemoryPct, parseResponseTimeMs } from "../../../src/detection/features/features.js";
import {
  concernWord,
  namelessActor,
  reportsChange,
  statesLifetime,
  zeroLifetime,
  customerRefusal,
  DELAY_LOCK_WAIT,
  DELAY_NONE,
  DELAY_SLOW,
  DELAY_TIMEOUT,
  defectName,
  delayWords,
  failsOnOwnSide,
  isStackFrame,
  livedWith,
  mentionsOutOfMemory,
  responseTimePlan,
  speaksOfLag,
  speaksOfMemory,
  statedLimit,
  statedLimitFromPlan,
  statesOnlyAValue,
} from "../../../src/detection/features/message-metrics.js";

describe("parseResponseTimeMs", () => {
  it.each([
    ["Database connection timeout after 30s", 30000],
    ["GET /api/users 200 in 45ms", 45],
    ["query took 1.2 s", 1200],
    ["query took 1.2 seconds", 1200],
    ["request latency=120ms", 120],
    ["duration: 350 ms", 350],
    ["elapsed 2.5s", 2500],
    ["response_time=812", 812],
    ["responseTime: 97", 97],
    ["duration_ms=350", 350],
    ["elapsed_s=1.5", 1500],
    ["batch finished in 3 minutes", 180000],
    ["rpc took 250us", 0.25],
    ["rpc took 250µs", 0.25],
    ["GET /health 200 3ms", 3],
    ["Completed in 45ms.", 45],
    ["upstream timed out after 2 hours", 7_200_000],
  ])("%s -> %d ms", (message, expected) => {
    expect(parseResponseTimeMs(message)).toBeCloseTo(expected, 9);
  });

  it("reads Elasticsearch's slow log, a time in brackets after its key", () => {
    const line = "[logs-app-00043][5] took[23.1s], took_millis[23133], total_hits[10000+ hits], stats[], search_type[QUERY_THEN_FETCH]";
    expect(parseResponseTimeMs(line)).toBeCloseTo(23_100, 9);
    expect(parseResponseTimeMs("[shard 2] took_millis[812]")).toBe(812);
    expect(parseResponseTimeMs("hits[812], shards[5]")).toBe(0);
  });

  it("reads used/total sizes with the unit on the total only, and no percentage of another key", () => {
    expect(parseMemoryPct("gpu0 util=3% mem=15.7/16.0GiB enc_sessions=0 temp=63C")).toBeCloseTo(98.125, 6);
    expect(parseMemoryPct("heap 1900MiB of 2048MiB")).toBeCloseTo(92.77, 1);
    // The 90 % is the utilisation's; the memory is 4.8 of 16 GiB.
    expect(parseMemoryPct("gpu0 util=90% mem=4.8/16.0GiB enc_sessions=3")).toBeCloseTo(30, 6);
    expect(parseMemoryPct("cpu 90% mem: 12%")).toBe(12);
    expect(parseMemoryPct("92% of heap used")).toBe(92);
  });

  it("reads the JVM's memory words and Elasticsearch's GC monitor lines", () => {
    expect(parseMemoryPct("GC(2089) To-space exhausted")).toBe(98);
    expect(parseMemoryPct("GC(17) Pause Young (Normal) (G1 Evacuation Pause) evacuation failure")).toBe(98);
    expect(parseMemoryPct("[ParNew: promotion failed: 30720K->30720K(30720K)]")).toBe(98);
    expect(mentionsOutOfMemory("concurrent mode failure")).toBe(true);
    // An old-generation collection's heap after it, in brackets; a young one's says less.
    const old = "[gc][old][281828][105] duration [7.6s], collections [1]/[8s], total [7.6s]/[2.5m], memory [29.3gb]->[29.1gb]/[30gb]";
    expect(parseMemoryPct(old)).toBeCloseTo(97, 0);
    expect(parseMemoryPct("[gc][young][1][2] duration [900ms], collections [1]/[1s], memory [29.3gb]->[27gb]/[30gb]")).toBe(0);
    // Time spent collecting: a memory gauge from Elasticsearch's own warning level, half the time.
    expect(parseMemoryPct("[gc][208065] overhead, spent [4.8s] collecting in the last [5.3s]")).toBeCloseTo(90.57, 1);
    expect(parseMemoryPct("[gc][208066] overhead, spent [800ms] collecting in the last [1s]")).toBeCloseTo(80, 9);
    expect(parseMemoryPct("[gc][208067] overhead, spent [310ms] collecting in the last [1s]")).toBe(0);
    expect(mentionsOutOfMemory("[gc][208065] overhead, spent [4.8s] collecting in the last [5.3s]")).toBe(false);
    // Go's gctrace: the live heap against the next goal, 50 % with GOGC=100, near 100 % under the memory limit.
    const go = (live: number, goal: number) =>
      parseMemoryPct(
        `gc 206 @20646.433s 48%: 0.94+78+0.050 ms clock, 0.400+1.4/140/45+0.211 ms cpu, 3056->3057->${live} MB, ${goal} MB goal, 116 MB stacks, 2 P`,
      );
    expect(go(633, 1267)).toBeCloseTo(49.96, 1);
    expect(go(2931, 3072)).toBeCloseTo(95.41, 1);
  });

  it("reads a limit the line states as the bar, never as the time taken", () => {
    const limitOf = (m: string) => statedLimitFromPlan(m, responseTimePlan(m));
    const tick = "tick overrun: tick 35958 took 88.6ms (budget 33.3ms), 7 ticks skipped";
    expect(parseResponseTimeMs(tick)).toBeCloseTo(88.6, 9);
    expect(limitOf(tick)).toBeCloseTo(33.3, 9);
    // The limit first: the time taken is still the one read.
    expect(parseResponseTimeMs("threshold 1s exceeded: query took 3.2s")).toBe(3200);
    expect(limitOf("threshold 1s exceeded: query took 3.2s")).toBe(1000);
    expect(limitOf("commit took 250ms, expected 100ms")).toBe(100);
    expect(limitOf("request took 1500 ms, SLO: 1s")).toBe(1000);
    // What a time exceeds is the bar it was held to.
    const disk = "disk /dev/sdb p99 latency 2011ms over last 60s exceeds 500ms";
    expect(parseResponseTimeMs(disk)).toBe(2011);
    expect(limitOf(disk)).toBe(500);
    expect(limitOf("request exceeded 30s")).toBe(30_000);
    expect(limitOf("queue depth exceeds 500 items")).toBe(0);
    // A soft limit is crossed by design; a stats line's maximum is a measurement; no unit, no limit.
    expect(limitOf("Bulk request took 1013 ms, exceeding soft limit of 500 ms")).toBe(0);
    expect(limitOf("tick stats: avg 29.7ms p99 78.3ms max 120ms")).toBe(0);
    expect(limitOf("rate limit 100 per client")).toBe(0);
    expect(limitOf("took 20ms")).toBe(0);
    // A time compared with another is held to it; an arrow is a change, not a bar.
    const halt = "Halt ranker.search advancement request duration 281ms > 100ms";
    expect(parseResponseTimeMs(halt)).toBe(281);
    expect(limitOf(halt)).toBe(100);
    expect(statedLimit(halt)).toBe(100);
    expect(limitOf("p95 612 ms >= 500 ms")).toBe(500);
    expect(limitOf("latency 50ms -> 200ms")).toBe(0);
    expect(limitOf("latency 50ms => 200ms")).toBe(0);
    expect(limitOf("queue 5 > 3")).toBe(0);
  });

  it("reads nginx's timed access format in seconds, and a bare rt= in ms", () => {
    const line = '203.0.113.216 - - [21/Aug/2025:17:29:01 +0000] "POST /?wc-ajax=checkout HTTP/2.0" 200 6320 "-" "Mozilla/5.0" rt=4.076 uct=0.000 urt=4.075';
    expect(parseResponseTimeMs(line)).toBeCloseTo(4076, 6);
    expect(parseResponseTimeMs('"GET / HTTP/1.1" 200 512 "-" "curl" rt=0.012 uct="0.000" uht="0.010" urt="0.011"')).toBeCloseTo(12, 6);
    expect(parseResponseTimeMs('"GET / HTTP/1.1" 502 0 rt=0.002 urt="-"')).toBeCloseTo(2, 6);
    expect(parseResponseTimeMs("cache lookup rt=12")).toBe(12);
  });

  it("reads a time whose thousands are grouped by commas, and no digits after a digit and a comma", () => {
    // EF Core: "Executed DbCommand (1,204ms)", once read as 204 ms.
    expect(parseResponseTimeMs("Executed DbCommand (1,204ms) [Parameters=[]]")).toBe(1204);
    expect(parseResponseTimeMs("request took 1,204.5 ms")).toBe(1204.5);
    // A decimal comma or a list is not a grouped number, and its last part is not a time alone.
    expect(parseResponseTimeMs("latency 3,5s")).toBe(0);
    expect(parseResponseTimeMs("done in 1,2045ms")).toBe(0);
  });

  it("reads Solr's query time, QTime in ms", () => {
    expect(parseResponseTimeMs("webapp=/solr path=/select params={q=boots&rows=24} hits=3268 status=0 QTime=812")).toBe(812);
    expect(parseResponseTimeMs("QTime: 5")).toBe(5);
  });

  it("reads OpenStack's bare seconds after 'time:'", () => {
    const line = '10.0.0.5 "GET /v2/54fadb41/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829';
    expect(parseResponseTimeMs(line)).toBeCloseTo(247.7829, 6);
  });

  it.each([
    "took 1.5m",
    "music of the 1930s",
    "born in the 1930s",
    "release 1.2.3 deployed to 10.0.0.1",
    "HTTP/1.1 200 OK",
    "uploaded 512MB",
    "cached 30s of video",
    "retrying in 5s",
    "will retry after 30 seconds",
    "logged at time: 2025-09-19T07:49:29Z",
    "ts=1695112169 time=1695112169",
    "thanks from 5 us",
    "processed 42 items",
    "CPU 95%",
    "",
  ])("no response time in %j", (message) => {
    expect(parseResponseTimeMs(message)).toBe(0);
  });

  it("takes the first plausible time, not a later one", () => {
    expect(parseResponseTimeMs("GET /x 200 in 45ms (db 30ms)")).toBe(45);
  });
});

describe("parseMemoryPct", () => {
  it.each([
    ["heap used 95%", 95],
    ["memory usage: 87.5%", 87.5],
    ["mem=91%", 91],
    ["Memory usage is high: 92%", 92],
    ["95% of heap used", 95],
    ["CPU 95%, memory 40%", 40],
    ["java.lang.OutOfMemoryError: Java heap space", 100],
    ["FATAL: JavaScript heap out of memory", 100],
    ["container OOM killed", 100],
    ["Reason: OOMKilled", 100],
    ["fork failed: Cannot allocate memory", 100],
    ["GC overhead limit exceeded", 98],
    ["Node ip-10-0-3-17 status is now: NodeHasInsufficientMemory", 98],
    ["Attempting to reclaim memory", 98],
    ["The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki.", 98],
    ["0/6 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, 5 Insufficient memory.", 98],
    ["Container killed by YARN for exceeding physical memory limits.", 98],
    ["Memory quota exceeded", 98],
    ["heap used 1.8GB of 2GB", 90],
    ["memory 150%", 100],
  ])("%s -> %d%%", (message, expected) => {
    expect(parseMemoryPct(message)).toBeCloseTo(expected, 9);
  });

  it.each([
    "Node ip-10-0-3-17 status is now: NodeHasSufficientMemory",
    "Node ip-10-0-3-17 status is now: NodeHasNoMemoryPressure",
    "allow memory",
    "Thermal pressure state: 1 Memory pressure state: 0",
  ])("no memory pressure in %j", (message) => {
    expect(parseMemoryPct(message)).toBe(0);
  });

  it.each(["CPU 95%", "disk 90%", "progress 50%", "memory ok; CPU 95%", "zoom 50%", "param=50%", "room 12 booked", "used 1.8GB of 2GB", ""])(
    "no memory usage in %j",
    (message) => {
      expect(parseMemoryPct(message)).toBe(0);
    },
  );
});

describe("countErrorKeywords", () => {
  it.each([
    // Only "timeout" is a keyword here; "connection" is not and the level is another feature.
    ["Database connection timeout after 30s", 1],
    ["request failed: connection refused", 2],
    ["NullPointerException in handler", 1],
    ["java.lang.OutOfMemoryError: Java heap space", 1],
    ["ConnectionRefusedError", 2],
    ["Timed out; FATAL crash", 3],
    ["ERROR ERROR error", 3],
    ["Traceback (most recent call last): panic: deadlock", 3],
    ["service unavailable, host unreachable, permission denied", 3],
    ["OOM killed", 2],
    ["aborted: critical failure", 3],
  ])("%s -> %d", (message, expected) => {
    expect(countErrorKeywords(message)).toBe(expected);
  });

  it.each(["stderror", "failover complete", "room zoom boom", "fatalities", "critically acclaimed", "all good", ""])("no keyword in %j", (message) => {
    expect(countErrorKeywords(message)).toBe(0);
  });
});

describe("mentionsTimeout", () => {
  it("recognises timeout wording", () => {
    expect(mentionsTimeout("Database connection timeout after 30s")).toBe(true);
    expect(mentionsTimeout("upstream timed out")).toBe(true);
    expect(mentionsTimeout("rpc error: DEADLINE EXCEEDED")).toBe(true);
    // gRPC's status code as Go (DeadlineExceeded) and the other languages (DEADLINE_EXCEEDED) spell it.
    expect(mentionsTimeout("finished unary call with code DeadlineExceeded")).toBe(true);
    expect(mentionsTimeout("io.grpc.StatusRuntimeException: DEADLINE_EXCEEDED: deadline exceeded after 0.99s")).toBe(true);
    expect(mentionsTimeout("finished unary call with code OK")).toBe(false);
    // Linux's NFS client after a request's major timeout; a node a scheduler marks down is not a timeout.
    expect(mentionsTimeout("nfs: server nas01 not responding, still trying")).toBe(true);
    expect(mentionsTimeout("error: Nodes c077 not responding, setting DOWN")).toBe(false);
    expect(mentionsTimeout("runtime output ready")).toBe(false);
  });
});

describe("memory in producers' own words", () => {
  it("reads AWS Lambda's REPORT line as used of size, and ClickHouse's memory limit as pressure", () => {
    const report = "REPORT RequestId: 4f1c\tDuration: 819.94 ms\tBilled Duration: 820 ms\tMemory Size: 1024 MB\tMax Memory Used: 1018 MB";
    expect(parseMemoryPct(report)).toBeCloseTo(99.41, 2);
    expect(parseMemoryPct("Code: 241. DB::Exception: Memory limit (total) exceeded: would use 27.94 GiB")).toBe(98);
    // Elasticsearch's circuit breakers guard the heap: a request refused by one is memory pressure.
    expect(
      parseMemoryPct("[parent] Data too large, data for [<reduce_aggs>] would be [29.8gb/29.3gb], which is larger than the limit of [28.5gb/28.5gb]"),
    ).toBe(98);
    expect(parseMemoryPct("org.elasticsearch.common.breaker.CircuitBreakingException")).toBe(98);
    expect(parseMemoryPct("payload too large")).toBe(0);
    // RabbitMQ's memory alarm blocks every publisher; its clearing is not pressure.
    expect(parseMemoryPct("vm_memory_high_watermark set. Memory used:4042687886 allowed:3435973837")).toBe(98);
    expect(parseMemoryPct("memory resource limit alarm set on node 'rabbit@mq-1'.")).toBe(98);
    expect(parseMemoryPct("vm_memory_high_watermark clear. Memory used:3221225472 allowed:3435973837")).toBe(0);
    expect(mentionsOutOfMemory("memory resource limit alarm cleared on node 'rabbit@mq-1'")).toBe(false);
    expect(mentionsOutOfMemory("Memory limit (for query) exceeded")).toBe(true);
    expect(mentionsOutOfMemory("memory limit (total) set to 28 GiB")).toBe(false);
  });
});

describe("speaksOfLag", () => {
  it("finds a consumer, replica or event loop falling behind, not lag inside other words", () => {
    for (const about of [
      "Consumer lag",
      "replication lag 42s on replica-2",
      "event loop lag 812ms",
      "Seconds_Behind_Master: 340",
      "standby is lagging behind the primary",
    ])
      expect(speaksOfLag(about), about).toBe(true);
    for (const other of [
      "feature flag flipped",
      "collagen order shipped",
      "GET /api/lagoon 200",
      // A base64 frame whose letters happen to spell lag.
      "telemetry frame payload=Q2hhbmdlZCBkZWxpdmVyeSBzdGF0ZQ+lag/9YWxsIG9yZGVycyBjbG9zZWQgYXQgbWlkbmlnaHQ=",
    ])
      expect(speaksOfLag(other), other).toBe(false);
  });

  it("finds latency and work held back by a stated time", () => {
    for (const about of [
      "fsync-ing the write ahead log in SyncThread:3 took 9245ms which will adversely effect operation latency",
      "Delaying inserting block by 120 ms. because there are 310 parts",
      "requests delayed by 2s",
    ])
      expect(speaksOfLag(about), about).toBe(true);
    for (const other of ["delay 5", "no delay configured", "relay started"]) expect(speaksOfLag(other), other).toBe(false);
  });
});

describe("speaksOfMemory", () => {
  it("finds memory, heaps, collectors and spills in what a line is about, not in other words", () => {
    for (const about of [
      "process_memory_high",
      "G1 Old Generation GC in 1203ms.  G1 Old Gen: 7516192768 -> 7480000000",
      "[gc] GC(812) Pause Full (G1 Compaction Pause)",
      "worker rss=3.1GiB",
      "Thread 84 spilling in-memory map of 412 MiB to disk (3 times so far)",
      "Metaspace nearly full",
      "Old Gen 95% used after full GC",
      "old gen 2048M of 2048M",
      // A word of memory beside a blob is still a word.
      "heap dump written: 9f2c7a1e44b0d6e8a3c5f7b9d1e3a5c7e9f1b3d5a7c9e1f3b5d7a9c1e3f5a7b9",
    ])
      expect(speaksOfMemory(about), about).toBe(true);
    for (const other of [
      "parameter ramp-up done",
      "GET /api/programs 200",
      "memo saved",
      "gcloud deploy finished",
      "queue depth 4012",
      // A base64 body whose letters happen to spell a word of memory.
      "send_request_body.started body=b'lTH8Zj5D3WR1nHmlb5qU3+GC/hUdY3loeOoVPrhUolK0FjKMLAfMe0/aiwddrBK'",
      // Kafka's count of a consumer group's rebalances, not a heap's old generation.
      "[GroupCoordinator 1]: Preparing to rebalance group ledger-writer in state PreparingRebalance with old generation 195 (__consumer_offsets-17)",
    ])
      expect(speaksOfMemory(other), other).toBe(false);
  });
});

describe("start-up durations, GC lines and heap reports", () => {
  it("does not read how long a start-up took as a response time", () => {
    expect(parseResponseTimeMs("Started OrderApplication in 8.412 seconds (JVM running for 9.1)")).toBe(0);
    expect(parseResponseTimeMs("Server ready in 1200ms")).toBe(0);
    expect(parseResponseTimeMs("GET /users 200 in 45ms")).toBe(45);
  });

  it("reads a GC line's heap after collection as memory, and not its pause as a response time", () => {
    const line = "[84034.750s][info][gc] GC(4718) Pause Young (Normal) (G1 Evacuation Pause) 1998M->1871M(2048M) 23.647ms";
    expect(parseResponseTimeMs(line)).toBe(0);
    expect(parseMemoryPct(line)).toBeCloseTo((100 * 1871) / 2048, 9);
    expect(parseMemoryPct("[GC (Allocation Failure) 524288K->123456K(1048576K), 0.0123 secs]")).toBeCloseTo((100 * 123456) / 1048576, 9);
  });

  it("reads used and max sizes as memory", () => {
    expect(parseMemoryPct("JVM heap: used=858MiB committed=1536MiB max=2048MiB")).toBeCloseTo((100 * 858) / 2048, 9);
    expect(parseMemoryPct("heap: used=1.5GiB max=2GiB")).toBeCloseTo(75, 9);
  });

  it("reads a line that reports two pools as its fullest", () => {
    const line = "Metaspace used=501.6MB committed=506.6MB max=512.0MB, loaded classes=44307, heap used=1422MB of 2048MB";
    expect(parseMemoryPct(line)).toBeCloseTo((100 * 501.6) / 512, 9);
    expect(parseMemoryPct(line.replace("501.6MB committed=506.6MB", "101.6MB committed=106.6MB"))).toBeCloseTo((100 * 1422) / 2048, 9);
  });
});

describe("concernWord", () => {
  it.each([
    ["certificate for api.internal expires in 0 days", "expires"],
    ["config reloaded: feature flag flipped by unknown actor", "unknown"],
    ["checksum mismatch on replica 2", "mismatch"],
    ["Purged expired sessions", undefined],
    ["user 42 logged in", undefined],
    ["unknownHost is a field name", undefined],
    ["Accepted password for root from 185.220.7.179 port 47749 ssh2", "for root"],
    ["new user: name=sysupd, UID=0, GID=0, home=/var/lib/sysupd", "new user"],
    ["sshd: session opened, USER=root ; COMMAND=/bin/bash", "USER=root"],
    ["org_security_policy_updated", "security_policy"],
    ["MFA disabled for user alice@example.com", "MFA disabled"],
    ["api token created", "api token created"],
    ["role granted: billing-admin to svc-export", "role granted"],
    ["root cause analysis attached", undefined],
    ["serving files from document root /var/www", undefined],
    ["uid=1000 gid=1000 session opened", undefined],
    ["token refreshed for user 42", undefined],
    ["message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]", undefined],
    ["PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh user=root", undefined],
    // A change of leader, in etcd's raft, ZooKeeper's, a database's words.
    ["c2d84b19e6f07a35 is starting a new election at term 12", "starting a new election"],
    ["raft.node: c2d84b19e6f07a35 elected leader c2d84b19e6f07a35 at term 13", "elected leader"],
    ["c2d84b19e6f07a35 became leader at term 13", "became leader"],
    ["primary db-1 unreachable, failing over to db-2", "failing over"],
    ["Failover completed: db-2 promoted", "Failover"],
    ["leader stepped down: lost quorum", "stepped down"],
    ["c2d84b19e6f07a35 became follower at term 13", undefined],
    ["election results published for district 7", undefined],
    ["leader lease renewed", undefined],
    // A change of state a healthy component does not go through.
    ["modbus read recovered after retry", "recovered"],
    ["Entropy source hwrng restored after 42 s of failed health tests", "restored"],
    ["ciodb has been restarted.", "restarted"],
    ["LOG:  all server processes terminated; reinitializing", "reinitializing"],
    ["all resolvers unhealthy; keeping anycast routes announced", "unhealthy"],
    ["Upload 7f3a quarantined: thumbnail pipeline rejected object", "quarantined"],
    ["Spreader SP-4 taken out of service by maintenance", "out of service"],
    ["cache backend unavailable, falling back to postgres", "falling back"],
    ["Manual twistlock override requested by operator", "override"],
    ["3 fallbacks configured for the geocoder", undefined],
    ["restart policy: on-failure", undefined],
    ["overrides loaded from /etc/app/overrides.yaml", undefined],
  ])("finds the word of concern in %j", (text, word) => {
    expect(concernWord(text)).toBe(word);
  });
});

describe("a change by an actor the line cannot name (reportsChange, namelessActor)", () => {
  const namelessChange = (text: string) => (reportsChange(text) ? namelessActor(text) : undefined);
  it.each([
    ["config reloaded: feature flag checkout.v2 flipped to true by unknown actor (api key ak_x1***)", "by unknown"],
    ["Configuration reloaded by unknown actor (principal=<none>, source=172.16.4.9), keys changed: 7", "by unknown"],
    ["runtime property payments.skip_3ds set to true by an unidentified user", "by an unidentified"],
    ["feature flag updated: grading.curve_v2 -> on (actor=unknown)", "actor=unknown"],
    ["role granted to svc-export by unrecognized principal", "by unrecognized"],
    // A named actor, traffic from a host nobody knows, a login that failed: not a change by a nameless actor.
    ["feature flag checkout.v2 flipped to true by deploy-bot", undefined],
    ["connection from unknown host 10.2.3.4 closed", undefined],
    ["login by unknown user rejected", undefined],
    ["Failed to apply config pushed by unknown actor", undefined],
    ["config reloaded by unknown actor", "by unknown"],
    ["cache entry for unknown actor id 42 not found", undefined],
  ])("names the actor of a change in %j", (text, actor) => {
    expect(namelessChange(text)).toBe(actor);
  });
});

describe("zeroLifetime", () => {
  it.each([
    ["certificate for api.internal expires in 0 days (not after 2025-10-10T23:59:59Z)", "expires in 0 days"],
    ["license heartbeat ok: feature=sim-solver seats 250/250, expires in 0 days", "expires in 0 days"],
    ["SSO signing certificate valid for 0 days", "valid for 0 days"],
    ["tls cert check: 0 days left on *.shop.example", "0 days left"],
    ["cert_check host=api days_left=0", "days_left=0"],
    ["certificate for api.internal expires in 87 days", undefined],
    ["certificate for api.internal expires in 10 days", undefined],
    ["access token issued, expires in 1 hours", undefined],
    ["Task users.expire_sessions[4c2ff740-0d24-467f] received", undefined],
    ["purged 0 expired sessions", undefined],
    ["cache entries left: 0", undefined],
  ])("reads a lifetime run out in %j", (text, words) => {
    expect(zeroLifetime(text)).toBe(words);
  });
});

describe("statesLifetime", () => {
  it.each([
    ["certificate for api.internal expires in <*> days (not after <*>", true],
    ["license heartbeat ok: <*> seats <*> expires in <*> days", true],
    ["tls cert check: <*> days left on <*>", true],
    ["cert_check host=<*> days_left=<*>", true],
    ["certificate for api.internal expires in 0 days", true],
    ["token valid for user <*>", false],
    ["session expired for <*>", false],
    ["rows left: <*>", false],
  ])("reads the lines of %j for a lifetime run out: %s", (text, expected) => {
    expect(statesLifetime(text)).toBe(expected);
  });
});

describe("statesOnlyAValue", () => {
  it.each([
    ["instruction address: 0x00004ed8", true],
    ["machine state register: 0x00002000", true],
    ["floating point instr. enabled.....1", true],
    ["problem state (0=sup,1=usr).......0", true],
    ["retries = 3", true],
    ["data storage interrupt", false],
    ["rts: kernel terminated for reason 1003", false],
    ["ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.116:33569", false],
    ["program interrupt: illegal instruction......0", false],
    ["errors: 12", false],
    ["GET /api/users/42 200 in 45ms", false],
    ["Caused by: java.lang.NullPointerException", false],
  ])("%j states only a value: %s", (text, expected) => {
    expect(statesOnlyAValue(text)).toBe(expected);
  });
});

describe("isStackFrame", () => {
  it.each([
    ["goroutine 24860 [running]:", true],
    ["github.com/shopco/geo-svc/internal/rates.(*Zone).PostcodePrefix(...)", true],
    ["\t/src/internal/rates/zone.go:137 +0x1d", true],
    ["runtime.throw({0x2b8c1e5?, 0x2000?})", true],
    ["\t/usr/local/go/src/runtime/panic.go:1077 +0x5c fp=0x7ffc8b1e2c48 sp=0x7ffc8b1e2c18 pc=0x43d81c", true],
    ["\tat com.shop.Cart.add(Cart.java:42)", true],
    ["    at Object.<anonymous> (/app/index.js:10:5)", true],
    ['  File "/app/handlers.py", line 12, in handle', true],
    ["\t... 23 more", true],
    ["   at Shop.Api.CartController.Add() in /src/Cart.cs:line 42", true],
    ["GET /api/users 200", false],
    ["connected to db at 10.0.0.1:5432", false],
    ["look at this (please)", false],
    ["Caused by: java.lang.NullPointerException", false],
  ])("%j is a line of a stack trace: %s", (text, expected) => {
    expect(isStackFrame(text)).toBe(expected);
  });
});

describe("defectName", () => {
  it.each([
    ["NoMethodError: undefined method `signing_secret' for nil", "NoMethodError"],
    ["java.lang.NullPointerException at com.shop.Cart.total(Cart.java:42)", "NullPointerException"],
    ["TypeError: Cannot read properties of undefined (reading 'id')", "TypeError"],
    ["panic: runtime error: invalid memory address or nil pointer dereference", "invalid memory address"],
    ["connection refused by db-1:5432", undefined],
    ["Validation failed: email is invalid", undefined],
    ["KeyTypeErrors counter reset", undefined],
  ])("names the programming error in %j", (text, name) => {
    expect(defectName(text)).toBe(name);
  });
});

describe("delayWords", () => {
  it.each([
    ["apply request took too long", DELAY_SLOW],
    ["slow fdatasync", DELAY_SLOW],
    ["Slow query", DELAY_SLOW],
    ["[pool www] child 31056, script '/var/www/index.php' executing too slow (5.146 sec), logging", DELAY_SLOW],
    ["tick overrun: tick 4411 took 61.2ms (budget 50.0ms)", DELAY_SLOW],
    ["feature view user_txn_30d is stale: age PT15M1S exceeds SLO PT15M", DELAY_SLOW],
    ["p99 latency exceeded the threshold", DELAY_SLOW],
    ["request time 1.2 s exceeds threshold 1s", DELAY_SLOW],
    ["reject ratio 18.6% exceeds threshold 1.0%; batch 48368 committed", DELAY_NONE],
    ["queue depth 5400 exceeded the threshold of 5000 messages", DELAY_NONE],
    ["SLA missed for task aggregate_ledger in DAG finance_daily; running for 2340s", DELAY_SLOW],
    ["job nightly-export missed its deadline", DELAY_SLOW],
    ["SLA report sent to finance", DELAY_NONE],
    ["duration: 608.539 ms  execute <unnamed>: SELECT id FROM outbox LIMIT 100", DELAY_SLOW],
    ["duration: 1.2 ms  statement: BEGIN", DELAY_SLOW],
    ["job finished, duration: 12 ms", DELAY_NONE],
    ["Executing <Task pending name='Task-60699' coro=<RequestHandler._handle_request()>> took 1.258 seconds", DELAY_SLOW],
    ["upstream timed out while reading response header", DELAY_TIMEOUT],
    ["Slow cache lookup for key user:1", DELAY_NONE],
    ["Health check update: 60 slow ops, oldest one blocked for 40 sec, osd.7 has slow ops (SLOW_OPS)", DELAY_SLOW],
    ["process 26821 still waiting for RowExclusiveLock on relation 16402 of database 16384 after 1000.017 ms", DELAY_LOCK_WAIT],
    ["process 50335 still waiting for ExclusiveLock on advisory lock [16384,0,42,1] after 1000.12 ms", DELAY_LOCK_WAIT],
    ["Still waiting for advisory lock feed_export (waited 300s; held by pid 56592)", DELAY_LOCK_WAIT],
    ["still waiting for the lock on orders.lock", DELAY_LOCK_WAIT],
    ["still waiting for clock synchronisation", DELAY_NONE],
    ["still waiting for blocks from datanode 7", DELAY_NONE],
    ["Lock wait timeout exceeded; try restarting transaction", DELAY_TIMEOUT],
    ["process 26821 acquired RowExclusiveLock on relation 16402 of database 16384 after 1201.5 ms", DELAY_NONE],
    ["GET /slow-endpoint 200 in 12ms", DELAY_NONE],
  ])("reads how %j reports a delay", (text, code) => {
    expect(delayWords(text)).toBe(code);
  });
});

describe("customerRefusal", () => {
  it.each([
    "Payment for order 3987888 failed: provider returned 402 card_declined",
    "Payment for order 12 failed: provider returned 402 insufficient_funds",
    "card declined for customer cus_9toixmx: expired_card",
    "Payment ac8a937429bd declined: insufficient funds",
    "charge ch_123 was declined by the issuer",
    "stripe error: incorrect_cvc",
  ])("a bank's refusal: %s", (message) => {
    expect(customerRefusal(message)).toBe(true);
  });

  it.each([
    "Payment for order 12 failed: connection reset by peer",
    "NullPointerException in PaymentService.charge",
    "connection declined by upstream proxy",
    "HTTP 500 Internal Server Error on POST /api/payments",
  ])("not a refusal: %s", (message) => {
    expect(customerRefusal(message)).toBe(false);
  });
});

describe("failsOnOwnSide", () => {
  it.each([
    "dial tcp 10.2.0.7:5432: connect: connection refused",
    "Publish failed: ECONNRESET",
    "upstream request timed out after 30000 ms",
    "rpc error: code = DeadlineExceeded desc = context deadline exceeded",
    "inventory-svc unavailable, retrying in 5 s",
    "HTTP 503 from pricing-api",
    "could not connect to server: No route to host",
    "Temporary failure in name resolution",
    "circuit breaker is open for ledger",
    "write /var/lib/tsdb/wal/0042: no space left on device",
    "connection pool exhausted (50/50 in use)",
    "JetStream rejected publish: maximum messages exceeded",
  ])("its service cannot do its work: %s", (message) => {
    expect(failsOnOwnSide(message)).toBe(true);
  });

  it.each([
    "Record 4412 rejected: invalid postcode in field 7",
    "GET /archive/1998/page.html 404 not found",
    "access denied for 203.0.113.9: rule 942100",
    "render batch 8812 completed in 41 s",
    "frame dropped: CRC mismatch",
    "session established with negotiated timeout=30000",
    "token expired for user 8812: 401 unauthorized",
    "Connection pool is full, discarding connection: search.internal. Connection pool size: 10",
    "Failed to export spans. The request could not be executed. Full error message: Failed to connect to otel-collector/10.0.0.5:4317",
    "traces export: context deadline exceeded: rpc error: code = Unavailable desc = connection error",
    "Transient error StatusCode.UNAVAILABLE encountered while exporting metrics to collector:4317, retrying in 8s.",
  ])("turned down for what it was given, no failure, or telemetry on its way out: %s", (message) => {
    expect(failsOnOwnSide(message)).toBe(false);
  });
});

describe("livedWith", () => {
  it.each([
    "upstream media-resizer returned 502, serving original",
    "model refresh skipped: feature snapshot not ready, retrying in 60s",
    "payload rejected: schema validation failed",
    "Failed to deserialize event: Unexpected character ('<' (code 60))",
    "Failed to fetch annotations from annot-cache, recomputing locally",
    "webhook 9123 rejected: invalid signature",
    'duplicate key value violates unique constraint "orders_idempotency_key_key"',
    "frame checksum error from RTU PS-4, frame discarded; will re-poll",
  ])("its service retried, fell back, skipped or turned the input down: %s", (message) => {
    expect(livedWith(message)).toBe(true);
  });

  it.each([
    // A dependency failing, whatever the service does about it.
    "webhook 9123 not delivered: connection refused, will retry",
    "inventory-svc unavailable, retrying in 5 s",
    "pricing returned http 503, serving stale prices",
    // Words that say only that something failed.
    "An unhandled exception has occurred while executing the request.",
    "could not serialize access due to concurrent update",
    "NullPointerException in OrderService.total",
    // Retries run out are given up on, not lived with.
    "webhook 9123 failed: retries exhausted, endpoint disabled",
  ])("not lived with: %s", (message) => {
    expect(livedWith(message)).toBe(false);
  });
});
