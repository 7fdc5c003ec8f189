import type { LearnResponse } from "../contract/baselines.js";
import { lessonsFromNormal } from "../detection/history/lessons.js";
import type { LogTable } from "../logs/log-table.js";
import type { MemoryStore } from "./store.js";

/**
 * Teaches the memory from logs declared normal (POST /baselines/learn, `anomaly-detect learn`):
 * nothing is flagged, every template is expected, and learning the same id twice counts once.
 */
export async function primeFromLogs(store: MemoryStore, incidentId: string, logs: LogTable): Promise<LearnResponse["services"]> {
  const history = await store.recall(logs.services);
  const lessons = lessonsFromNormal(logs, history);
  const learnt = new Set(await store.learn(incidentId, lessons, { primed: true }));
  return lessons.map((l) => ({ service: l.service, logs: l.lines, templates: l.templates.length, learned: learnt.has(l.service) }));
}
