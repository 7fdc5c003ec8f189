/**
 * Numbers read out of free-text log messages: response time, memory usage, error keywords.
 * Runs once per log on incidents of millions of lines, so each parser starts with a cheap
 * gate and uses precompiled regexes; when in doubt a parser answers 0 ("absent") because a
 * made-up number would become false evidence downstream.
 */

// ---------------------------------------------------------------------------------------
// Error keywords
// ---------------------------------------------------------------------------------------

/**
 * Case-insensitive candidates; word boundaries are checked in code (see `isKeywordAt`)
 * because "NullPointerException" must count while "stderror" or "failover" must not.
 * Rule chosen for the prototype's example: only the listed words count; "connection" does not and the
 * level is a separate feature, so "Database connection timeout after 30s" scores 1 (the prototype's
 * 2 cannot be reproduced from the message without double counting).
 */
const KEYWORD_RE =
  /errors?|exceptions?|fail(?:ures?|ed|s|ing)?|fatal|timed?[ _-]?outs?|refused|denied|unavailable|crash(?:ed|es|ing)?|panic(?:ked|s)?|abort(?:ed|s|ing)?|killed|oom|critical|unreachable|traceback|segfault|deadlocks?/gi;

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isLetter = (c: number): boolean => isUpper(c) || isLower(c);

/** A match counts at a non-letter edge or a camelCase edge (lower then Upper). */
function isKeywordAt(s: string, start: number, end: number): boolean {
  if (start > 0) {
    const prev = s.charCodeAt(start - 1);
    if (isLetter(prev) && !(isLower(prev) && isUpper(s.charCodeAt(start)))) return false;
  }
  if (end < s.length) {
    const next = s.charCodeAt(end);
    if (isLetter(next) && !(isUpper(next) && !isUpper(s.charCodeAt(end - 1)))) return false;
  }
  return true;
}

/**
 * A word of failure at the start of a template token ("failed", "errored", "ERR_CONNECTION_RESET",
 * "refused", "timeout", DNS's "SERVFAIL"): stems, where KEYWORD_RE counts whole words in a message.
 */
