/**
 * detect() in three stages: prepare (shapes, features, service groups, reference part), assess
 * (templates, baselines, evidence), conclude (confidence and type per log by the rules in
 * classify.ts, findings and summary). The forest (fitted on the reference part, when the incident is
 * large enough) needs only stage 1 and is needed only by stage 3, so it can run beside stage 2.
 * Pure and deterministic: the same records and options always give the same answer.
 */
import {
  dominantType,
  forestConfidence,
  forestRepeatsLevel,
  formatNumber,
  quoteTemplate,
  reasonsFor,
  SPECIFIC_TYPE_EVIDENCE,
  strongestTwo,
  type ForestSignal,
  type ReasonContext,
} from "./evidence/classify.js";
import { DELAY_LOCK_WAIT, DELAY_NONE, DELAY_SLOW, isStackFrame, speaksOfCollection, speaksOfLag, speaksOfMemory } from "./features/message-metrics.js";
import { buildBaselines, computeEvidence, serviceGroups, slowerRoute, type Baselines, type Evidence } from "./evidence/evidence.js";
import { extractFeatures, featureColumns } from "./features/features.js";
import { asTable, type Logs } from "../logs/from-records.js";
import type { LogTable } from "../logs/log-table.js";
import { messageShapes, type MessageShapes } from "./features/message-shapes.js";
import { contaminationThreshold, fitIsolationForest, scoreSamples, type IsolationForest } from "./forest/isolation-forest.js";
import {
  burstInput,
  runBursts,
  templateFacts,
  templatePresence,
  withBursts,
  type BurstInput,
  type PatternEvidence,
  type TemplateFacts,
  type TemplatePresence,
} from "./templates/patterns.js";
import type { BurstStats } from "./templates/bursts.js";
import type { PreparedLogs } from "./features/row-features.js";
import { chooseReference, type Reference } from "./reference.js";
import { reportCompanions } from "./evidence/reports.js";
import { memoryBeforeKill, saysKilled } from "./evidence/kills.js";
import { buildSummary } from "./summary.js";
import { mineTemplates, type TemplateTable } from "./templates/templates.js";
import { groupFindings, listedRows } from "./findings.js";
import {
  ANOMALY_TYPES,
  type DetectOptions,
  type DetectionOutput,
  type FeatureMatrix,
  type Finding,
  type ScoredAnomaly,
  type ServiceBaselineUse,
  type VerdictRule,
} from "./types.js";
import { applyHistory, type HistoryEvidence } from "./history/history-evidence.js";
import { historyReady, rememberedText } from "./history/history.js";
import { LEARN_THRESHOLD, lessonColumns, lessonsFromColumns, type LessonColumns } from "./history/lessons.js";
import { incidentShape } from "./incident-shape.js";
import { HeldBack, compileFeedback, markConfirmed } from "./feedback.js";

export const DEFAULT_CONTAMINATION = 0.1;
export const DEFAULT_SEED = 42;
export const DEFAULT_MIN_FOREST_SAMPLES = 20;
export const DEFAULT_N_ESTIMATORS = 100;
/** Lines below this confidence never count towards onset, ranking and timeline. */
export const SHAPE_MIN_CONFIDENCE = 0.5;
const PATTERN_INDEX = ANOMALY_TYPES.indexOf("pattern");
const MEMORY_INDEX = ANOMALY_TYPES.indexOf("memory");
const PERFORMANCE_INDEX = ANOMALY_TYPES.indexOf("performance");
const ERROR_INDEX = ANOMALY_TYPES.indexOf("error");
const TOPIC_OTHER = 1;
const TOPIC_MEMORY = 2;
const TOPIC_LAG = 3;
const TOPIC_TRACE = 4;
/** Why a line with no memory reading is a memory anomaly. */
export const MEMORY_WORDS_REASON = "typed memory by its words (memory, heap, GC, RSS, swap), with no reading to judge";
export const LAG_WORDS_REASON = "typed performance by its words (lag, latency, a delay), with no time to judge";
export const DELAY_WORDS_REASON = "typed performance by its words: it says it was slow or timed out";
export const MEMORY_FAILURE_REASON = "typed memory: a failure about memory, with a memory reading that counts";
export const SLOW_WORDS_REASON = "typed performance by its words: it says it was slow, and names no failure";
export const STACK_FRAME_REASON = "typed error: a line of a stack trace";
export const COLLECTOR_PAUSE_REASON = "typed memory: its time is the garbage collector's pause";
/** Why a line saying its process was killed outright is a memory anomaly. */
const killedAfterMemory = (ms: number, pct: number, service: string): string =>
  `typed memory: killed (SIGKILL) ${formatNumber(ms)} ms after a memory reading of ${formatNumber(pct)}% in ${service}, as an out-of-memory killer does`;
