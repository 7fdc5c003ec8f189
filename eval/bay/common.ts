/** The sound family's shared helpers: an edge proxy's access line and a Deployment's rollout. */
export * from "../sound/common.js";
