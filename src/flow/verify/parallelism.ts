import { availableParallelism } from "node:os";
import { MAX_JOBS } from "../../params/registry.js";

/** Most simulator processes `--jobs` may ask for (the registry's limit of `verify --jobs`). */
export { MAX_JOBS };

/**
 * Simulators one host thread drives. With stream requests in flight the host thread is free while the
 * simulators compute, and the golden model plus the comparison cost it about two thirds of what a 128 x 128
 * tile costs its simulator per vector, so one thread keeps two simulators busy. More simulators get worker
 * threads (each driving up to this many), which cost about half a second to start; a worker per simulator
 * was measured no faster on two cores.
 */
export const SIMULATORS_PER_THREAD = 2;

/** Host threads driving `jobs` simulators. */
export const hostThreads = (jobs: number): number => Math.ceil(jobs / SIMULATORS_PER_THREAD);

/**
 * Default `--jobs`: as many simulators as fit the cores together with the host threads that drive them
 * (simulators + host threads <= cores, at least 1, at most {@link MAX_JOBS}): 1 on 2 cores, 2 on 4, 5 on 8,
 * 10 on 16. Both kinds of thread are busy all the time, so more simulators than that only share cores. On
 * the 2-core VM, default tile at 16k vectors/s in its C++ loop, 1 simulator checked 15.6-15.8k vectors/s and
 * 2 simulators 13.2-14.9k (20k vectors, alternating runs): the second simulator takes CPU from the host thread,
 * which then limits.
 */
export function defaultJobs(cores = availableParallelism()): number {
  let jobs = 1;
  while (jobs + 1 <= MAX_JOBS && jobs + 1 + hostThreads(jobs + 1) <= cores) jobs++;
  return jobs;
}
