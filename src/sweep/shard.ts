import { UserError } from "../util/errors.js";

export interface Shard {
  /** 1-based shard number. */
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard i/n` (1 <= i <= n), as a Slurm array index or GNU parallel's `{#}` gives it. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new UserError(`--shard "${text}": write i/n, e.g. 2/8 for the second of eight shards`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new UserError(`--shard "${text}": i must be between 1 and n (n >= 1)`);
  return { index, count };
}

/** The points of one shard: every n-th point, so that shards get a similar mix of cheap and costly points. */
export function selectShard<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (shard === undefined) return [...items];
  return items.filter((_, i) => i % shard.count === shard.index - 1);
}
