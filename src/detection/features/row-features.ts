/**
 * The part of detect()'s preparation that depends on nothing but the row itself: its message
 * shape and its five features. When two threads read an incident's halves, each computes this
 * for its own rows right after reading them, and the halves are merged: prepare() then starts
 * from the merged result instead of parsing 100k messages on one thread. The merged shapes and
 * features equal what one thread computes over all rows (shape ids stay in order of first
 * appearance, and what is parsed of a shape is the same for each of its messages).
 */
import { emptyFeatures, fillFeatures } from "./features.js";
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

export function rowFeatures(src: RowColumns): RowFeatures {
  const builder = new ShapeBuilder();
  const shapeOf = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) shapeOf[i] = builder.add(src.messages[i]!);
  const features = emptyFeatures(src.length);
  fillFeatures(src, builder.shapes(shapeOf), features);
  return { builder, shapeOf, features };
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
  const shapeOf = new Int32Array(n);
  shapeOf.set(mine.shapeOf);
  for (let i = 0; i < theirs.shapeOf.length; i++) shapeOf[a + i] = ids[theirs.shapeOf[i]!]!;
  // Shared: the forest's helper thread reads them as they are (threads/helper.ts), no copy.
  const features = emptyFeatures(n, true);
  for (const k of FEATURE_KEYS) {
    features[k].set(mine.features[k]);
    features[k].set(theirs.features[k], a);
  }
  return { shapes: mine.builder.shapes(shapeOf), features };
}

/** Row `from`'s shape and features now belong to row `to` (LogTableBuilder.dropBefore's onMove). */
export function movePrecomputedRow(p: Precomputed, from: number, to: number): void {
  p.shapes.shapeOf[to] = p.shapes.shapeOf[from]!;
  for (const k of FEATURE_KEYS) p.features[k][to] = p.features[k][from]!;
}

/** The first n rows' shapes and features. Shapes are read per row (shapeOf), so one left without rows is harmless. */
export function precomputedRows(p: Precomputed, n: number): Precomputed {
  const features = { ...p.features, n };
  for (const k of FEATURE_KEYS) features[k] = p.features[k].subarray(0, n);
  return { shapes: { ...p.shapes, shapeOf: p.shapes.shapeOf.subarray(0, n) }, features };
}
