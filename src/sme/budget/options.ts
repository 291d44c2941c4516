import { z } from "zod";
import { BUDGET_SCOPES, type BudgetScope } from "../../params/modes.js";
import { UserError } from "../../util/errors.js";

export { BUDGET_SCOPES, type BudgetScope };

/** The knobs of the budget mode (frozen; build with {@link makeBudgetParams}). */
export interface BudgetParams {
  /** Weight SQNR (dB) the mapped weights must reach over each scope unit. */
  readonly targetSqnrDb: number;
  readonly scope: BudgetScope;
  /** Weight SQNR floor (dB) every layer must reach as well, or null for none. */
  readonly minLayerSqnrDb: number | null;
  /**
   * Reorder each kernel's input rows by significance before tiling (`significanceRowOrder`), so rows with
   * high bits set share tiles; the activations are read in the same order.
   */
  readonly permuteRows: boolean;
}

export const BUDGET_DEFAULTS = { targetSqnrDb: 23, scope: "model", minLayerSqnrDb: null, permuteRows: false } as const satisfies BudgetParams;

const db = (name: string) =>
  z
    .number({ error: `${name} must be a number of dB` })
    .min(-100, { error: `${name} must be at least -100 dB` })
    .max(200, { error: `${name} must be at most 200 dB` });

/** Zod schema of the budget keys as a config file or the command line gives them (all optional, unknown rejected). */
export const budgetParamsInputSchema = z
  .object({
    targetSqnrDb: db("targetSqnrDb"),
    scope: z.enum(BUDGET_SCOPES, { error: `scope must be one of ${BUDGET_SCOPES.join(", ")}` }),
    minLayerSqnrDb: db("minLayerSqnrDb").nullable(),
    permuteRows: z.boolean({ error: "permuteRows must be true or false" }),
  })
  .partial()
  .strict();

export type BudgetParamsInput = z.input<typeof budgetParamsInputSchema>;

/** Validates the budget keys, fills the defaults and returns them frozen; a `UserError` names the bad key. */
export function makeBudgetParams(input: BudgetParamsInput = {}): BudgetParams {
  const parsed = budgetParamsInputSchema.safeParse(input);
  if (!parsed.success) throw new UserError(`invalid budget parameters: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const p = parsed.data;
  return Object.freeze({
    targetSqnrDb: p.targetSqnrDb ?? BUDGET_DEFAULTS.targetSqnrDb,
    scope: p.scope ?? BUDGET_DEFAULTS.scope,
    minLayerSqnrDb: p.minLayerSqnrDb ?? BUDGET_DEFAULTS.minLayerSqnrDb,
    permuteRows: p.permuteRows ?? BUDGET_DEFAULTS.permuteRows,
  });
}

/** The error energy an SQNR of `db` allows on a signal energy. */
export function errorCap(signalEnergy: number, db: number): number {
  return signalEnergy / 10 ** (db / 10);
}

/** The budget keys as the parameter registry names them (`--target-sqnr`, `--budget-scope`, `--min-layer-sqnr`). */
export interface BudgetKeys {
  readonly targetSqnr?: number | null;
  readonly budgetScope?: BudgetScope | null;
  readonly minLayerSqnr?: number | null;
}

/** The {@link BudgetParams} of registry values (a command's flags and config file, or a sweep point); defaults filled. */
export function budgetParamsOf(v: BudgetKeys, overrides: BudgetParamsInput = {}): BudgetParams {
  return makeBudgetParams({
    ...(v.targetSqnr === undefined || v.targetSqnr === null ? {} : { targetSqnrDb: v.targetSqnr }),
    ...(v.budgetScope === undefined || v.budgetScope === null ? {} : { scope: v.budgetScope }),
    ...(v.minLayerSqnr === undefined || v.minLayerSqnr === null ? {} : { minLayerSqnrDb: v.minLayerSqnr }),
    ...overrides,
  });
}
