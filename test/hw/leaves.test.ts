/** Each leaf generator of the tile simulated against TypeScript expectations. */
import { afterAll, describe, expect, it } from "vitest";
import { toSimDesign } from "../../src/hdl/index.js";
import { evalComb } from "./comb.js";
import {
  adcArray,
  bakedCrossbar,
  dacDriver,
  drivePort,
  programmableCrossbar,
  rowChunks,
  rowMapTable,
  rowSelectPort,
  shiftAdd,
  type DacParams,
} from "../../src/hw/index.js";
import { closeAllSimulations, simulate } from "../../src/sim/index.js";
import { seededRandom } from "../../src/sme/index.js";

afterAll(closeAllSimulations);

describe("ADC interface", () => {
  it("saturates counts above 2^adcBits - 1 and passes smaller ones", async () => {
    const def = adcArray({ cols: 3, countBits: 6, adcBits: 4 });
    const rows = Array.from({ length: 64 }, (_, v) => ({ count_0: BigInt(v), count_1: BigInt(63 - v), count_2: BigInt((v * 7) % 64) }));
    const got = await evalComb(def as never, rows, ["code_0", "code_1", "code_2"]);
    const clamp = (v: bigint) => (v > 15n ? 15n : v);
    expect(got).toEqual(rows.map((r) => ({ code_0: clamp(r.count_0), code_1: clamp(r.count_1), code_2: clamp(r.count_2) })));
  });

  it("zero-extends when the ADC is wider than the count", async () => {
    const got = await evalComb(
      adcArray({ cols: 1, countBits: 3, adcBits: 5 }) as never,
      [0n, 5n, 7n].map((v) => ({ count_0: v })),
      ["code_0"],
    );
    expect(got.map((g) => g.code_0)).toEqual([0n, 5n, 7n]);
  });
});

describe("DAC / input driver", () => {
  const base: DacParams = { rows: 70, actBits: 5, dacBits: 2, digits: 4, ouRows: 35, variant: "plain", squeeze: 0, shiftBits: 0, shifts: [], valid: [] };

  /** Expected drive ports for per-row values v_r (already shifted), digit t and group g. */
  function expected(p: DacParams, values: bigint[], t: number, g: number): Record<string, bigint> {
    const out: Record<string, bigint> = {};
    for (let b = 0; b < p.dacBits; b++) {
      for (const ch of rowChunks(p.rows)) {
        let v = 0n;
        for (let i = 0; i < ch.width; i++) {
          const r = ch.lo + i;
          const inGroup = Math.floor(r / p.ouRows) === g;
          const bit = (values[r]! >> BigInt(p.dacBits * t + b)) & 1n;
          if (inGroup) v |= bit << BigInt(i);
        }
        out[drivePort(b, ch.lo)] = v;
      }
    }
    return out;
  }

  async function check(p: DacParams, shiftOf: (r: number, rnd: () => number) => { shift: number; valid: number; stored: bigint }) {
    const rnd = seededRandom(5);
    const outputs = Object.keys(expected(p, new Array(p.rows).fill(0n), 0, 0));
    const rows: Record<string, bigint>[] = [];
    const want: Record<string, bigint>[] = [];
    for (let trial = 0; trial < 6; trial++) {
      const xs = Array.from({ length: p.rows }, () => BigInt(Math.floor(rnd() * 2 ** p.actBits)));
      const maps = Array.from({ length: p.rows }, (_, r) => shiftOf(r, rnd));
      for (let t = 0; t < p.digits; t++) {
        for (let g = 0; g < p.rows / p.ouRows; g++) {
          const row: Record<string, bigint> = { digit: BigInt(t) };
          if (p.rows / p.ouRows > 1) row.group = BigInt(g);
          xs.forEach((x, r) => {
            if (p.variant === "fixed" && !p.valid[r]) return;
            row[`x_${r}`] = x;
            if (p.variant !== "plain" && p.variant !== "fixed") row[`shift_${r}`] = maps[r]!.stored;
            if (p.variant === "entry") row[`valid_${r}`] = BigInt(maps[r]!.valid);
          });
          rows.push(row);
          want.push(
            expected(
              p,
              xs.map((x, r) => (maps[r]!.valid ? x << BigInt(maps[r]!.shift) : 0n)),
              t,
              g,
            ),
          );
        }
      }
    }
    expect(await evalComb(dacDriver(p) as never, rows, outputs)).toEqual(want);
  }

  it("plain: digits of x, two bit-planes, two OU groups across a 64-row chunk boundary", async () => {
    await check(base, () => ({ shift: 0, valid: 1, stored: 0n }));
  });

  it("rcmr: one stored bit per row chooses shift 0 or D", async () => {
    const p = { ...base, variant: "rcmr" as const, squeeze: 3, digits: 4, dacBits: 2 };
    await check(p, (_r, rnd) => (rnd() < 0.5 ? { shift: 3, valid: 1, stored: 1n } : { shift: 0, valid: 1, stored: 0n }));
  });

  it("shift and entry: stored per-row shifts, invalid rows driven 0", async () => {
    const shiftP = { ...base, variant: "shift" as const, shiftBits: 2, digits: 4 };
    await check(shiftP, (_r, rnd) => {
      const s = Math.floor(rnd() * 3);
      return { shift: s, valid: 1, stored: BigInt(s) };
    });
    const entryP = { ...base, rows: 9, ouRows: 3, dacBits: 1, variant: "entry" as const, shiftBits: 3, digits: 12 };
    await check(entryP, (_r, rnd) => {
      const s = Math.floor(rnd() * 8);
      return { shift: s, valid: rnd() < 0.7 ? 1 : 0, stored: BigInt(s) };
    });
  });

  it("fixed: constant shifts and valid rows of a baked tile", async () => {
    const shifts = Array.from({ length: 12 }, (_, r) => r % 4);
    const valid = Array.from({ length: 12 }, (_, r) => (r % 5 === 4 ? 0 : 1));
    const p = { ...base, rows: 12, ouRows: 12, dacBits: 1, digits: 8, variant: "fixed" as const, shifts, valid };
    await check(p, (r) => ({ shift: shifts[r]!, valid: valid[r]!, stored: 0n }));
  });
});