const killedAfterMemoryWords = (ms: number, service: string): string =>
  `typed memory: killed (SIGKILL) ${formatNumber(ms)} ms after ${service} reported running out of memory, as an out-of-memory killer does`;
/** The same, for a line whose reading (or time) is there but unremarkable: it is not "no reading". */
const memoryWordsWithReading = (pct: number): string =>
  `typed memory by its words (memory, heap, GC, RSS, swap); its reading, ${formatNumber(pct)}%, is not unusual`;
const lagWordsWithTime = (ms: number): string => `typed performance by its words (lag, latency, a delay); its time, ${formatNumber(ms)} ms, is not unusual`;

/** The values where mask is 1 (`size` of them), in order: a plain loop, no callback per value. */
function masked(values: Float64Array, mask: Uint8Array, size: number): Float64Array {
  const out = new Float64Array(size);
  let w = 0;
  for (let i = 0; i < values.length; i++) if (mask[i] === 1) out[w++] = values[i]!;
  return out;
}

/** What the forest reads: the feature columns and the reference part (built by prepare). */
export interface ForestInput {
  columns: Float64Array[];
  n: number;
  /** 1 for the rows the forest is fitted on; undefined to fit on every row. */
  fitMask: Uint8Array | undefined;
  fitRows: number;
  contamination: number;
  nEstimators: number;
  seed: number;
}

/**
 * The forest is fitted on the reference part (the quiet bins), then scores every log. Pure and
 * numeric only, so a helper thread can run it while this one does the rest (threads/helper.ts).
 */
export function runForest(input: ForestInput): ForestSignal {
  return forestSignal(input, scoreSamples(fitForest(input), input.columns, input.n));
}

/** runForest's first part: the forest fitted on the reference part. */
export function fitForest(input: ForestInput): IsolationForest {
  const { columns, fitMask, fitRows } = input;
  const fitColumns = fitMask ? columns.map((c) => masked(c, fitMask, fitRows)) : columns;
  return fitIsolationForest(fitColumns, fitRows, { nEstimators: input.nEstimators, seed: input.seed });
}

/** runForest's last part: the signal from every row's score. */
export function forestSignal(input: ForestInput, scores: Float64Array): ForestSignal {
  const { fitMask, fitRows, contamination } = input;
  const fitScores = fitMask ? masked(scores, fitMask, fitRows) : scores;
  let maxScore = -Infinity;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > maxScore) maxScore = scores[i]!;
  return {
    scores,
    threshold: contaminationThreshold(fitScores, contamination),
    maxScore,
    percentile: Math.round(100 * (1 - contamination)),
  };
}

/** Stage 1: shapes, features, service groups and the reference part. */
export interface Prepared {
  logs: LogTable;
  options: DetectOptions;
  shapes: MessageShapes;
  features: FeatureMatrix;
  groupOf: Int32Array;
  services: string[];
  reference: Reference;
  /** The forest's input, or undefined when the incident is too small for the forest. */
  forest: ForestInput | undefined;
}

/** Records, a table, or a table with the shapes and features a reader thread computed. */
export type DetectInput = Logs | PreparedLogs;

export function preparedLogs(input: DetectInput): PreparedLogs {
  return "table" in input ? input : { table: asTable(input) };
}

