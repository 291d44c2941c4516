import { describe, expect, it } from "vitest";
import { parseParams } from "../../src/params/index.js";
import { parseShard, resolveShard, selectShard } from "../../src/sweep/shard.js";

describe("shards", () => {
  it("parses i/n and splits items into disjoint shards that cover them all", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    const items = Array.from({ length: 10 }, (_, i) => i);
    const shards = [1, 2, 3].map((i) => selectShard(items, { index: i, count: 3 }));
    expect(shards[0]).toEqual([0, 3, 6, 9]);
    expect(shards.flat().sort((a, b) => a - b)).toEqual(items);
    expect(selectShard(items, undefined)).toEqual(items);
  });

  it("rejects malformed and out-of-range shards", () => {
    expect(() => parseShard("0/3")).toThrow(/between 1 and n/);
    expect(() => parseShard("4/3")).toThrow(/between 1 and n/);
    expect(() => parseShard("two")).toThrow(/--shard must be i\/n, e.g. 2\/8 .*or auto/);
  });

  it("takes auto as a value of --shard, to be resolved from the environment", () => {
    expect(parseParams({ shard: "auto" }, { keys: ["shard"], origin: { kind: "flags" } }).shard).toBe("auto");
  });
});

describe("--shard auto", () => {
  it("numbers Slurm array tasks from the array's first index, 0-based or 1-based", () => {
    const slurm = (id: number, min: number, max: number) => ({
      SLURM_ARRAY_TASK_ID: String(id),
      SLURM_ARRAY_TASK_MIN: String(min),
      SLURM_ARRAY_TASK_MAX: String(max),
      SLURM_ARRAY_TASK_COUNT: String(max - min + 1),
    });
    expect(resolveShard(slurm(0, 0, 3))).toEqual({ index: 1, count: 4, from: "Slurm" });
    expect(resolveShard(slurm(3, 0, 3))).toEqual({ index: 4, count: 4, from: "Slurm" });
    expect(resolveShard(slurm(1, 1, 8))).toEqual({ index: 1, count: 8, from: "Slurm" });
    // Without the count variable (older Slurm) MIN..MAX gives it.
    expect(resolveShard({ SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_MIN: "5", SLURM_ARRAY_TASK_MAX: "6" })).toEqual({ index: 1, count: 2, from: "Slurm" });
    // The scheduler's count and an explicit one must agree.
    expect(resolveShard(slurm(2, 1, 4), 4).count).toBe(4);
    expect(() => resolveShard(slurm(2, 1, 4), 5)).toThrow(/says 5 shards, the Slurm array has 4/);
  });

  it("refuses Slurm arrays with steps or gaps, which give no shard numbering", () => {
    const stepped = { SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "12", SLURM_ARRAY_TASK_COUNT: "4" };
    expect(() => resolveShard(stepped)).toThrow(/the Slurm array 0-12 has 4 tasks, not one per index .*--array=1-4/);
  });

  it("takes the Kubernetes completion index and the AWS Batch array index (0-based) with the count from the flag or SME_SHARD_COUNT", () => {
    expect(resolveShard({ JOB_COMPLETION_INDEX: "0", SME_SHARD_COUNT: "3" })).toEqual({ index: 1, count: 3, from: "Kubernetes Indexed Job" });
    expect(resolveShard({ JOB_COMPLETION_INDEX: "2" }, 3)).toEqual({ index: 3, count: 3, from: "Kubernetes Indexed Job" });
    expect(resolveShard({ AWS_BATCH_JOB_ARRAY_INDEX: "7", SME_SHARD_COUNT: "10" })).toEqual({ index: 8, count: 10, from: "AWS Batch array job" });
    expect(() => resolveShard({ JOB_COMPLETION_INDEX: "0" })).toThrow(/does not say how many shards .*--shard-count N or set SME_SHARD_COUNT/);
    expect(() => resolveShard({ AWS_BATCH_JOB_ARRAY_INDEX: "3" }, 3)).toThrow(/AWS_BATCH_JOB_ARRAY_INDEX 3 is not below the shard count 3/);
    expect(() => resolveShard({ JOB_COMPLETION_INDEX: "x", SME_SHARD_COUNT: "2" })).toThrow(/JOB_COMPLETION_INDEX must be a whole number/);
  });

  it("says which variables it reads when none is set", () => {
    expect(() => resolveShard({})).toThrow(
      /found no array job: it reads SLURM_ARRAY_TASK_ID .*JOB_COMPLETION_INDEX .*AWS_BATCH_JOB_ARRAY_INDEX .*give --shard i\/n/,
    );
  });
});
