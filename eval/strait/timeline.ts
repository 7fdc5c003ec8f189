/** The sound family's timeline (the isthmus family's): lines in time order with their labels. */
export * from "../sound/timeline.js";