export function prepare(input: DetectInput, options: DetectOptions): Prepared {
  const { table: logs, precomputed } = preparedLogs(input);
  // Each distinct message shape is parsed once, for the features, the templates and the evidence.
  const shapes = precomputed?.shapes ?? messageShapes(logs);
  const features = precomputed?.features ?? extractFeatures(logs, shapes);
  const n = features.n;
  const { groupOf, services } = serviceGroups(logs);
  const reference = chooseReference(features, groupOf, services.length, logs.timestampMs);
  const minRows = Math.max(2, options.minForestSamples ?? DEFAULT_MIN_FOREST_SAMPLES);
  // The forest needs two rows to split at all; below the minimum its quantiles mean nothing.
  let forest: ForestInput | undefined;
  if (n >= minRows) {
    const useReference = reference.size >= minRows && reference.size < n;
    forest = {
      columns: featureColumns(features),
      n,
      fitMask: useReference ? reference.mask : undefined,
      fitRows: useReference ? reference.size : n,
      contamination: options.contamination ?? DEFAULT_CONTAMINATION,
      nEstimators: options.nEstimators ?? DEFAULT_N_ESTIMATORS,
      seed: options.seed ?? DEFAULT_SEED,
    };
  }
  return { logs, options, shapes, features, groupOf, services, reference, forest };
}

/** Stage 2: templates, their evidence, baselines and the per-type evidence of every log. */
export interface Assessed {
  templates: TemplateTable;
  patterns: PatternEvidence;
  baselines: Baselines;
  evidence: Evidence;
  /** What the services' histories said, when detection was given them. */
  history?: HistoryEvidence;
}

export function assess(p: Prepared): Assessed {
  const started = startAssess(p);
  const baselined = baselinesOf(p, started);
  return finishAssess(p, baselined, runBursts(started.bursts));
}

/** Stage 2's first part: the templates, where each appears, and what their bursts read. */
export interface AssessStart {
  templates: TemplateTable;
  presence: TemplatePresence;
  /** runBursts's input: a helper thread may compute the bursts meanwhile (threads/helper.ts). */
  bursts: BurstInput;
}

export function startAssess(p: Prepared): AssessStart {
  const { logs, shapes, groupOf, reference } = p;
  const templates = mineTemplates(logs, shapes);
  const presence = templatePresence(templates, groupOf, reference, logs.timestampMs);
  const route = { routeOf: logs.routeOf, routes: logs.routes.length };
  const bursts = burstInput(templates, groupOf, reference, presence, logs.timestampMs, route, shapes, p.features.levelSeverity);
  return { templates, presence, bursts };
}

/** Stage 2's second part, which needs no bursts: the templates' other facts and the baselines. */
export interface Baselined {
  templates: TemplateTable;
  facts: TemplateFacts;
  baselines: Baselines;
}

export function baselinesOf(p: Prepared, { templates, presence }: AssessStart): Baselined {
  const { logs, shapes, features, groupOf, services, reference } = p;
  const facts = templateFacts(templates, groupOf, reference, presence, logs.timestampMs, features.levelSeverity, logs.httpStatus);
  const baselines = buildBaselines(logs, features, {
    groupOf,
    services,
    reference,
    templates,
    periodic: facts.periodic,
    established: facts.operations,
    shapes,
  });
  return { templates, facts, baselines };
}

/** Stage 2's last part, with the bursts: the template evidence, every log's evidence, the history's. */
export function finishAssess(p: Prepared, { templates, facts, baselines }: Baselined, bursts: BurstStats): Assessed {
  const { logs, shapes, features, groupOf, services } = p;
  const patterns = withBursts(facts, bursts);
  const evidence = computeEvidence(logs, features, baselines, patterns, shapes);
  const h = p.options.history;
  /** 1 when the line was judged on its own route, 2 when on a route slower than its template (slowerRoute). */
  const onRoute = (row: number): number => {
    const k = evidence.perfSkeleton[row]!;
    if (k === 0 || baselines.skeletonResponseTime[k - 1]?.route === undefined) return 0;
    const base = baselines.templateResponseTime[templates.templateOf[row]!] ?? baselines.responseTime[groupOf[row]!];
    return slowerRoute(baselines, row, base) !== undefined ? 2 : 1;
  };
  const history = h ? applyHistory({ history: h, features, groupOf, services, templates: patterns.stats, evidence, onRoute }) : undefined;
  return { templates, patterns, baselines, evidence, history };
}

/** Per service, whether its history judged it. */
function baselineUse(p: Prepared): ServiceBaselineUse[] | undefined {
  const h = p.options.history;
  if (!h) return undefined;
  return p.services.map((service) => {
    const s = h.services[service];
    return { service, baseline: historyReady(s, h.routineIncidents) ? "history" : "incident", incidents: s?.incidents ?? 0 };
  });
}

