/**
 * A process killed outright (SIGKILL) just after its service reported its memory full. The
 * kernel's and a container runtime's out-of-memory killer sends SIGKILL: the line saying so
 * ("Runtime exited with error: signal: killed", "exited with 'signal 9 (SIGKILL)'", "exit code
 * 137") names no memory, but the reading before it does. Killed with no such reading, it is a
 * failure like any other (an operator's kill, a deploy's).
 */

/** SIGKILL as runtimes, supervisors and shells report it; 137 is 128 + 9, a shell's status for it. */
const KILL_WORDS = /signal:? killed|\bSIGKILL\b|\bsignal 9\b|\bexit(?:ed)?(?: with)?(?: status| code)?[ :=]+137\b/i;

/** How long before a kill a memory reading of its service counts as the reason for it. */
export const KILL_WINDOW_MS = 60_000;
/** Lines looked at before a kill, in log order: a bound on the work, far more than a minute of one service needs. */
const KILL_LOOKBACK = 2000;

export function saysKilled(message: string): boolean {
  return KILL_WORDS.test(message);
}

export interface KillInputs {
  timestampMs: ArrayLike<number>;
  serviceOf: ArrayLike<number>;
  /** Memory evidence per line. */
  memory: ArrayLike<number>;
}

/**
 * The nearest line before `row` (in log order, within KILL_WINDOW_MS) of the same service with a
 * memory evidence of at least `min`, or -1.
 */
export function memoryBeforeKill(row: number, r: KillInputs, min: number): number {
  const t = r.timestampMs[row]!;
  const service = r.serviceOf[row]!;
  if (!Number.isFinite(t)) return -1;
  for (let i = row - 1; i >= 0 && i >= row - KILL_LOOKBACK; i--) {
    const ti = r.timestampMs[i]!;
    if (ti < t - KILL_WINDOW_MS) break;
    if (r.serviceOf[i] === service && r.memory[i]! >= min && ti <= t) return i;
  }
  return -1;
}
