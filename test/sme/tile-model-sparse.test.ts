import { describe, expect, it } from "vitest";
import { mapTile } from "../../src/sme/mapping.js";
import { makeTileParams } from "../../src/sme/params.js";
import { tileFromCodes } from "../../src/sme/tile.js";
import { compileTileModel, integerProduct } from "../../src/sme/tile-model.js";
import { referenceTileModel } from "../../src/sme/tile-model-reference.js";
import { seeded } from "./seeded.js";

/**
 * Past a million coefficients the tile model keeps its linear part sparse. A million-cell tile takes under a
 * second here but about a minute under mutation-testing instrumentation, so this case runs with the full suite
 * and not in the fast tier (vitest.fast.config.ts).
 */
describe("tile model: the sparse linear part", () => {
  it("keeps the linear part sparse past a million coefficients, lossless and saturating", () => {
    const rows = 1040;
    const cols = 1024; // R x C = 1,064,960 > 2^20
    const codes = seeded(rows * cols, 40, 11).map((v) => (v === 0 ? 1 : v === 1 ? -1 : 0));
    const tile = tileFromCodes(rows, cols, 1, codes);
    const lossless = makeTileParams({ rows, cols, weightBits: 1, window: 1, actBits: 2, mode: "dense" });
    const plan = mapTile(tile, lossless);
    const x = seeded(rows, 3, 5);
    expect(Array.from(compileTileModel(plan, lossless).run(x))).toEqual(Array.from(integerProduct(plan.mappedCodes, rows, cols, x)));
    const saturating = makeTileParams({ rows, cols, weightBits: 1, window: 1, actBits: 2, mode: "dense", ouRows: 520, adcBits: 4 });
    const sat = compileTileModel(plan, saturating);
    expect(sat.saturableColumns).toBeGreaterThan(0);
    expect(Array.from(sat.run(x))).toEqual(Array.from(referenceTileModel(plan, saturating, x)));
  });
});