/** Each line's confidence on its own evidence and the forest's: the stronger two, combined. */
function ownConfidences(n: number, evidence: Evidence, forest: ForestSignal | undefined): Float64Array {
  const own = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    const f = forest && !forestRepeatsLevel(evidence, row) ? forestConfidence(forest.scores[row]!, forest) : 0;
    own[row] = strongestTwo(evidence.performance[row]!, evidence.memory[row]!, evidence.error[row]!, evidence.pattern[row]!, f);
  }
  return own;
}

/** A line lifted by its failure report takes the report's confidence, to three decimals. */
const liftedConfidence = (reported: number): number => Math.round(reported * 1000) / 1000;

/**
 * The rows at or above the threshold, in order, by their own or their report's confidence; marks
 * in `flagged` the rows the memory learns from. One pass over every row, in a function of its own,
 * so that conclude's per-line work (for the few lines detected) is not what V8 compiles for it.
 */
function aboveThreshold(own: Float64Array, reported: Float64Array, threshold: number, flagged: Uint8Array | undefined): Int32Array {
  const out: number[] = [];
  for (let row = 0; row < own.length; row++) {
    const confidence = reported[row]! > own[row]! ? liftedConfidence(reported[row]!) : own[row]!;
    if (flagged && confidence >= LEARN_THRESHOLD) flagged[row] = 1;
    // Not `>=`: a NaN confidence is listed, not silently dropped.
    if (!(confidence < threshold)) out.push(row);
  }
  return Int32Array.from(out);
}

/** Per message shape, what it is about: 0 not asked yet, then TOPIC_* (asked once per shape). */
class Topics {
  private readonly topicOf: Uint8Array;
  constructor(
    private readonly shapeOf: Int32Array,
    shapes: number,
    private readonly messages: readonly string[],
  ) {
    this.topicOf = new Uint8Array(shapes);
  }

  of(row: number): number {
    const s = this.shapeOf[row]!;
    if (this.topicOf[s] === 0) {
      const message = this.messages[row]!;
      this.topicOf[s] = speaksOfMemory(message) ? TOPIC_MEMORY : speaksOfLag(message) ? TOPIC_LAG : isStackFrame(message) ? TOPIC_TRACE : TOPIC_OTHER;
    }
    return this.topicOf[s]!;
  }
}

/** What conclude gathers while it types the detected lines, in row order. */
class LineTyping {
  readonly rowsOut: number[] = [];
  readonly confOut: number[] = [];
  readonly typeOut: number[] = [];
  readonly strongOut: number[] = [];
  readonly heldBack = new HeldBack();
  readonly notes = new Map<number, string>();
  readonly confirmed = new Map<string, VerdictRule>();
  /** Lines typed by what they are about, not by a reading: their reasons say so. */
  readonly typedByWords = new Map<number, string>();
  /** Lines detected as part of another line's failure report: their first reason says whose. */
  readonly reportReasons = new Map<number, string>();

  constructor(
    readonly p: Prepared,
    readonly a: Assessed,
    readonly report: { confidence: Float64Array; anchor: Int32Array },
    readonly own: Float64Array,
    readonly topics: Topics,
    readonly judge: ReturnType<typeof compileFeedback> | undefined,
    readonly shapeFloor: number,
  ) {}
}

/**
 * The type of each detected line, its confidence after feedback, and what its reasons will say,
 * into `t`. Functions of their own rather than a loop in conclude, and the rarer cases apart from
 * the common one, so that V8 compiles each once instead of the whole again whenever a line takes
 * a branch none before it took.
 */
function typeLines(t: LineTyping, rows: Int32Array): void {
  for (const row of rows) typeLine(t, row);
}

