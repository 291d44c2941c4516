/** A seeded linear congruential stream of `n` whole numbers in 0..max, so fixed cases are reproducible. */
export const seeded = (n: number, max: number, seed: number): number[] => {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % (max + 1);
  });
};
