/** Orchestrator probes: open without a key, never rate limited, not logged per request. */
export const PROBE_ROUTES: ReadonlySet<string> = new Set(["/health", "/livez"]);