function typeLine(t: LineTyping, row: number): void {
  const { features } = t.p;
  const { evidence } = t.a;
  const { report, own, topics } = t;
  const p = evidence.performance[row]!;
  const m = evidence.memory[row]!;
  const e = evidence.error[row]!;
  const l = evidence.pattern[row]!;
  const lifted = report.confidence[row]! > own[row]!;
  // A frame of a stack trace is of the failure it traces, however odd it is on its own.
  const byReport = lifted || (report.anchor[row]! >= 0 && topics.of(row) === TOPIC_TRACE);
  const confidence = lifted ? liftedConfidence(report.confidence[row]!) : own[row]!;
  // A line is typed by the failure or delay it names when it is unusual itself; one that is odd
  // only by how often it now comes (a burst of an everyday "login failed") is a pattern.
  const saysWhat = (features.errorKeywords[row]! > 0 || evidence.timeout[row]! !== DELAY_NONE) && !(evidence.burst[row]! >= l);
  let typeIndex = ANOMALY_TYPES.indexOf(dominantType(p, m, e, l, saysWhat));
  if (byReport) typeIndex = reportType(t, row);
  else if (typeIndex === PATTERN_INDEX) typeIndex = typeByTopic(t, row, saysWhat);
  if (typeIndex === ERROR_INDEX && !byReport) typeIndex = retypedFailure(t, row, m);
  // A slow time the garbage collector reports is its pause: memory under pressure, not slow work.
  if (typeIndex === PERFORMANCE_INDEX && !byReport && topics.of(row) === TOPIC_MEMORY && speaksOfCollection(t.p.logs.messages[row]!)) {
    t.typedByWords.set(row, COLLECTOR_PAUSE_REASON);
    typeIndex = MEMORY_INDEX;
  }
  keepTyped(t, row, confidence, typeIndex);
}

/** A line of a report is of the kind its failure is; its first reason says whose. */
function reportType(t: LineTyping, row: number): number {
  const { logs } = t.p;
  const { templates, evidence } = t.a;
  const a = t.report.anchor[row]!;
  const typeIndex = ANOMALY_TYPES.indexOf(dominantType(evidence.performance[a]!, evidence.memory[a]!, evidence.error[a]!, evidence.pattern[a]!, true));
  const ms = Math.abs(logs.timestampMs[row]! - logs.timestampMs[a]!);
  t.reportReasons.set(
    row,
    `part of one failure report: written by ${logs.service(row)} within ${formatNumber(ms)} ms of ${quoteTemplate(templates.text(templates.templateOf[a]!))} (confidence ${t.own[a]!.toFixed(3)})`,
  );
  return typeIndex;
}

/**
 * Odd without a number to judge, a line about memory (a heap report, a GC cycle, a process's
 * memory alarm) is a memory anomaly, one about lag (a consumer, a replica, an event loop falling
 * behind) a performance one: what it is about says what kind.
 */
function typeByTopic(t: LineTyping, row: number, saysWhat: boolean): number {
  const { features } = t.p;
  const about = t.topics.of(row);
  if (about === TOPIC_MEMORY) {
    const mem = features.memoryUsage[row]!;
    t.typedByWords.set(row, mem > 0 ? memoryWordsWithReading(mem) : MEMORY_WORDS_REASON);
    return MEMORY_INDEX;
  }
  if (about === TOPIC_LAG) {
    const rt = features.responseTime[row]!;
    t.typedByWords.set(row, rt > 0 ? lagWordsWithTime(rt) : LAG_WORDS_REASON);
    return PERFORMANCE_INDEX;
  }
  if (saysWhat && t.a.evidence.timeout[row] !== DELAY_NONE) {
    // A new line that says it was slow or timed out (a database's slow-statement log, written
    // only past its threshold) is a performance anomaly by its own words, however usual its
    // time is among the other lines of its kind.
    t.typedByWords.set(row, DELAY_WORDS_REASON);
    return PERFORMANCE_INDEX;
  }
  if (about === TOPIC_TRACE) {
    // A frame of a stack trace a shipper split into its own entry ("goroutine 7 [running]:",
    // "at com.shop.Cart.add(Cart.java:42)") is part of the error it traces.
    t.typedByWords.set(row, STACK_FRAME_REASON);
    return ERROR_INDEX;
  }
  return PATTERN_INDEX;
}

