/** The isthmus family's timeline: lines in time order with their labels. */
export * from "../isthmus/timeline.js";
