/**
 * Growing one isolation tree of the forest (isolation-forest.ts has the layout): sklearn's
 * random splitter on a sample of rows, written into the forest's flat arrays.
 *
 * Equal rows are merged into weighted entries when every tree grows on the same rows (n <=
 * max_samples), and a feature found constant in a node is not scanned again in its subtree; both
 * only skip work whose outcome is known, so the trees (and the random draws) are the same.
 */
import { distinctRows } from "./distinct-rows.js";
import type { Random } from "./random.js";

const EULER_GAMMA = 0.5772156649;
/** sklearn treats a feature whose node range is below this as constant. */
const FEATURE_THRESHOLD = 1e-7;

/** c(n): mean path length of an unsuccessful BST search, sklearn's _average_path_length. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/**
 * k distinct row ids out of n (Floyd's algorithm: k draws, no n-sized scratch). `seen` is an
 * open-addressing set of capacity >= 2k (a power of two), -1 when empty; it is cleared here.
 */
export function sampleWithoutReplacement(rng: Random, n: number, k: number, out: Int32Array, seen: Int32Array): void {
  if (k === n) {
    for (let i = 0; i < n; i++) out[i] = i;
    return;
  }
  seen.fill(-1);
  const mask = seen.length - 1;
  let w = 0;
  for (let j = n - k; j < n; j++) {
    const t = rng.int(j + 1);
    // Floyd: take t unless already taken, then j (which cannot be: only values < j were drawn).
    let slot = Math.imul(t, 0x9e3779b1) & mask;
    let found = false;
    while (seen[slot] !== -1) {
      if (seen[slot] === t) {
        found = true;
        break;
      }
      slot = (slot + 1) & mask;
    }
    const pick = found ? j : t;
    if (found) {
      slot = Math.imul(j, 0x9e3779b1) & mask;
      while (seen[slot] !== -1) slot = (slot + 1) & mask;
    }
    seen[slot] = pick;
    out[w++] = pick;
  }
}

/**
 * One tree's sample as weighted entries: entry e holds `weight[e]` equal rows, feature f of it
 * at sub[f * capacity + e]. Equal rows go down the same branches and only add to a node's size,
 * so growing on entries gives the same tree as growing on rows.
 */
export interface Sample {
  sub: Float64Array;
  weight: Int32Array;
  entries: number;
}

/** The rows `rows[0..k)` as one entry each. */
export function gatherRows(columns: readonly Float64Array[], rows: Int32Array, k: number, sample: Sample): void {
  const { sub, weight } = sample;
  for (let f = 0; f < columns.length; f++) {
    const col = columns[f]!;
    const base = f * k;
    for (let r = 0; r < k; r++) sub[base + r] = col[rows[r]!]!;
  }
  weight.fill(1, 0, k);
  sample.entries = k;
}

/** All n rows, equal rows merged (n <= maxSamples: every tree grows on this same sample). */
export function gatherDistinct(columns: readonly Float64Array[], n: number, sample: Sample): void {
  const d = columns.length;
  const { x, u, rowOf } = distinctRows(columns, n);
  const { sub, weight } = sample;
  for (let e = 0; e < u; e++) for (let f = 0; f < d; f++) sub[f * n + e] = x[e * d + f]!;
  weight.fill(0);
  for (let i = 0; i < n; i++) weight[rowOf[i]!]!++;
  sample.entries = u;
}

/** Features tracked as known-constant per node (a bitmask); beyond it they are re-scanned. */
const MASK_FEATURES = 30;

/** Reused scratch of tree growing: the node stack and the feature order. */
export interface Scratch {
  /** Entry ids; each node's entries are contiguous, partitioning moves only these ids. */
  idx: Int32Array;
  order: Int32Array;
  node: Int32Array;
  start: Int32Array;
  end: Int32Array;
  depth: Int32Array;
  size: Int32Array;
  /** Features known to be constant in the node (constant in a parent stays constant). */
  known: Int32Array;
}

export function newScratch(psi: number, d: number, maxDepth: number): Scratch {
  const cap = 2 * maxDepth + 2;
  return {
    idx: new Int32Array(psi),
    order: new Int32Array(d),
    node: new Int32Array(cap),
    start: new Int32Array(cap),
    end: new Int32Array(cap),
    depth: new Int32Array(cap),
    size: new Int32Array(cap),
    known: new Int32Array(cap),
  };
}

