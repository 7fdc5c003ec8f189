/** Pairs up to which PairIds keeps a table of them all (4 MB) rather than a map of those seen. */
const DENSE_PAIRS = 1 << 20;

/**
 * Ids given to (a, b) pairs, a in [0, aCount), b in [0, bCount): a table of every pair while
 * there are few (a few hundred skeletons or services by tens of routes), a map of the pairs seen
 * beyond, so that a row's pair is found without building a key string.
 */
export class PairIds {
  private readonly dense: Int32Array | undefined;
  private readonly sparse: Map<number, number> | undefined;

  constructor(
    aCount: number,
    private readonly bCount: number,
  ) {
    const pairs = aCount * bCount;
    this.dense = pairs <= DENSE_PAIRS ? new Int32Array(pairs).fill(-1) : undefined;
    this.sparse = this.dense ? undefined : new Map();
  }

  /** The pair's id, or -1 when it has none yet. */
  get(a: number, b: number): number {
    const key = a * this.bCount + b;
    return this.dense ? this.dense[key]! : (this.sparse!.get(key) ?? -1);
  }

  set(a: number, b: number, id: number): void {
    const key = a * this.bCount + b;
    if (this.dense) this.dense[key] = id;
    else this.sparse!.set(key, id);
  }
}