/** A line typed error (not by a report), retyped when what failed says what kind it is. */
function retypedFailure(t: LineTyping, row: number, m: number): number {
  const { logs, features } = t.p;
  const { evidence } = t.a;
  // A failure that is about memory (an out-of-memory kill, a heap exhausted) with a memory
  // reading that counts is a memory anomaly, however loud its level: what failed says what kind.
  if (m >= SPECIFIC_TYPE_EVIDENCE && t.topics.of(row) === TOPIC_MEMORY) {
    t.typedByWords.set(row, MEMORY_FAILURE_REASON);
    return MEMORY_INDEX;
  }
  // A process killed outright just after its service reported its memory full was killed by an
  // out-of-memory killer: its line names no memory, the reading before it does (kills.ts).
  if (saysKilled(logs.messages[row]!)) {
    const before = memoryBeforeKill(row, { timestampMs: logs.timestampMs, serviceOf: logs.serviceOf, memory: evidence.memory }, SPECIFIC_TYPE_EVIDENCE);
    if (before >= 0) {
      const ms = logs.timestampMs[row]! - logs.timestampMs[before]!;
      const pct = features.memoryUsage[before]!;
      t.typedByWords.set(row, pct > 0 ? killedAfterMemory(ms, pct, logs.service(row)) : killedAfterMemoryWords(ms, logs.service(row)));
      return MEMORY_INDEX;
    }
  }
  // A line typed error by its level alone (a WARNING with no failure named) that says it was
  // slow by its producer's threshold ("Slow response from provider: ... took 10221 ms") is a
  // slow operation: the level says something is off, the words say what.
  if ((evidence.timeout[row] === DELAY_SLOW || evidence.timeout[row] === DELAY_LOCK_WAIT) && features.errorKeywords[row] === 0) {
    t.typedByWords.set(row, SLOW_WORDS_REASON);
    return PERFORMANCE_INDEX;
  }
  return ERROR_INDEX;
}

/** The line as detected, after the feedback rules (which may hold it back or change its confidence). */
function keepTyped(t: LineTyping, row: number, confidence: number, typeIndex: number): void {
  if (t.judge) {
    const { logs } = t.p;
    const { templates, evidence } = t.a;
    const service = logs.service(row);
    const template = templates.text(templates.templateOf[row]!);
    const j = t.judge({
      service,
      template,
      type: ANOMALY_TYPES[typeIndex]!,
      message: () => logs.messages[row]!,
      confidence,
      burst: evidence.burst[row]!,
      performance: evidence.performance[row]!,
      memory: evidence.memory[row]!,
    });
    if (!j.keep) {
      t.heldBack.add(j.key, j.why, row, confidence, typeIndex);
      return;
    }
    confidence = j.confidence;
    if (j.note) t.notes.set(row, j.note);
    if (j.confirmed) t.confirmed.set(`${service}\u0000${template}`, j.confirmed);
  }
  t.rowsOut.push(row);
  if (confidence >= t.shapeFloor) t.strongOut.push(row);
  t.confOut.push(confidence);
  t.typeOut.push(typeIndex);
}

/**
 * The listed lines (`listed`, ascending, a subset of the detected `rows`) as anomalies with their
 * reasons. A function of its own, for the reason given at typeLines.
 */
function listAnomalies(
  detected: { rows: Int32Array; confidence: Float64Array; type: Uint8Array },
  listed: ArrayLike<number>,
  findings: readonly Finding[],
  findingOf: Int32Array,
  reasonsOf: (row: number) => string[],
): ScoredAnomaly[] {
  const { rows, confidence, type } = detected;
  const anomalies: ScoredAnomaly[] = [];
  for (let k = 0, j = 0; k < rows.length && j < listed.length; k++) {
    const row = rows[k]!;
    if (row !== listed[j]) continue;
    j++;
    const finding = findings[findingOf[k]!]!;
    anomalies.push({
      row,
      confidence: confidence[k]!,
      anomalyType: ANOMALY_TYPES[type[k]!]!,
      reasons: reasonsOf(row),
      template: finding.template,
      findingId: finding.id,
    });
  }
  return anomalies;
}

/** Stages 1 to 3 in a row; the pipeline may run the forest on another thread instead (same answer). */
export function detect(logs: DetectInput, options: DetectOptions): DetectionOutput {
  const p = prepare(logs, options);
  const a = assess(p);
  return conclude(p, a, p.forest ? runForest(p.forest) : undefined);
}

/**
 * Stage 3: confidence and type per log, the summary. With `learnElsewhere`, the incident's
 * lessons for the memory are handed to it as soon as the lines they leave out are known (another
 * thread computes them meanwhile: threads/helper.ts), instead of being computed here.
 */
