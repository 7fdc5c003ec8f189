// The Java Kafka client's consumer-group lines (ConsumerCoordinator, AbstractCoordinator), shared
// by the scenarios whose consumers run on the JVM.

import type { Rng } from "./rng.js";
import type { Entry, Label, Timeline } from "./timeline.js";
import type { Lvl } from "./producers.js";

export interface KafkaMember {
  pod: string;
  clientId: string;
  memberId: string;
}

export function kafkaMember(rng: Rng, pod: string, group: string, n: number): KafkaMember {
  const clientId = `consumer-${group}-${n}`;
  return { pod, clientId, memberId: `${clientId}-${rng.uuid()}` };
}

/** Writes one line for a member: (time, member, logger, level, message). */
export type KafkaWrite = (t: number, m: KafkaMember, logger: string, level: Lvl, message: string) => Entry;

export const COORD = "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator";
export const ABSTRACT_COORD = "org.apache.kafka.clients.consumer.internals.AbstractCoordinator";
export const FETCHER = "org.apache.kafka.clients.consumer.internals.ConsumerUtils";

export function prefix(m: KafkaMember, group: string): string {
  return `[Consumer clientId=${m.clientId}, groupId=${group}]`;
}

export interface RebalanceOpts {
  t0: number;
  group: string;
  topic: string;
  partitions: number;
  members: readonly KafkaMember[];
  /** The members that owned partitions before (for the revoke lines of an eager rebalance). */
  previous: ReadonlyMap<string, number[]>;
  generation: number;
  protocol: "range" | "cooperative-sticky";
  reason: string;
  /** The member that noticed first (it logs the reason; the others log that the group is rebalancing). */
  initiator: number;
  write: KafkaWrite;
  label: Label;
  /** Write the per-partition "Setting offset" lines. */
  offsets: boolean;
  offsetOf: (partition: number) => number;
  leaderEpoch: number;
  brokers: readonly string[];
}

/** Emits one rebalance of a consumer group as every member logs it; returns the new assignment. */
export function rebalance(tl: Timeline, rng: Rng, o: RebalanceOpts): Map<string, number[]> {
  const assignment = new Map<string, number[]>();
  const sorted = [...o.members].sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
  for (const m of sorted) assignment.set(m.memberId, []);
  for (let p = 0; p < o.partitions; p++) {
    const m = sorted[p % sorted.length];
    if (m !== undefined) assignment.get(m.memberId)?.push(p);
  }
  const names = (ps: readonly number[]) => ps.map((p) => `${o.topic}-${p}`).join(", ");
  const joinDone = o.t0 + rng.int(2500, 5200);
  const leader = sorted[0];
  o.members.forEach((m, i) => {
    const pre = prefix(m, o.group);
    const seen = i === o.initiator ? o.t0 : o.t0 + rng.int(200, 3000);
    const why = i === o.initiator ? o.reason : "group is already rebalancing";
    tl.add(seen, (t) => o.write(t, m, ABSTRACT_COORD, "info", `${pre} Request joining group due to: ${why}`), o.label);
    const owned = o.previous.get(m.memberId) ?? [];
    if (o.protocol === "range" && owned.length > 0) {
      tl.add(seen + rng.int(1, 8), (t) => o.write(t, m, COORD, "info", `${pre} Revoke previously assigned partitions ${names(owned)}`), o.label);
    }
    tl.add(seen + rng.int(10, 40), (t) => o.write(t, m, ABSTRACT_COORD, "info", `${pre} (Re-)joining group`), o.label);
    const gen = `Generation{generationId=${o.generation}, memberId='${m.memberId}', protocol='${o.protocol}'}`;
    const joined = joinDone + rng.int(0, 40);
    tl.add(joined, (t) => o.write(t, m, ABSTRACT_COORD, "info", `${pre} Successfully joined group with generation ${gen}`), o.label);
    if (leader !== undefined && m.memberId === leader.memberId) {
      const summary = sorted.map((x) => `${x.memberId}=Assignment(partitions=[${names(assignment.get(x.memberId) ?? [])}])`).join(", ");
      tl.add(
        joined + rng.int(2, 9),
        (t) => o.write(t, m, COORD, "info", `${pre} Finished assignment for group at generation ${o.generation}: {${summary}}`),
        o.label,
      );
    }
    const synced = joined + rng.int(20, 90);
    tl.add(synced, (t) => o.write(t, m, ABSTRACT_COORD, "info", `${pre} Successfully synced group in generation ${gen}`), o.label);
    const mine = assignment.get(m.memberId) ?? [];
    tl.add(synced + 2, (t) => o.write(t, m, COORD, "info", `${pre} Notifying assignor about the new Assignment(partitions=[${names(mine)}])`), o.label);
    const added = o.protocol === "range" ? mine : mine.filter((p) => !owned.includes(p));
    tl.add(synced + 4, (t) => o.write(t, m, COORD, "info", `${pre} Adding newly assigned partitions: ${names(added)}`), o.label);
    if (o.offsets) {
      for (const p of added) {
        const broker = o.brokers[p % o.brokers.length] ?? "kafka-0";
        const msg = `${pre} Setting offset for partition ${o.topic}-${p} to the committed offset FetchPosition{offset=${o.offsetOf(p)}, offsetEpoch=Optional[${o.leaderEpoch}], currentLeader=LeaderAndEpoch{leader=Optional[${broker}:9092 (id: ${p % o.brokers.length} rack: null)], epoch=${o.leaderEpoch}}}`;
        tl.add(synced + rng.int(8, 60), (t) => o.write(t, m, FETCHER, "info", msg), o.label);
      }
    }
  });
  return assignment;
}

export const POLL_TIMEOUT_MSG =
  "consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.";

export const COMMIT_FAILED_MSG =
  "Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.";

export const COMMIT_FAILED_REBALANCED =
  "Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member. This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time message processing. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.";