describe("crossbar array", () => {
  const R = 70;
  const C = 5;
  const dac = 2;

  /** count_j = sum_b 2^b * popcount(column_j & plane_b). */
  function counts(cells: bigint[][], planes: bigint[]): bigint[] {
    return Array.from({ length: C }, (_, j) => {
      let n = 0n;
      planes.forEach((plane, b) => {
        for (let r = 0; r < R; r++) if (cells[r]![j] && (plane >> BigInt(r)) & 1n) n += 1n << BigInt(b);
      });
      return n;
    });
  }

  function driveRow(planes: bigint[]): Record<string, bigint> {
    const row: Record<string, bigint> = {};
    planes.forEach((plane, b) => {
      for (const ch of rowChunks(R)) row[drivePort(b, ch.lo)] = (plane >> BigInt(ch.lo)) & ((1n << BigInt(ch.width)) - 1n);
    });
    return row;
  }

  const rnd = seededRandom(21);
  const cells = Array.from({ length: R }, () => Array.from({ length: C }, () => (rnd() < 0.5 ? 1n : 0n)));
  const randomPlanes = () =>
    Array.from({ length: dac }, () => BigInt.asUintN(R, BigInt(Math.floor(rnd() * 2 ** 30)) * BigInt(Math.floor(rnd() * 2 ** 30)) * 977n));

  it("programmable: row writes scatter into the columns; bit-line counts weight the planes", async () => {
    await using dut = await simulate(toSimDesign(programmableCrossbar({ rows: R, cols: C, dacBits: dac })));
    const pin = (name: string) => dut.port(name as never) as unknown as { value: bigint };
    // Write every row twice (first garbage, then the real cells) to show rows are replaced, not merged.
    for (const pass of [0, 1]) {
      for (let r = 0; r < R; r++) {
        pin("wr_en").value = 1n;
        for (const ch of rowChunks(R)) pin(rowSelectPort(ch.lo)).value = r >= ch.lo && r < ch.lo + ch.width ? 1n << BigInt(r - ch.lo) : 0n;
        pin("wr_data").value = pass === 0 ? 0b10110n : cells[r]!.reduce((v: bigint, bit, j) => v | (bit << BigInt(j)), 0n);
        await dut.tick();
      }
    }
    pin("wr_en").value = 0n;
    for (let trial = 0; trial < 30; trial++) {
      const planes = randomPlanes();
      for (const [k, v] of Object.entries(driveRow(planes))) pin(k).value = v;
      const got = Array.from({ length: C }, (_, j) => pin(`count_${j}`).value);
      expect(got).toEqual(counts(cells, planes));
    }
  });

  it("baked: constant cells give the same counts", async () => {
    const columns = Array.from({ length: C }, (_, j) => cells.reduce((v: bigint, row, r) => v | (row[j]! << BigInt(r)), 0n).toString(16));
    const trials = Array.from({ length: 30 }, randomPlanes);
    const got = await evalComb(
      bakedCrossbar({ rows: R, cols: C, dacBits: dac, columns }) as never,
      trials.map(driveRow),
      Array.from({ length: C }, (_, j) => `count_${j}`),
    );
    expect(got.map((g) => Array.from({ length: C }, (_, j) => g[`count_${j}`]))).toEqual(trials.map((planes) => counts(cells, planes)));
  });
});

