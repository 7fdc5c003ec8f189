/** The channel family's timeline helpers (eval/channel/timeline.ts). */
export * from "../channel/timeline.js";