const FAILURE_STEM_RE =
  /(?<![a-z])(?:err|fail|servfail|exception|refus|reject|denied|timeout|timed|unavailable|abort|panic|fatal|crash|invalid|unable|cannot|could(?:n'?t| not))/i;

/** Whether a token says something failed (FAILURE_STEM_RE). */
export function startsWithFailure(token: string): boolean {
  return FAILURE_STEM_RE.test(token);
}

/** Whether a message has a word saying something failed (FAILURE_STEM_RE): "rejected", "could not", "ERR_...". */
export function namesFailure(message: string): boolean {
  return FAILURE_STEM_RE.test(message);
}

/**
 * A failure on the service's own side of its work: something it depends on refused, reset,
 * timed out, is unavailable or unreachable, answered 502/503/504, could not be resolved or
 * connected to, or a circuit breaker opened; or a resource it needs ran out (no space left, a
 * queue or stream full, a pool exhausted, a maximum exceeded). A request turned down for what it
 * carried (invalid, not found, denied, a 4xx) is the service doing its work, however often.
 */
const OWN_SIDE_FAILURE_RE =
  /(?<![a-z])(?:conn\w*[ _-]?(?:refused|reset|closed by (?:peer|remote))|refused[ _-]?(?:the |a |to )?conn|econnrefused|econnreset|broken pipe|timed?[ _-]?out(?! ?[:=] ?\d)(?![a-z])|deadline[ _]?exceeded|unavailable|unreachable|no route to host|(?:could not|couldn'?t|cannot|can'?t|unable to|failed to) (?:connect|reach|resolve|establish|open (?:a )?connection)|bad gateway|gateway time-?out|(?:http|status|code)[ :=/]*50[234](?!\d)|no live upstreams|name resolution|nxdomain|servfail|circuit[ _-]?(?:breaker )?(?:is )?open|no space left|disk (?:is )?full|(?:queue|buffer|stream|storage|volume|partition|quota) (?:is )?(?:full|exhausted)|exhausted|too many (?:open files|connections)|max(?:imum)? [a-z]+ (?:exceeded|reached))/i;

/**
 * A service's telemetry on its way out: spans, traces or metrics exported, an OpenTelemetry,
 * Jaeger or Zipkin exporter, a collector. A service whose exporter cannot reach its collector
 * (switched off, renamed) fails to send it all day and keeps serving its users: that is not the
 * work it is there to do failing.
 */
const TELEMETRY_RE =
  /(?<![a-z])(?:(?:export|send|push|flush|upload|ship)\w*\W+(?:\w+\W+){0,3}?(?:spans?|traces?|metrics|telemetry)|(?:spans?|traces?|metrics|telemetry)\W+(?:\w+\W+){0,2}?export\w*|otlp|otel|opentelemetry|jaeger|zipkin|(?:otel|trace|tracing|span|telemetry|metrics)[ _-]?collector)(?![a-z])/i;

/**
 * Whether a message says its service failed on its own side (OWN_SIDE_FAILURE_RE): a dependency
 * or a resource, not its input, and not its telemetry's way out (TELEMETRY_RE). A connection
 * pool that is full only discards a connection it would have kept (urllib3's "Connection pool
 * is full, discarding connection"); one exhausted makes requests wait or fail.
 */
export function failsOnOwnSide(message: string): boolean {
  return OWN_SIDE_FAILURE_RE.test(message) && !TELEMETRY_RE.test(message);
}

/**
 * A failure its service says it lived with: it retries, falls back, serves what it has, skips
 * or drops the item, or turned the request down for what it carried (invalid, malformed,
 * rejected by validation, a duplicate, not allowed). Written in nearly every stretch of the
 * window, such a failure is how the service runs, not what changed.
 */
const LIVED_WITH_RE =
  /(?<![a-z])(?:retry(?:ing)?|re-?poll(?:ing)?|re-?queu(?:e|ed|ing)|fall(?:s|ing)? ?back|fallback|serving (?:stale|cached|original|default)|using (?:stale|cached|default)|recomput(?:e|ed|ing)|skipp(?:ed|ing)|ignor(?:ed|ing)|discard(?:ed|ing)|invalid|malformed|unparseable|(?:failed|unable) to (?:parse|decode)|deserializ\w*|validation (?:failed|error)|failed validation|duplicate key|already exists|not allowed|belongs to another)(?![a-z])/i;

/** Whether a failure's words say its service lived with it (LIVED_WITH_RE) and not that it failed on its own side. */
export function livedWith(message: string): boolean {
  return LIVED_WITH_RE.test(message) && !failsOnOwnSide(message);
}

export function countErrorKeywords(message: string): number {
  let count = 0;
  KEYWORD_RE.lastIndex = 0;
  for (let m = KEYWORD_RE.exec(message); m !== null; m = KEYWORD_RE.exec(message)) {
    if (isKeywordAt(message, m.index, m.index + m[0].length)) count++;
  }
  return count;
}

/**
 * A line that only states a value: a name, then ":", "=" or a dotted leader, then a number
 * ("instruction address: 0x00004ed8", "machine state register: 0x00002000", "floating point
 * instr. enabled.....1"). A kernel's crash report writes its registers so, each line at the
 * report's level: what the line says is a reading, not that something happened. A line with a
 * word of failure or concern is not one ("failed to read ... socket to 10.0.0.1:33569").
 */
const VALUE_TAIL_RE = /(?:\s*[:=]\s*|\.{3,}\s*)(?:0x[0-9a-f]+|[-+]?\d+(?:\.\d+)?)\s*$/i;
const VALUE_NAME_RE = /^\s*[A-Za-z][\w .:=()/,-]*$/;

export function statesOnlyAValue(message: string): boolean {
  if (message.length > 160) return false;
  // Most lines end in a word: no regex for them. The tail, then the name: two linear scans.
  let end = message.length - 1;
  while (end >= 0 && message.charCodeAt(end) <= 32) end--;
  const last = message.charCodeAt(end);
  if (!((last >= 48 && last <= 57) || (last >= 97 && last <= 102) || (last >= 65 && last <= 70))) return false;
  const tail = VALUE_TAIL_RE.exec(message);
  if (tail === null || tail.index === 0 || !VALUE_NAME_RE.test(message.slice(0, tail.index))) return false;
  return !FAILURE_STEM_RE.test(message) && !CONCERN_RE.test(message);
}

/**
 * Words of concern: what an operator reads as "something is off" in a line that carries no error
 * keyword or level (an expiring certificate, an unknown actor, a mismatch, a dropped message).
 * "expires"/"expiring" (trouble ahead) but not "expired": sessions, tokens and leases expire all
 * day.
 * A change of leader (an election, a failover, a leader stepping down) is one too: a cluster
 * elects once and keeps its leader while healthy, so a rare line saying the leadership moved is
 * news of a node lost, partitioned or restarted.
 * So is a change of state a healthy component does not go through, however calm its wording: a
 * recovery or restart (something was down), a component marked unhealthy, quarantined or out of
 * service, a fallback taken, a setting overridden by hand.
 * Only asked of rare templates (patterns.ts rarity): a common line with these words is routine.
 */
const CONCERN_RE =
  /(?<![A-Za-z])(?:(?:new |leader |starting (?:an? )?(?:new )?)election|elected (?:as )?(?:the )?leader|became (?:the )?leader|new leader|leader(?:ship)? (?:changed?|lost|moved)|lost leadership|stepp(?:ed|ing) down|fail(?:ed|ing)? ?over|failover|unknown|unrecogni[sz]ed|unauthori[sz]ed|unexpected(?:ly)?|invalid|illegal|corrupt(?:ed|ion)?|mismatch(?:ed|es)?|expires|expiring|revoked|forbidden|suspicious|violat(?:ion|ed|es)|tamper(?:ed|ing)?|overflow(?:ed|s)?|exhausted|leak(?:ed|ing|s)?|dropped|lost|stale|inconsistent|rolled back|rollback|degraded|throttled|rejected|orphan(?:ed)?|untrusted|insecure|breach(?:ed)?|giving up|gave up|unable|could not|cannot|can't|not permitted|out of sync|recovered|recovering|restored|restart(?:ed|ing)|re-?initiali[sz](?:ed|ing)|unhealthy|quarantin(?:e|ed|ing)|out of service|fall(?:ing|s)? back|fallback|overrid(?:e|den|ing))(?![A-Za-z])/i;

/**
 * Changes to who may do what, which a quiet line reports at INFO: a root login or shell, a new
 * user with UID 0, multi-factor authentication turned off, a security policy edited, an access
 * token or key minted, a role or privilege granted, a sudoers entry. On a quiet day these few
 * lines are the incident; the words are specific ("root" only as an identity, never "root
 * cause" or a document root) because they count as concern on every rare template.
 */
const PRIVILEGE_RE =
  /(?<![A-Za-z])(?:(?:for|user|as|by|to) root(?![A-Za-z/])|root (?:login|shell|session|access)|USER=root|uid=0(?![0-9])|(?:mfa|2fa|two[- ]factor|multi[- ]factor)[ _-]?(?:(?:was |is |has been )?(?:disabled|removed|turned off|bypass(?:ed)?|reset))|security[ _-]polic(?:y|ies)|(?:(?:api|access|auth|service[ _-]account)[ _-]?(?:token|key)s?|credentials?)[ _-](?:created|issued|generated|minted)|(?:role|privileges?|permissions?|admin rights)[ _-](?:granted|assigned|elevated|escalated)|privilege escalation|sudoers|new user)(?![A-Za-z])/i;

/**
 * A change the system made or accepted without knowing who asked for it: a flag flipped, a
 * configuration reloaded, a setting or a grant applied "by unknown actor", "by an unidentified
 * user", with `principal=<none>`. Every change to a running system should be attributable; one that
 * is not is an audit gap or a credential used by someone nobody can name, each time it happens.
 * Both halves are required: an actor the line cannot name (not traffic from an unknown host, not a
 * login by an unknown user, which are the everyday noise of an open port) and a verb of change.
 */
const NAMELESS_ACTOR_RE =
  /(?<![A-Za-z])(?:by (?:an? )?(?:unknown|unidentified|unrecogni[sz]ed)(?![A-Za-z-])|(?:unknown|unidentified|unrecogni[sz]ed) (?:actor|principal|person|people|operator|author|initiator|identity)(?![A-Za-z])|(?:actor|principal|initiator|(?:changed|modified|updated)[_ ]by)\s*[=:]\s*["'(<]?(?:unknown|none|null)(?![A-Za-z]))/i;
const CHANGE_RE =
  /(?<![A-Za-z])(?:flip\w*|chang\w*|set|updat\w*|modif\w*|reload\w*|toggl\w*|enabl\w*|disabl\w*|grant\w*|revok\w*|delet\w*|creat\w*|appl(?:y|ied)|rotat\w*|edit\w*|overrid\w*|switch\w*|turned (?:on|off)|roll(?:ed)? ?out|promot\w*|assign\w*|added|removed)(?![A-Za-z])/i;

/** Whether a text (a template's) reports a change (CHANGE_RE) without error keywords: its lines may name no actor. */
export function reportsChange(text: string): boolean {
  return CHANGE_RE.test(text) && countErrorKeywords(text) === 0;
}

/**
 * The words saying a line's actor is unknown (NAMELESS_ACTOR_RE), or undefined: with
 * reportsChange of its template, a change by an actor the line cannot name ("config reloaded:
 * feature flag checkout.v2 flipped to true by unknown actor" gives "by unknown").
 */
export function namelessActor(message: string): string | undefined {
  return NAMELESS_ACTOR_RE.exec(message)?.[0];
}

/**
 * A lifetime that has run out: a certificate, a licence or a key that "expires in 0 days", with
 * "0 days left", `days_left=0`. What a countdown line is written for is that moment; the same
 * line with 87 days left is its everyday, and a deadline reached is worth a look each time it is
 * written. Zero only: a day or an hour left is the everyday of tokens and sessions issued for
 * that long. `num` gives each form of the zero: itself for a line, the zero or a template's masked
 * value (`<*>`) for a template.
 */
function lifetimeRe(num: (zero: string) => string): RegExp {
  return new RegExp(
    String.raw`(?<![\w.])(?:expir(?:es|ing)|valid(?: for)?|left|remaining)\W+(?:[a-z]+\W+){0,2}?(?:in\s+)?${num("0")}\s*(?:days?|hours?|minutes?|d|h)(?!\w)` +
      String.raw`|${num(String.raw`(?<![\w.])0`)}\s*(?:days?|hours?)\s+(?:left|remaining|until|before|to)(?!\w)` +
      String.raw`|days?_?(?:left|remaining|to_?expir\w*|until_?expir\w*)\s*[=:]\s*${num(String.raw`0(?![\d.])`)}`,
    "i",
  );
}
/** A line saying a lifetime has run out (see above). */
const ZERO_LIFETIME_RE = lifetimeRe((zero) => zero);
/** A template its lines may state a lifetime run out in: the same constructions, their number masked or zero. */
const LIFETIME_TEMPLATE_RE = lifetimeRe((zero) => String.raw`(?:<\*>|${zero})`);

/**
 * Whether a template's words state a remaining lifetime with its number variable or zero: only
 * its lines are read for zeroLifetime (about 150 ns a line), not every line with "valid" in it.
 */
export function statesLifetime(templateText: string): boolean {
  return LIFETIME_TEMPLATE_RE.test(templateText);
}

/** The words saying a lifetime has run out ("expires in 0 days"), or undefined. */
export function zeroLifetime(message: string): string | undefined {
  return ZERO_LIFETIME_RE.exec(message)?.[0];
}

/**
 * The first word of concern in a text (CONCERN_RE, then PRIVILEGE_RE), or undefined. A privilege
 * word counts only in a line without error keywords: "Failed password for root" reports a change
 * that did not happen (a brute-force attempt, everyday noise on any open SSH port).
 */
export function concernWord(text: string): string | undefined {
  return CONCERN_RE.exec(text)?.[0] ?? (countErrorKeywords(text) === 0 ? PRIVILEGE_RE.exec(text)?.[0] : undefined);
}

/**
 * A programming error named in a line: the exceptions and messages runtimes raise for a defect
 * in the code (a method called on nil, a null dereference, a wrong type, an index out of range,
 * a missing class), not for a failing dependency or bad input. A service does not write these
 * as part of its everyday work, however often a broken deploy makes it write them: the sign of
 * a defect is never routine. Connection errors, timeouts and validation errors, which a healthy
 * service can write all day, are not among them.
 */
const DEFECT_RE =
  /(?<![A-Za-z])(?:NullPointerException|NullReferenceException|NoMethodError|NameError|TypeError|AttributeError|UnboundLocalError|ZeroDivisionError|ClassCastException|InvalidCastException|(?:ArrayIndex|StringIndex|Index)OutOfBoundsException|IndexOutOfRangeException|NoSuchMethodError|NoClassDefFoundError|undefined method|is not a function|Cannot read propert(?:y|ies) of (?:undefined|null)|nil pointer dereference|invalid memory address|segmentation fault|SIGSEGV)(?![A-Za-z])/;

/**
 * A process that keeps dying and being started again, in the words of what restarts it:
 * Kubernetes' kubelet ("Back-off restarting failed container", CrashLoopBackOff), systemd
 * ("Start request repeated too quickly") and supervisord ("entered FATAL state, too many start
 * retries too quickly", "exited: worker (exit status 1; not expected)"). A service's everyday
 * work does not include its own restarts: a crash loop under way from before the window is as
 * periodic as a timer, and never routine.
 */
const CRASH_LOOP_RE =
  /back-?off restarting failed container|CrashLoopBackOff|start request repeated too quickly|too many start retries|entered FATAL state|\(exit status (?:\d+|<\*>); not expected\)/i;

/**
 * systemd's restart counter ("Scheduled restart job, restart counter is at 7") counts every
 * automatic restart, a clean exit's under `Restart=always` too: a crash loop's sign only where a
 * failure names the unit as well (crash-loops.ts).
 */
const RESTART_COUNTER_RE = /restart counter is at (?:\d+|<\*>)/i;

/** The words of a crash loop a text holds (CRASH_LOOP_RE), or undefined. */
export function crashLoopSign(text: string): string | undefined {
  return CRASH_LOOP_RE.exec(text)?.[0];
}

/** The words of a restart counted by what restarts the process (RESTART_COUNTER_RE), or undefined. */
export function restartSign(text: string): string | undefined {
  return RESTART_COUNTER_RE.exec(text)?.[0];
}

/**
 * A payment the customer's bank refused (a card declined, insufficient funds, an expired card, a
 * wrong CVC): the system worked and said no. Every payment service writes these all day, often
 * at ERROR; a flood of them (card testing) is still a burst.
 */
const REFUSAL_RE =
  /(?<![a-z])(?:card[_ -]?declined|insufficient[_ -]?funds|expired[_ -]?card|incorrect[_ -]?(?:cvc|cvv)|do[_ -]?not[_ -]?hono(?:u)?r|(?:card|payment|charge)\b[^.;]{0,40}\bdeclined)(?![a-z])/i;

/** Whether the message reports a customer's payment refused by their bank (REFUSAL_RE). */
export function customerRefusal(text: string): boolean {
  return REFUSAL_RE.test(text);
}

/** The programming error a text names (DEFECT_RE), or undefined. */
export function defectName(text: string): string | undefined {
  return DEFECT_RE.exec(text)?.[0];
}

/**
 * Timeout wording, used to treat a parsed time as a failure rather than a slow success. gRPC's
 * status code is spelled DeadlineExceeded (Go) and DEADLINE_EXCEEDED (the other languages).
 * Linux's NFS client writes "nfs: server X not responding, still trying" when a request to the
 * server has timed out (its major timeout) and it retries.
 */
const TIMEOUT_RE = /(?<![a-z])(?:timed?[ _-]?out|deadline[ _]?exceeded)|nfs: server \S+ not responding/i;

export function mentionsTimeout(message: string): boolean {
  return TIMEOUT_RE.test(message);
}

/** The words saying something timed out ("deadline exceeded", "timed out"), or undefined. */
export function timeoutWording(text: string): string | undefined {
  return TIMEOUT_RE.exec(text)?.[0];
}

/**
 * A line saying its operation was slow, against a threshold its producer set: etcd's "apply
 * request took too long" and "slow fdatasync", MongoDB's and MySQL's "slow query", PHP-FPM's
 * "executing too slow", a game loop's "tick overrun", a time that "exceeds SLO", PostgreSQL's
 * statement log ("duration: 608.5 ms  execute ...", written only past log_min_duration_statement),
 * Airflow's "SLA missed for task ..." (a task still running past the SLA its DAG sets),
 * asyncio's slow callback ("Executing <Task ...> took 1.258 seconds", past slow_callback_duration),
 * Ceph's slow ops (requests blocked past osd_op_complaint_time).
 * The producer has judged it already. A threshold stated as a share or a count ("reject ratio
 * 18.6% exceeds threshold 1.0%") is not a time's: the line says something else went over.
 */
const SLOW_RE =
  /(?<![a-z])(?:took too long|too slow|taking too long|slow (?:fdatasync|query|queries|request|requests|response|operation|commit|write|read|call|disk|sql|statement|transaction|ops)|overrun|over budget|exceed(?:s|ed|ing)? (?:its |the |our )?(?:time )?(?:budget|deadline|time limit|threshold|slo|sla)(?!\s*(?:of\s+|[:=(]\s*)?\d+(?:\.\d+)?\s*(?:%|[kmgt]i?b(?![a-z])|bytes|rows|records|items|messages|errors|requests|connections))|longer than expected|sla miss(?:ed|es)?|missed (?:its |the |their )?(?:sla|slo|deadline))(?![a-z])|^duration: \d+(?:\.\d+)? ms\s+(?:statement|execute|bind|parse)\b|^Executing <.*> took \d+(?:\.\d+)? seconds$/i;

/**
 * A wait for a lock, reported while it lasts: PostgreSQL's "process 26821 still waiting for
 * RowExclusiveLock on relation 16402 ... after 1000.017 ms" (log_lock_waits), written once a
 * wait passes deadlock_timeout, or an application's "still waiting for advisory lock
 * feed_export". Its producer writes it only past a threshold of its own, never for a lock taken
 * at once, and the time in it is that threshold (PostgreSQL writes the line when deadlock_timeout
 * expires), not how long the wait lasted: every such line carries about the same time, so the
 * time says nothing and the line itself is the news, as a timeout's is.
 */
// A lock type in PostgreSQL's CamelCase, or the word "lock": not "clock".
const LOCK_WAIT_RE = /(?<![A-Za-z])[Ss]till waiting for (?:an? |the )?(?:[\w-]+ )?(?:[A-Z][A-Za-z]*Lock|lock)(?![a-z])/;

/** How a line reports a delay: DELAY_TIMEOUT, DELAY_LOCK_WAIT (LOCK_WAIT_RE), DELAY_SLOW (SLOW_RE), else DELAY_NONE. */
export const DELAY_NONE = 0;
export const DELAY_TIMEOUT = 1;
export const DELAY_SLOW = 2;
export const DELAY_LOCK_WAIT = 3;
export function delayWords(message: string): number {
  return TIMEOUT_RE.test(message) ? DELAY_TIMEOUT : LOCK_WAIT_RE.test(message) ? DELAY_LOCK_WAIT : SLOW_RE.test(message) ? DELAY_SLOW : DELAY_NONE;
}

/**
 * A timeout or a lock wait: a delay whose line is a failure (or a stall) whatever its time, so
 * its time is no sample of the message's usual times and a routine one is damped as a failure.
 */
export const delayIsFailure = (delay: number): boolean => delay === DELAY_TIMEOUT || delay === DELAY_LOCK_WAIT;

// ---------------------------------------------------------------------------------------
// Response time
// ---------------------------------------------------------------------------------------

/**
 * Scan numbers, then look at what follows (a unit?) and what precedes (a time word?). Units
 * that are ambiguous alone ("30s" could be a decade, "5 us" a pronoun) need a time word right
 * before the number; ms/µs/ns stand alone. A bare number needs a key with ":", "=" or "["
 * ("response_time=812", "time: 0.247", Elasticsearch's slow log "took[23.1s], took_millis[23133]").
 * Anchoring on digits keeps the common case (ids, counters, IPs) to one cheap regex step per number.
 */
const TIME_WORD = String.raw`(?:upstream[_ ]?)?response[_ ]?time|resp[_ ]?time|request[_ ]?time|latency|duration|elapsed(?:[_ ]?time)?|took|taking|time|rt|delay|waited|in|after|timeout|timed[_ -]?out|time[_ -]out|deadline|exceeded|qtime`;
const KEY_UNIT = String.raw`[_-]?(?:ms|millis|msec|seconds|secs?|us)|[_-]s`;
const UNIT = String.raw`ms|msec|millis(?:econds?)?|s|secs?|seconds?|us|µs|μs|micros(?:econds?)?|ns|min|mins|minutes?|h|hrs?|hours?`;
/**
 * A number, its thousands grouped by commas or not ("1,204ms", as .NET's EF Core writes it). Never
 * the digits after a digit and a comma: those are part of a number not read as one (a list, "3,5s").
 */
const NUMBER_RE = /(?<![\w.]|\d,)(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?/g;
/** Sticky at the end of a number: a unit, or a clean end (not "1.2.3", "512MB", "12:30", "90%"). */
const AFTER_RE = new RegExp(String.raw`(\s?)(${UNIT})(?!\w)|(?![\w%/:-]|\.\d)`, "iy");
/** Anchored at the start of a number, run on the text just before it. */
const BEFORE_RE = new RegExp(String.raw`(?<![\w.])(${TIME_WORD})(${KEY_UNIT})?(?:\s*([:=[])\s*|\s+)(?:(?:of|after|in|about|over|for|at)\s+|~\s*)?$`, "i");
/** Enough characters before a number for the longest word, key unit and connector. */
const BEFORE_WINDOW = 48;
/**
 * "in"/"after" also introduce waits that are not response times ("retrying in 5s"), and how long
 * a process took to start ("Started OrderApplication in 8.4 seconds"): a start-up is not a request.
 */
const NOT_A_RESPONSE = /retry|retrying|sleep|backoff|again|every|next|expire|ttl|schedul|interval|start(?:ed|ing|up)|boot(?:ed|ing)?|initiali[sz]ed|ready/i;
/** Longer than a day is an epoch, a counter or an uptime, not a response time. */
const MAX_RESPONSE_MS = 86_400_000;

const UNIT_MS: Record<string, number> = {
  ms: 1,
  msec: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  micros: 1e-3,
  microsecond: 1e-3,
  microseconds: 1e-3,
  ns: 1e-6,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
};
/** Units that are unambiguous with no time word before the number ("us" only when glued to it). */
const STANDALONE_UNITS = new Set(["ms", "msec", "millis", "millisecond", "milliseconds", "µs", "μs", "us", "ns"]);
/** Keys whose unitless value is in seconds: OpenStack's "time: 0.247", nginx's request_time. */
const SECONDS_KEYS = new Set(["time", "requesttime", "upstreamresponsetime"]);
/** Solr's request log writes its query time in ms as "QTime=8". */
const MS_KEYS = new Set(["responsetime", "resptime", "latency", "duration", "elapsed", "elapsedtime", "took", "rt", "delay", "waited", "qtime"]);

const squash = (s: string): string => s.toLowerCase().replace(/[ _-]/g, "");

/** Last non-blank character before `at`, as a char code (0 when none). */
function previousNonBlank(s: string, at: number): number {
  for (let i = at - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) return c;
  }
  return 0;
}

const COLON = 58;
const EQUALS = 61;

/**
 * Milliseconds per unit of the number at [start, end), 0 when it is not a response time. The
 * answer depends on the text around the number and on which characters are digits, never on the
 * digits' values (see `responseTimePlan`).
 */
function timeFactorAt(message: string, start: number, end: number): number {
  AFTER_RE.lastIndex = end;
  const after = AFTER_RE.exec(message);
  if (after === null) return 0;
  const unit = after[2]?.toLowerCase();
  if (unit === undefined) {
    const prev = previousNonBlank(message, start);
    if (prev !== COLON && prev !== EQUALS && prev !== BRACKET) return 0;
  }
  // Every match of BEFORE_RE ends in a blank, ":", "=", "[" or "~": skip the scan when the number
  // follows anything else (an id in a path, a version, a word glued to it).
  const before = start > 0 && mayEndBefore(message.charCodeAt(start - 1)) ? BEFORE_RE.exec(message.slice(Math.max(0, start - BEFORE_WINDOW), start)) : null;
  const word = before?.[1];
  if (unit !== undefined) {
    const factor = UNIT_MS[unit];
    if (factor === undefined) return 0;
    if (word === undefined) return STANDALONE_UNITS.has(unit) && (after[1] === "" || unit !== "us") ? factor : 0;
    if (/^(?:in|after)$/i.test(word)) {
      const context = message.slice(Math.max(0, start - BEFORE_WINDOW), start - before![0].length);
      if (NOT_A_RESPONSE.test(context)) return 0;
    }
    return factor;
  }
  if (word === undefined || before![3] === undefined) return 0;
  const keyUnit = before![2];
  if (keyUnit !== undefined) return UNIT_MS[squash(keyUnit)] ?? 0;
  const key = squash(word);
  if (SECONDS_KEYS.has(key)) return 1000;
  if (key === "rt" && NGINX_TIMING_RE.test(message)) return 1000;
  return MS_KEYS.has(key) ? 1 : 0;
}

/**
 * nginx's timed access-log format, `rt=$request_time uct=$upstream_connect_time
 * urt=$upstream_response_time`: its times are seconds ("rt=4.076 uct=0.000 urt=4.075"). A bare
 * "rt=" elsewhere stays milliseconds.
 */
const NGINX_TIMING_RE = /(?<![\w.])u(?:c|h|r)t="?(?:\d|-)/;

const TILDE = 126;
const BRACKET = 91;
const BLANK_RE = /\s/;

/** Whether a BEFORE_RE match can end with this character (\s, ":", "=", "[", "~"). */
function mayEndBefore(c: number): boolean {
  if (c === 32 || c === COLON || c === EQUALS || c === TILDE || c === BRACKET || (c >= 9 && c <= 13)) return true;
  // Other \s characters are non-ASCII (no-break space, line separators, ...).
  return c > 127 && BLANK_RE.test(String.fromCharCode(c));
}

/**
 * The numbers of a message that may be its response time, in order: [start, end, factor]
 * triples. Which numbers qualify, and with which unit, depends on the characters around them
 * and not on the digits' values, so messages that differ only in their digits share one plan
 * (features.ts caches it per message shape).
 */
/** Garbage collection: its pause is the runtime's, not a request's; its heap sizes are memory. */
const GC_RE = /(?<![a-z])gc(?![a-z])|garbage collect/i;

export function responseTimePlan(message: string): number[] {
  const plan: number[] = [];
  if (GC_RE.test(message)) return plan;
  NUMBER_RE.lastIndex = 0;
  for (let m = NUMBER_RE.exec(message); m !== null; m = NUMBER_RE.exec(message)) {
    const start = m.index;
    const end = start + m[0].length;
    const limit = limitFactorAt(message, start, end);
    if (limit > 0) {
      plan.push(start, end, -limit);
      continue;
    }
    const factor = timeFactorAt(message, start, end);
    if (factor > 0) plan.push(start, end, factor);
  }
  return plan;
}

/**
 * A limit the producer states beside a measured time: a game loop's "took 88.6ms (budget
 * 33.3ms)", "exceeds threshold of 1s", a GC's "target 200ms", an SLO, "281ms > 100ms". Such a number is the
 * bar the line is judged by, never the time it took. Not "max": stats lines print their
 * maximum ("avg 29ms p99 78ms max 250ms"), a measurement. Nor a soft limit or threshold:
 * crossing it is what it allows (a bulk indexer warning at twice its soft limit all day).
 */
const LIMIT_BEFORE_RE =
  /(?<![a-z])(?<!soft[ _-]?)(?:budget|threshold|limit|expected(?:[ _-]?(?:duration|time|latency))?|target|allowed|slo|sla|exceed(?:s|ed|ing)?)(?:\s*(?:of|is|was|=|:|<=|<|>)\s*|\s+)$/i;

/**
 * A time compared with a greater-than right before the number: Flagger's "request duration 281ms
 * > 100ms", a check's "p95 612 ms > 500 ms". Not an arrow ("50ms -> 200ms" is a change).
 */
const COMPARED_BEFORE_RE = /\d\s*(?:ms|s|secs?|seconds?|us|µs|ns|min|minutes?)\s*(?<![-=])>=?\s*$/i;

/** Milliseconds per unit of a stated limit at [start, end) (LIMIT_BEFORE_RE, with a unit), else 0. */
function limitFactorAt(message: string, start: number, end: number): number {
  if (start === 0) return 0;
  const before = message.slice(Math.max(0, start - 24), start);
  if (!LIMIT_BEFORE_RE.test(before) && !COMPARED_BEFORE_RE.test(before)) return 0;
  AFTER_RE.lastIndex = end;
  const unit = AFTER_RE.exec(message)?.[2]?.toLowerCase();
  return unit === undefined ? 0 : (UNIT_MS[unit] ?? 0);
}

/** A limit word, before any parsing: most messages have none. */
const LIMIT_WORD_RE = /budget|threshold|limit|expected|target|allowed|sl[oa]|exceed|[^-=]>/i;

/** The limit a message states (statedLimitFromPlan of its plan), in ms; 0 when none. */
export function statedLimit(message: string): number {
  return LIMIT_WORD_RE.test(message) ? statedLimitFromPlan(message, responseTimePlan(message)) : 0;
}

/** The limit plan[from..to) states (a negative factor: limitFactorAt), in ms on this message's digits; 0 when none. */
export function statedLimitFromPlan(message: string, plan: readonly number[], from = 0, to = plan.length): number {
  for (let k = from; k < to; k += 3) {
    if (plan[k + 2]! < 0) return -decimalAt(message, plan[k]!, plan[k + 1]!) * plan[k + 2]!;
  }
  return 0;
}

/** Largest digit count parsed by hand: below 2^53, so the integer part is exact. */
const EXACT_DIGITS = 15;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The decimal number at [start, end) ("12", "0.2477829"), without slicing a string. Digits over
 * a power of ten are both exact doubles and IEEE division rounds correctly, so this equals
 * Number() of the text; longer numbers go through Number().
 */
function decimalAt(s: string, start: number, end: number): number {
  if (end - start > EXACT_DIGITS) return Number(s.slice(start, end).replaceAll(",", ""));
  let mantissa = 0;
  let fraction = -1;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) fraction = 0;
    else if (c !== 44) {
      mantissa = mantissa * 10 + (c - 48);
      if (fraction >= 0) fraction++;
    }
  }
  return fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
}

/** The first plausible response time of plan[from..to), on this message's digits; 0 when none. */
export function responseTimeFromPlan(message: string, plan: readonly number[], from = 0, to = plan.length): number {
  for (let k = from; k < to; k += 3) {
    const ms = decimalAt(message, plan[k]!, plan[k + 1]!) * plan[k + 2]!;
    if (ms > 0 && ms <= MAX_RESPONSE_MS) return ms;
  }
  return 0;
}

/** Response time in ms mentioned by the message (first plausible one), 0 when absent. */
export function parseResponseTimeMs(message: string): number {
  return responseTimeFromPlan(message, responseTimePlan(message));
}

// ---------------------------------------------------------------------------------------
// Memory usage
// ---------------------------------------------------------------------------------------

/** Gate: every memory pattern below contains one of these. */
const MEM_HINT = /mem|heap|oom|rss|ram|alloc|gc(?![a-z])|to-space|evacuation|promotion|concurrent mode|collecting|circuit[\s_]?breaking|data too large/i;
/** A GC line's heap before and after collection and its capacity: "1998M->1871M(2048M)". */
const GC_HEAP_RE = /(?<![\w.])\d+(?:\.\d+)?([kmgt])?b?->(\d+(?:\.\d+)?)([kmgt])?b?\((\d+(?:\.\d+)?)([kmgt])?b?\)/i;
/**
 * Elasticsearch's GC monitor writes it in brackets: "[gc][old][...] ... memory
 * [29.3gb]->[29.1gb]/[30gb]". Only an old-generation collection's: after a young one the old
 * generation still holds garbage only a full collection frees, so its heap overstates what lives.
 */
const BRACKET_GC_HEAP_RE = /\[gc\]\[old\].*?memory \[\d+(?:\.\d+)?([kmgt])?b\]->\[(\d+(?:\.\d+)?)([kmgt])?b\]\/\[(\d+(?:\.\d+)?)([kmgt])?b\]/i;
/**
 * Go's gctrace ("gc 206 @20646.433s 48%: ... 3056->3057->2931 MB, 3072 MB goal, ..."): the live
 * heap after the cycle against the goal the next cycle starts at. With GOGC=100 the goal is
 * twice the live heap (50 %); near 100 % the goal is held down by the memory limit and the
 * collector cannot free enough to get away from it.
 */
const GO_GCTRACE_RE = /\d+->\d+->(\d+) MB, (\d+) MB goal/;
/**
 * The share of a recent span the runtime spent collecting garbage, as Elasticsearch's GC monitor
 * writes it: "overhead, spent [4.8s] collecting in the last [5.3s]". From half of the time, where
 * Elasticsearch itself warns, it is the line's memory reading, in percent of the time (judged on
 * its own scale: evidence.ts gcTimeEvidence). A lower share says how busy the collector is, not
 * how full the heap, and read as memory it would drag the service's memory baseline down to it.
 */
const GC_SPENT_RE = /spent \[?(\d+(?:\.\d+)?)\s?(ms|s)\]? collecting in the last \[?(\d+(?:\.\d+)?)\s?(ms|s)\]?/i;
/** The share of time spent in GC a line states (GC_SPENT_RE), or 0; `gcTimeText` is the words it was read from. */
export const GC_OVERHEAD_SHARE = 0.5;
export function gcTimeShare(message: string): number {
  const m = GC_SPENT_RE.exec(message);
  if (m === null) return 0;
  const spent = Number(m[1]) * (m[2]!.toLowerCase() === "s" ? 1000 : 1);
  const span = Number(m[3]) * (m[4]!.toLowerCase() === "s" ? 1000 : 1);
  return span > 0 ? Math.min(1, spent / span) : 0;
}
export function gcTimeText(message: string): string | undefined {
  return GC_SPENT_RE.exec(message)?.[0];
}
/** "used=858MiB committed=1536MiB max=2048MiB", as JVM and runtime stats print it. */
const USED_MAX_RE = /(?<![a-z])used[\s=:]+(\d+(?:\.\d+)?)\s?([kmgt])i?b\b.*?(?<![a-z])max[\s=:]+(\d+(?:\.\d+)?)\s?([kmgt])i?b\b/i;
const OOM_RE =
  /out[\s_-]?of[\s_-]?memory|(?<![a-z])oom(?:[\s_-]?kill\w*)?(?![a-z])|memoryerror|cannot allocate memory|(?:failed to allocate|memory allocation failed)|memory exhausted|heap exhausted/i;
/** The JVM throws this when nearly all time goes to GC: memory is all but full, not yet out. */
const GC_OVERHEAD_RE = /gc overhead limit exceeded/i;
/**
 * A system saying in words that memory ran short, with no number to read: the kubelet's node
 * condition and evictions ("NodeHasInsufficientMemory", "Attempting to reclaim memory", "The node
 * was low on resource: memory"), the scheduler's "Insufficient memory" and `memory-pressure`
 * taint, Android's low-memory killer, YARN's "exceeding physical memory limits", a memory limit
 * or quota exceeded (ClickHouse's "Memory limit (total) exceeded"), Elasticsearch's circuit
 * breakers, which refuse a request whose memory would take the heap past its limit
 * (`CircuitBreakingException`, "[parent] Data too large, data for [...]"), RabbitMQ's memory
 * alarm, which blocks every publisher ("vm_memory_high_watermark set", "memory resource limit
 * alarm set"; not its "clear"). Memory is all but full when
 * they are written, as with GC overhead. The healthy conditions ("NodeHasNoMemoryPressure",
 * "NodeHasSufficientMemory") do not match, nor does a pressure state as a number on a scale of
 * its own (macOS's "Memory pressure state: 0", written all day).
 */
export const MEMORY_PRESSURE_RE =
  /(?<!no[\s_-]?)memory[\s_-]?pressure(?![\s_-]*(?:state|level|status)\s*[:=]?\s*\d)|to-space exhausted|evacuation failure|promotion failed|concurrent mode failure|insufficient[\s_-]?memory|(?<![a-z])low[\s_-]?(?:on[\s_-]+(?:resources?:?\s*)?)?memory|reclaim(?:ing)?\s+memory|exceed(?:s|ed|ing)?\s+(?:its\s+|the\s+)?(?:physical\s+|virtual\s+|container\s+)?memory\s+limits?|memory\s+(?:limit|quota)(?:\s*\([^)]{0,20}\))?\s+(?:exceeded|reached)|circuit[\s_]?breaking[\s_]?exception|data too large, data for \[|vm_memory_high_watermark set|memory (?:resource limit )?alarm set/i;
/** A memory word right before the number; the filler words keep "memory ok; CPU 95%" out. */
const MEM_WORD = String.raw`(?<![a-z])(?:mem(?:ory)?|heap|rss|ram)`;
const MEM_FILLER = String.raw`(?:[\s_:=-]*(?:usage|used|use|utili[sz]ation|util|pct|percent(?:age)?|at|is|of|was|high|level|currently|now|reached|above|over|load|pressure))*`;
const MEM_PCT_RE = new RegExp(String.raw`${MEM_WORD}${MEM_FILLER}[\s:=~]*(\d+(?:\.\d+)?)\s?%`, "i");
/** Not a memory word that is a key of its own: in "util=90% mem=4.8/16.0GiB" the 90 % is the utilisation's. */
const PCT_MEM_RE =
  /(?<![\d.])(\d+(?:\.\d+)?)\s?%\s*(?:of\s+)?(?:(?:the|total|available|system|jvm|java|max|allocated|container)\s+)?(?:mem(?:ory)?|heap|ram)(?![a-z]|\s*[=:])/i;
/** "heap 1900MiB of 2048MiB", and the used part without a unit of its own: "mem=15.7/16.0GiB". */
const MEM_SIZE_RE = new RegExp(String.raw`${MEM_WORD}[^\d;,|]{0,20}?(\d+(?:\.\d+)?)\s?(?:([kmgt])i?b)?\s*(?:of|/|out of)\s*(\d+(?:\.\d+)?)\s?([kmgt])i?b`, "i");
/** AWS Lambda's REPORT line: the function's memory size, then the most it used. */
const LAMBDA_REPORT_RE = /Memory Size: (\d+) MB\s+Max Memory Used: (\d+) MB/i;
const SIZE_POWER: Record<string, number> = { k: 1, m: 2, g: 3, t: 4 };

const clampPct = (p: number): number => (p > 100 ? 100 : p < 0 ? 0 : p);

/**
 * Words for memory or its collection: the line is about memory (a heap, a process's RSS, the
 * garbage collector, a spill of an in-memory structure, memory pressure), whatever it reports.
 * A JVM's old generation, not a consumer group's ("rebalance group ledger-writer ... with old
 * generation 195", Kafka's count of rebalances): an old generation followed by a bare number
 * is a group's, one followed by a share or a size ("Old Gen 95%", "old gen 2048M") the heap's.
 */
const MEMORY_TALK_RE =
  /memory|(?<![a-z])(?:mem|heap|rss|ram|swap(?:ping)?|oom\w*|gc|metaspace|old[\s_-]?gen(?:eration)?(?!\s+\d+(?![\d.]*\s*(?:%|[kmgt](?:i?b)?(?![a-z])|bytes)))|eden|tenured|survivor)(?![a-z])|garbage[\s_-]?collect|spill(?:ing|ed|s)?\b[^.;]{0,40}\bto disk/i;
const MEMORY_TALK_ALL_RE = new RegExp(MEMORY_TALK_RE.source, "gi");
/** A run of base64 or hex characters this long is a blob (a payload, a key, a hash), not words. */
const BLOB_CHARS = 40;

const blobChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61;

/** Whether message[from, to) lies in a run of BLOB_CHARS or more letters, digits, `+`, `/` and `=`. */
function inBlob(message: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!blobChar(message.charCodeAt(i))) return false;
  let start = from;
  while (start > 0 && blobChar(message.charCodeAt(start - 1))) start--;
  let end = to;
  while (end < message.length && blobChar(message.charCodeAt(end))) end++;
  return end - start >= BLOB_CHARS;
}

/** Whether `all` (a global regex) matches the message outside its blobs: a `gc` or `Lag` in a base64 body is chance. */
function inWords(all: RegExp, message: string): boolean {
  all.lastIndex = 0;
  for (let m = all.exec(message); m !== null; m = all.exec(message)) if (!inBlob(message, m.index, m.index + m[0].length)) return true;
  return false;
}

export function speaksOfMemory(message: string): boolean {
  return MEMORY_TALK_RE.test(message) && inWords(MEMORY_TALK_ALL_RE, message);
}

/** Words for a garbage collector's work: GC, garbage collection, V8's mark-sweep, mark-compact and scavenge. */
const COLLECTION_TALK_RE = /(?<![a-z])gc(?![a-z])|garbage[\s_-]?collect|mark[\s_-]?(?:sweep|compact)|(?<![a-z])scavenge/i;
const COLLECTION_TALK_ALL_RE = new RegExp(COLLECTION_TALK_RE.source, "gi");
/** Whether a line speaks of the garbage collector: a time it reports is then a collector's pause. */
export function speaksOfCollection(message: string): boolean {
  return COLLECTION_TALK_RE.test(message) && inWords(COLLECTION_TALK_ALL_RE, message);
}

/**
 * A line of a stack trace, as runtimes print them and as a log shipper splits them into one
 * entry per line: Java's and .NET's "at pkg.Class.method(File.java:42)", Node's "at fn
 * (file.js:10:5)", Python's `File "x.py", line 12, in f`, Go's "goroutine 7 [running]:", its
 * "pkg.(*T).Method(...)" and "\t/src/x.go:137 +0x1d" (a fatal error's runtime frames with their
 * arguments in braces and their fp=, sp= and pc=). Such a line is part of the error above it.
 */
const STACK_FRAME_RE =
  /^\s*(?:at [\w$.<>/@:\\-]+(?: \[[^\]]*\])? ?\(.*\)(?: in .*)?|at [\w$.<>/@\\-]+:\d+(?::\d+)?|File "[^"]+", line \d+(?:, in .*)?|goroutine \d+ \[[\w ,]+\]:|[\w./*()[\]-]+\.[\w*()[\]]+\((?:\.\.\.|\{?0x[0-9a-f, x.?{}]*|)\)|\/?[\w./-]+\.go:\d+(?: \+0x[0-9a-f]+)?(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+)?|\.\.\. \d+ more)\s*$/;

export function isStackFrame(message: string): boolean {
  return message.length <= 400 && STACK_FRAME_RE.test(message);
}

/**
 * Words for falling behind: a consumer's, a replica's or an event loop's lag ("Consumer lag",
 * "replication lag 42s", "event loop lag", "Seconds_Behind_Master", "behind the primary"). The
 * line is about how far processing trails its input: a delay, whatever it reports. So is one
 * about latency ("will adversely effect operation latency") or that says it holds work back
 * ("Delaying inserting block by 120 ms", "requests delayed by 2s").
 */
const LAG_TALK_RE =
  /(?<![a-z])(?:(?:lag(?:ging|s)?|seconds_behind_(?:master|source)|behind (?:the )?(?:master|primary|leader|source)|latency|latencies)(?![a-z])|delay(?:ing|ed)?(?: [a-z_]+){0,2} (?:by|for) \d)/i;
const LAG_TALK_ALL_RE = new RegExp(LAG_TALK_RE.source, "gi");
export function speaksOfLag(message: string): boolean {
  return LAG_TALK_RE.test(message) && inWords(LAG_TALK_ALL_RE, message);
}

/**
 * Out of memory, GC overhead or memory pressure in words: the memory value parseMemoryPct gives
 * such a line is its wording, not a number in it.
 */
export function mentionsOutOfMemory(message: string): boolean {
  return OOM_RE.test(message) || GC_OVERHEAD_RE.test(message) || MEMORY_PRESSURE_RE.test(message);
}

/** The words saying memory ran out or short ("OutOfMemory", "GC overhead limit exceeded", "low on memory"), or undefined. */
export function outOfMemoryWording(text: string): string | undefined {
  // One scan for the words every pattern holds: most exceptions (a stack trace per failed
  // request) say nothing of memory, and three regular expressions over 4 KB each would be paid.
  if (!MEM_HINT.test(text)) return undefined;
  return (OOM_RE.exec(text) ?? GC_OVERHEAD_RE.exec(text) ?? MEMORY_PRESSURE_RE.exec(text))?.[0];
}

/** False when no memory pattern can match the message (the words, not the digits, decide). */
export function mayMentionMemory(message: string): boolean {
  return MEM_HINT.test(message);
}

/**
 * Memory usage in percent mentioned by the message, 100 for out-of-memory, 98 for GC overhead or
 * memory pressure in words, the share of time spent collecting garbage, 0 when absent.
 */
export function parseMemoryPct(message: string): number {
  if (!MEM_HINT.test(message)) return 0;
  if (OOM_RE.test(message)) return 100;
  if (GC_OVERHEAD_RE.test(message) || MEMORY_PRESSURE_RE.test(message)) return 98;
  const gcShare = gcTimeShare(message);
  if (gcShare >= GC_OVERHEAD_SHARE) return clampPct(100 * gcShare);
  const pct = MEM_PCT_RE.exec(message) ?? PCT_MEM_RE.exec(message);
  if (pct) return clampPct(Number(pct[1]));
  const lambda = LAMBDA_REPORT_RE.exec(message);
  if (lambda) return sizeShare(lambda[2]!, undefined, lambda[1]!, undefined);
  // A line that reports two pools (a JVM's heap "used 1422MB of 2048MB" beside its metaspace's
  // "used=301.6MB ... max=512.0MB") is as pressed as its fullest.
  const sized = MEM_SIZE_RE.exec(message);
  const size = USED_MAX_RE.exec(message);
  if (sized || size) {
    const a = sized ? sizeShare(sized[1]!, sized[2] ?? sized[4], sized[3]!, sized[4]) : 0;
    const b = size ? sizeShare(size[1]!, size[2], size[3]!, size[4]) : 0;
    return Math.max(a, b);
  }
  // After a collection, what is still used is what the heap holds: the share that matters.
  const gc = GC_HEAP_RE.exec(message) ?? BRACKET_GC_HEAP_RE.exec(message);
  if (gc) return sizeShare(gc[2]!, gc[3], gc[4]!, gc[5]);
  const go = GO_GCTRACE_RE.exec(message);
  if (go) return sizeShare(go[1]!, undefined, go[2]!, undefined);
  return 0;
}

/** used / total in percent, each a number with an optional k/m/g/t unit; 0 when total is 0. */
function sizeShare(used: string, usedUnit: string | undefined, total: string, totalUnit: string | undefined): number {
  const u = Number(used) * 1024 ** (SIZE_POWER[usedUnit?.toLowerCase() ?? ""] ?? 0);
  const t = Number(total) * 1024 ** (SIZE_POWER[totalUnit?.toLowerCase() ?? ""] ?? 0);
  return t > 0 ? clampPct((100 * u) / t) : 0;
}

/**
 * The shortest usual length a ratio is taken against: a short sentence (about seven words). A
 * line is odd by its length when it is long as text (a dump, a stack, a query with its values),
 * not when a service that logs one-word events ("done", "fail", `email_sent`: a median of 5 to
 * 15 characters) writes a sentence, which would be 5-10x its median: Sidekiq's start-up banner,
 * a mailer's "provider returned a soft bounce, will retry" among event names.
 */
export const SHORT_SENTENCE_CHARS = 40;