describe("row-map storage", () => {
  it("writes one row at a time, keeps the others, and clears on reset", async () => {
    await using dut = await simulate(toSimDesign(rowMapTable({ rows: 6, width: 3 })));
    await dut.reset();
    const read = () => Array.from({ length: 6 }, (_, r) => dut.port(`row_${r}` as never).value);
    expect(read()).toEqual(new Array(6).fill(0n));
    const writes: [number, number][] = [
      [0, 5],
      [3, 7],
      [5, 2],
      [3, 1],
    ];
    for (const [row, data] of writes) {
      dut.wr_en.value = 1n;
      dut.wr_row.value = BigInt(row);
      dut.wr_data.value = BigInt(data);
      await dut.tick();
    }
    dut.wr_en.value = 0n;
    dut.wr_row.value = 1n;
    dut.wr_data.value = 6n;
    await dut.tick(); // not enabled: no write
    expect(read()).toEqual([5n, 0n, 0n, 1n, 0n, 2n]);
    await dut.reset();
    expect(read()).toEqual(new Array(6).fill(0n));
  });
});

describe("shift-and-add / sign combine", () => {
  it("accumulates sigma_m * (adc_m << b_m) digit by digit, MSB first, modulo 2^OW", async () => {
    const K = 3;
    const OW = 12;
    const dac = 2;
    await using dut = await simulate(toSimDesign(shiftAdd({ slots: K, adcBits: 4, outBits: OW, dacBits: dac, baseBits: 3, fixed: [] })));
    const pin = (name: string) => dut.port(name as never) as unknown as { value: bigint };
    const rnd = seededRandom(9);
    for (let trial = 0; trial < 20; trial++) {
      const enable = [1, 1, rnd() < 0.5 ? 1 : 0];
      const sign = [0, rnd() < 0.5 ? 1 : 0, 1];
      const base = [Math.floor(rnd() * 8), Math.floor(rnd() * 4), 0];
      pin("enable").value = BigInt(enable[0]! | (enable[1]! << 1) | (enable[2]! << 2));
      pin("sign").value = BigInt(sign[0]! | (sign[1]! << 1) | (sign[2]! << 2));
      pin("base").value = BigInt(base[0]! | (base[1]! << 3) | (base[2]! << 6));
      const T = 3;
      const G = 2;
      let want = 0;
      let last = 0n;
      for (let t = T - 1; t >= 0; t--) {
        for (let g = 0; g < G; g++) {
          const codes = Array.from({ length: K }, () => Math.floor(rnd() * 16));
          codes.forEach((c, s) => {
            pin(`code_${s}`).value = BigInt(c);
          });
          pin("step").value = 1n;
          pin("first").value = t === T - 1 && g === 0 ? 1n : 0n;
          pin("new_digit").value = g === 0 ? 1n : 0n;
          for (let s = 0; s < K; s++) if (enable[s]) want += (sign[s] ? -1 : 1) * codes[s]! * 2 ** (base[s]! + dac * t);
          last = pin("next").value; // the value after this step, as the tile's output register captures it
          await dut.tick();
        }
      }
      expect(BigInt.asIntN(OW, last)).toBe(BigInt.asIntN(OW, BigInt(want)));
    }
  });
});
