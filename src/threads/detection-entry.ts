/**
 * Entry of a detection thread: starts its helper thread first when the pool started it for a
 * large incident (early-helper.ts), then loads the thread itself (detection-thread.ts).
 */
import { workerData } from "node:worker_threads";
import type { Config } from "../config.js";
import { startHelperEarly } from "./early-helper.js";

const { config, large } = workerData as { config: Config; large?: boolean };
if (large && config.DETECTION_FOREST_THREAD) startHelperEarly(config);
await import("./detection-thread.js");