/** Where tree t goes in the forest's flat arrays. */
export interface TreeSlots {
  feature: Int32Array;
  threshold: Float64Array;
  pathLength: Float64Array;
  nodeBase: number;
  leafBase: number;
  internal: number;
  maxDepth: number;
}

/** Leaf at `node`: pass-through splits down to the last level, where the path length is stored. */
function writeLeaf(out: TreeSlots, node: number, depth: number, size: number): void {
  let k = node;
  for (let level = depth; level < out.maxDepth; level++) {
    out.feature[out.nodeBase + k] = 0;
    out.threshold[out.nodeBase + k] = Infinity;
    k = 2 * k + 1;
  }
  out.pathLength[out.leafBase + k - out.internal] = depth + averagePathLength(size);
}

/**
 * Grows one tree on the sample, depth-first, left subtree first (the order of the random draws,
 * hence of the trees). `total` is the sample's row count (the root's size).
 */
export function growTree(rng: Random, sample: Sample, capacity: number, total: number, d: number, s: Scratch, out: TreeSlots): void {
  const { sub, weight, entries } = sample;
  const { idx, order } = s;
  const trackKnown = d <= MASK_FEATURES;
  for (let e = 0; e < entries; e++) idx[e] = e;
  s.node[0] = 0;
  s.start[0] = 0;
  s.end[0] = entries;
  s.depth[0] = 0;
  s.size[0] = total;
  s.known[0] = 0;
  let top = 1;
  while (top > 0) {
    top--;
    const node = s.node[top]!;
    const start = s.start[top]!;
    const end = s.end[top]!;
    const depth = s.depth[top]!;
    const size = s.size[top]!;
    let known = s.known[top]!;
    let f = -1;
    let lo = 0;
    let hi = 0;
    if (depth < out.maxDepth && size > 1) {
      // As sklearn's random splitter: draw features without replacement until one is not
      // constant in the node. The first non-constant feature of a random order is uniform
      // over the non-constant ones. A feature known constant (or a node of equal rows) is
      // still drawn, so the random stream is the same, but not scanned again.
      const single = end - start === 1;
      for (let g = 0; g < d; g++) order[g] = g;
      for (let left = d; left > 0; left--) {
        const j = rng.int(left);
        const g = order[j]!;
        order[j] = order[left - 1]!;
        order[left - 1] = g;
        if (single || (trackKnown && (known >> g) & 1)) continue;
        const base = g * capacity;
        lo = sub[base + idx[start]!]!;
        hi = lo;
        for (let k = start + 1; k < end; k++) {
          const v = sub[base + idx[k]!]!;
          if (v < lo) lo = v;
          else if (v > hi) hi = v;
        }
        if (hi > lo + FEATURE_THRESHOLD) {
          f = g;
          break;
        }
        if (trackKnown) known |= 1 << g;
      }
    }
    if (f < 0) {
      writeLeaf(out, node, depth, size);
      continue;
    }
    let split = lo + rng.next() * (hi - lo);
    // As sklearn: rounding can land on max, which would leave the right side empty.
    if (split >= hi) split = lo;
    // Branch-free partition (Lomuto, always swapping): which side an entry goes to is a coin
    // flip the CPU cannot predict, and a mispredicted branch costs more than the swap.
    const fb = f * capacity;
    let i = start;
    let leftSize = 0;
    for (let k = start; k < end; k++) {
      const r = idx[k]!;
      const goesLeft = +(sub[fb + r]! <= split);
      idx[k] = idx[i]!;
      idx[i] = r;
      i += goesLeft;
      leftSize += goesLeft * weight[r]!;
    }
    out.feature[out.nodeBase + node] = f;
    out.threshold[out.nodeBase + node] = split;
    // Right pushed first so the left subtree is grown (and draws) first.
    push(s, top++, 2 * node + 2, i, end, depth + 1, size - leftSize, known);
    push(s, top++, 2 * node + 1, start, i, depth + 1, leftSize, known);
  }
}

function push(s: Scratch, at: number, node: number, start: number, end: number, depth: number, size: number, known: number): void {
  s.node[at] = node;
  s.start[at] = start;
  s.end[at] = end;
  s.depth[at] = depth;
  s.size[at] = size;
  s.known[at] = known;
}
