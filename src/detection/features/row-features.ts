/**
 * The part of detect()'s preparation that depends on nothing but the row itself: its message
 * shape and its five features. When two threads read an incident's halves, each computes this
 * for its own rows right after reading them, and the halves are merged: prepare() then starts
 * from the merged result instead of parsing 100k messages on one thread. The merged shapes and
 * features equal what one thread computes over all rows (shape ids stay in order of first
 * appearance, and what is parsed of a shape is the same for each of its messages).
 */
import { emptyFeatures, featureMatrix, fillFeatures } from "./features.js";
import { ShapeBuilder, type MessageShapes, type ShapesPart } from "./message-shapes.js";
import type { LogTable, RowColumns } from "../../logs/log-table.js";
import { FEATURE_KEYS, type FeatureMatrix } from "../types.js";

export interface RowFeatures {
  builder: ShapeBuilder;
  shapeOf: Int32Array;
  features: FeatureMatrix;
}

/** What a thread posts of its rows' features (typed arrays transferred). */
export interface RowFeaturesPart {
  shapes: ShapesPart;
  shapeOf: Int32Array;
  features: FeatureMatrix;
}

/** Shapes and features of every row of a table, computed while reading it; prepare() starts from them. */
export interface Precomputed {
  shapes: MessageShapes;
  features: FeatureMatrix;
}

/** An incident's table with what a reader thread already computed of its rows, for detect(). */
export interface PreparedLogs {
  table: LogTable;
  /** Exactly the table's rows; undefined when nothing was computed ahead. */
  precomputed?: Precomputed;
}

/**
 * Shapes and features of `src`'s rows. `capacity`: these rows and those another thread's part
 * will add after them (readSplit), so that mergeRowFeatures writes that part after them instead
 * of copying both into new columns; the features are then in shared memory, as merged ones are.
 */
export function rowFeatures(src: RowColumns, capacity?: number): RowFeatures {
  const builder = new ShapeBuilder();
  const n = src.length;
  const room = capacity !== undefined && capacity > n;
  const shapeOf = room ? new Int32Array(capacity).subarray(0, n) : new Int32Array(n);
  for (let i = 0; i < n; i++) shapeOf[i] = builder.add(src.messages[i]!);
  const features = room ? firstRows(emptyFeatures(capacity, true), n) : emptyFeatures(n);
  fillFeatures(src, builder.shapes(shapeOf), features);
  return { builder, shapeOf, features };
}

/** The first n rows of `m`'s columns (views: the room after them stays in their buffers). */
function firstRows(m: FeatureMatrix, n: number): FeatureMatrix {
  return featureMatrix(n, (k) => m[k].subarray(0, n));
}

/** A view of the first n values of `column`'s buffer, when the buffer has room for them from `column`'s start. */
function grown<T extends Float64Array | Int32Array>(column: T, n: number, make: (buffer: ArrayBufferLike, length: number) => T): T | undefined {
  return column.byteOffset === 0 && column.buffer.byteLength >= n * column.BYTES_PER_ELEMENT ? make(column.buffer, n) : undefined;
}

export function rowFeaturesPart(r: RowFeatures): RowFeaturesPart {
  return { shapes: r.builder.part(), shapeOf: r.shapeOf, features: r.features };
}

export function rowFeaturesBuffers(p: RowFeaturesPart): ArrayBuffer[] {
  const f = p.features;
  return [p.shapeOf, f.messageLength, f.errorKeywords, f.levelSeverity, f.responseTime, f.memoryUsage].map((a) => a.buffer as ArrayBuffer);
}

/** `mine` for the first rows, `theirs` for the rows after them. */
export function mergeRowFeatures(mine: RowFeatures, theirs: RowFeaturesPart): Precomputed {
  const a = mine.features.n;
  const n = a + theirs.features.n;
  const ids = mine.builder.merge(theirs.shapes);
  // Their rows go after these: in the room rowFeatures left, else into new columns with both.
  let shapeOf = grown(mine.shapeOf, n, (b, length) => new Int32Array(b, 0, length));
  if (!shapeOf) {
    shapeOf = new Int32Array(n);
    shapeOf.set(mine.shapeOf);
  }
  for (let i = 0; i < theirs.shapeOf.length; i++) shapeOf[a + i] = ids[theirs.shapeOf[i]!]!;
  // Shared: the forest's helper thread reads them as they are (threads/helper.ts), no copy.
  const features = featureMatrix(n, (k) => {
    let column = mine.features[k].buffer instanceof SharedArrayBuffer ? grown(mine.features[k], n, (b, length) => new Float64Array(b, 0, length)) : undefined;
    if (!column) {
      column = new Float64Array(new SharedArrayBuffer(8 * n));
      column.set(mine.features[k]);
    }
    column.set(theirs.features[k], a);
    return column;
  });
  return { shapes: mine.builder.shapes(shapeOf), features };
}

/** Row `from`'s shape and features now belong to row `to` (LogTableBuilder.dropBefore's onMove). */
export function movePrecomputedRow(p: Precomputed, from: number, to: number): void {
  p.shapes.shapeOf[to] = p.shapes.shapeOf[from]!;
  for (const k of FEATURE_KEYS) p.features[k][to] = p.features[k][from]!;
}

/** The first n rows' shapes and features. Shapes are read per row (shapeOf), so one left without rows is harmless. */
export function precomputedRows(p: Precomputed, n: number): Precomputed {
  const features = featureMatrix(n, (k) => p.features[k].subarray(0, n));
  return { shapes: { ...p.shapes, shapeOf: p.shapes.shapeOf.subarray(0, n) }, features };
}
