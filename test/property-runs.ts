/**
 * How many cases a fast-check property draws: `n` in the normal suite. Mutation testing (`npm run mutate:sme`)
 * reruns every property that reaches a mutant, once per mutant, so it sets SME_PROPERTY_SCALE (0 < scale <= 1)
 * to draw a fraction of them, never fewer than `floor` (a property that draws too few cases stops being a test).
 */
export const runs = (n: number, floor = 10, share = 1): number => {
  const raw = process.env.SME_PROPERTY_SCALE;
  if (raw === undefined || raw === "") return n;
  const scale = Number(raw);
  if (!(scale > 0 && scale <= 1)) throw new Error(`SME_PROPERTY_SCALE must be a number in (0, 1], got "${raw}"`);
  return Math.min(n, Math.max(floor, Math.ceil(n * scale * share)));
};

/**
 * {@link runs} for a property whose every case builds and runs whole tile models, images or layers
 * (milliseconds each, ten times more under mutation): under SME_PROPERTY_SCALE it draws a quarter of the share
 * of the others, at least 4 cases, since the mutants it reaches are also reached by the lighter properties of
 * the same code.
 */
export const heavyRuns = (n: number): number => runs(n, 4, 0.25);
