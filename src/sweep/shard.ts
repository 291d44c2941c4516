import { parseParams } from "../params/index.js";

export interface Shard {
  /** 1-based shard number. */
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard i/n` (1 <= i <= n), as a Slurm array index or GNU parallel's `{#}` gives it. */
export function parseShard(text: string): Shard {
  return parseParams({ shard: text }, { keys: ["shard"], origin: { kind: "flags" } }).shard!;
}

/** The points of one shard: every n-th point, so that shards get a similar mix of cheap and costly points. */
export function selectShard<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (shard === undefined) return [...items];
  return items.filter((_, i) => i % shard.count === shard.index - 1);
}
