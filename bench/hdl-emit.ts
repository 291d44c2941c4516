/**
 * Emission speed of the DSL on a crossbar-shaped design: an N x N array of 1-bit cell registers (written
 * row by row through a programming port) and one popcount adder tree per column over the cells ANDed with
 * the row inputs. N = 256 is 65,536 cell registers; the goal is under 2 s and under 500 MB.
 * Prints the median of several runs for N = 256 and, as the baseline measured in the same run, N = 64
 * (16x fewer cells): near-linear passes and printing give a time ratio close to 16.
 *
 *   npx tsx bench/hdl-emit.ts [runs]
 */
import { cat, defineModule, emitVerilog, input, output, sumTree, uint, type Expr, type Reg } from "../src/hdl/index.js";

function crossbar(n: number) {
  const rowBits = Math.max(1, Math.ceil(Math.log2(n)));
  const sumBits = Math.ceil(Math.log2(n + 1));
  return defineModule(
    `popcount_crossbar_${n}`,
    {
      clk: input(),
      prog_we: input(),
      prog_row: input(uint(rowBits)),
      prog_data: input(uint(n)),
      x: input(uint(n)),
      sums: output(uint(n * sumBits)),
    },
    (m, io) => {
      const cells: Reg[][] = [];
      for (let i = 0; i < n; i++) {
        const row: Reg[] = [];
        for (let j = 0; j < n; j++) row.push(m.reg(1, { name: `cell_${i}_${j}` }));
        cells.push(row);
        m.when(io.prog_we.and(io.prog_row.eq(i)), () => {
          for (let j = 0; j < n; j++) row[j]!.set(io.prog_data.bit(j));
        });
      }
      const columns: Expr[] = [];
      for (let j = n - 1; j >= 0; j--) columns.push(sumTree(cells.map((row, i) => row[j]!.and(io.x.bit(i)))));
      io.sums.set(cat(...columns));
    },
  );
}

/** Wall time and CPU time (user + system) of one build-check-print of a fresh design. */
function emitOnce(n: number): { ms: number; cpuMs: number; bytes: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const design = emitVerilog(crossbar(n));
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - start;
  return { ms, cpuMs: (used.user + used.system) / 1000, bytes: design.modules.reduce((s, m) => s + m.text.length, 0) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const runs = Number(process.argv[2] ?? 5);
const cold = emitOnce(256);
const big: number[] = [];
const bigCpu: number[] = [];
const small: number[] = [];
for (let r = 0; r < runs; r++) {
  small.push(emitOnce(64).ms);
  const b = emitOnce(256);
  big.push(b.ms);
  bigCpu.push(b.cpuMs);
}
const peakMb = process.resourceUsage().maxRSS / 1024;
const mBig = median(big);
const mSmall = median(small);
console.log(`hdl-emit: 256x256 popcount crossbar (65,536 cell registers), ${(cold.bytes / 1e6).toFixed(1)} MB of Verilog`);
console.log(`  first run (cold caches)  ${cold.ms.toFixed(0)} ms wall, ${cold.cpuMs.toFixed(0)} ms CPU`);
console.log(`  median of ${runs} runs        ${mBig.toFixed(0)} ms wall, ${median(bigCpu).toFixed(0)} ms CPU   (goal < 2000 ms)`);
console.log(`  baseline 64x64 median    ${mSmall.toFixed(0)} ms   ratio 256/64 = ${(mBig / mSmall).toFixed(1)} (16 = linear)`);
console.log(`  peak RSS                 ${peakMb.toFixed(0)} MB   (goal < 500 MB)`);
