import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileLayerModel } from "../../src/sme/layer.js";
import { dequantizeCodes, mapLayerCodes, mapLayerCodesByTile } from "../../src/sme/layer-mapping.js";
import { mapTile } from "../../src/sme/mapping.js";
import { MAPPING_MODES, makeTileParams } from "../../src/sme/params.js";
import { extractTile } from "../../src/sme/tile.js";
import { quantizeMatrix } from "../../src/sme/quantize.js";
import { seededRandom, syntheticMatrix } from "../../src/sme/synthetic.js";
import { integerProduct } from "../../src/sme/tile-model.js";
import { runs } from "../property-runs.js";

describe("mapLayerCodes", () => {
  it("gives the codes mapTile leaves in every tile, for every mode, tile size and D", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 2, max: 8 }),
        fc.constantFrom(...MAPPING_MODES),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.nat(),
        (rows, cols, R, C, N, mode, dFrac, seed) => {
          const squeeze = 1 + Math.floor(dFrac * (N - 1));
          const p = makeTileParams({ rows: R, cols: C, weightBits: N, window: Math.min(3, N), mode, squeeze });
          const q = quantizeMatrix(syntheticMatrix(rows, cols, seed, { zeroFraction: 0.3 }), { weightBits: N, window: p.window, scale: "layer" });
          const fast = mapLayerCodes(q, p);
          const byTile = mapLayerCodesByTile(q, p);
          expect(Array.from(fast.mappedCodes)).toEqual(Array.from(byTile.mappedCodes));
          expect(fast.droppedCells).toBe(byTile.droppedCells);
          let crossbars = 0;
          for (let tr = 0; tr * R < rows; tr++) for (let tc = 0; tc * C < cols; tc++) crossbars += mapTile(extractTile(q, tr, tc, R, C), p).crossbars.length;
          expect(byTile.crossbars).toBe(crossbars);
          if (mode === "dense" || mode === "bitslice" || mode === "remap") expect(Array.from(fast.mappedCodes)).toEqual(Array.from(q.codes));
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it("dequantized codes reproduce the layer model's integer outputs scaled by delta", () => {
    const w = syntheticMatrix(70, 20, 5);
    const p = makeTileParams({ rows: 32, cols: 8, mode: "squeeze", squeeze: 2, actBits: 4 });
    const layer = compileLayerModel(w, p);
    const mapped = mapLayerCodes(layer.quantized, p);
    const weights = dequantizeCodes(mapped.mappedCodes, layer.quantized.delta, 70, 20);
    const rand = seededRandom(9);
    const x = Array.from({ length: 70 }, () => Math.floor(rand() * 16));
    const tiles = layer.run(x);
    expect(Array.from(tiles)).toEqual(Array.from(integerProduct(mapped.mappedCodes, 70, 20, x)));
    for (let j = 0; j < 20; j++) {
      let y = 0;
      for (let i = 0; i < 70; i++) y += x[i]! * weights[i * 20 + j]!;
      expect(y).toBeCloseTo(tiles[j]! * layer.quantized.delta[j]!, 4);
    }
  });
});