export function conclude(p: Prepared, a: Assessed, forest: ForestSignal | undefined, learnElsewhere?: (columns: LessonColumns) => void): DetectionOutput {
  const { logs, options, features, reference } = p;
  const { templates, patterns, baselines, evidence } = a;
  const n = features.n;
  const ctx: ReasonContext = { logs, features, evidence, baselines, forest, templates: patterns.stats, history: a.history };
  const learn = options.learn === true;
  const flagged = learn ? new Uint8Array(n) : undefined;

  const judge = options.feedback ? compileFeedback(options.feedback, options.confidenceThreshold) : undefined;
  const topics = new Topics(p.shapes.shapeOf, p.shapes.count, logs.messages);
  const own = ownConfidences(n, evidence, forest);
  const report = reportCompanions({
    n,
    timestampMs: logs.timestampMs,
    serviceOf: logs.serviceOf,
    levelSeverity: features.levelSeverity,
    errorKeywords: features.errorKeywords,
    evidence,
    confidence: own,
    isFrame: (row) => topics.of(row) === TOPIC_TRACE,
  });
  // Onset, ranking and timeline read the clearly anomalous lines only, so a low threshold asked
  // for a long list does not make every line part of the incident.
  const typing = new LineTyping(p, a, report, own, topics, judge, Math.max(options.confidenceThreshold, SHAPE_MIN_CONFIDENCE));
  // Every line at or above the threshold is detected, however many identical lines came before
  // it: confidence says how anomalous a line is. Findings group them.
  const above = aboveThreshold(own, report.confidence, options.confidenceThreshold, flagged);
  const lessons = learn ? lessonColumns({ logs, features, templates, flagged, rememberedId: a.history?.rememberedId }) : undefined;
  if (lessons && learnElsewhere) learnElsewhere(lessons);
  typeLines(typing, above);
  const { rowsOut, confOut, typeOut, strongOut, heldBack, notes, confirmed, typedByWords, reportReasons } = typing;
  const rows = Int32Array.from(rowsOut);
  const confidence = Float64Array.from(confOut);
  const type = Uint8Array.from(typeOut);
  const groupInputs = {
    templateOf: templates.templateOf,
    // A message's lines with an exception are a finding of their own, under the text and id the memory keeps them by.
    templateText: (id: number) => rememberedText(templates, id),
    serviceOf: logs.serviceOf,
    services: logs.services,
    timestampMs: logs.timestampMs,
  };
  const { findings, findingOf } = groupFindings({ rows, confidence, type, ...groupInputs });
  // A template the memory matched keeps the remembered id, so feedback on it reaches the memory.
  const remembered = a.history?.rememberedId;
  if (remembered) {
    for (const f of findings) {
      const id = remembered[templates.templateOf[f.firstRow]!];
      if (id !== undefined) f.templateId = id;
    }
  }
  const reasonsOf = (row: number): string[] => {
    const out = reasonsFor(row, ctx);
    const byReport = reportReasons.get(row);
    if (byReport !== undefined) out.unshift(byReport);
    const byWords = typedByWords.get(row);
    if (byWords !== undefined) out.push(byWords);
    const note = notes.get(row);
    return note === undefined ? out : [...out, note];
  };
  // Reasons are written only for the lines listed in the answer.
  const listed = listedRows(rows, confidence, findings, options.maxListed ?? Number.POSITIVE_INFINITY);
  const anomalies = listAnomalies({ rows, confidence, type }, listed, findings, findingOf, reasonsOf);
  const strongestReasons = findings.map((f) => reasonsOf(f.strongestRow));
  const summary = buildSummary({
    logs,
    detected: { rows, type },
    templateOf: templates.templateOf,
    templateText: (id) => templates.text(id),
    occurrences: templates.occurrences,
    baselineLogs: reference.size,
    findings: findings.length,
  });
  Object.assign(summary, incidentShape({ logs, rows: Int32Array.from(strongOut), findings, templates }));
  const out: DetectionOutput = {
    method: forest ? "isolation_forest" : "statistical",
    anomalies,
    detectedCount: rows.length,
    findings: findings.map((f, i) => ({ ...f, reasons: strongestReasons[i]! })),
    features,
    summary,
  };
  if (judge) {
    markConfirmed(out, confirmed);
    out.suppressed = heldBack.groups(groupInputs, (row) => reasonsFor(row, ctx));
  }
  const use = baselineUse(p);
  if (use) out.baselines = use;
  if (lessons && !learnElsewhere) out.lessons = lessonsFromColumns(lessons);
  return out;
}
