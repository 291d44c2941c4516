import fc from "fast-check";

// SME_PROPERTY_SEED fixes the cases every property draws, so two mutation-testing runs judge each mutant
// against the same cases and their scores can be compared.
const seed = process.env.SME_PROPERTY_SEED;
if (seed !== undefined && seed !== "") {
  if (!/^-?\d+$/.test(seed)) throw new Error(`SME_PROPERTY_SEED must be a whole number, got "${seed}"`);
  fc.configureGlobal({ seed: Number(seed) });
}
