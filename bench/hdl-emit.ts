/**
 * Emission speed of the DSL on a crossbar-shaped design: an N x N array of 1-bit cell registers (written
 * row by row through a programming port) and one popcount adder tree per column over the cells ANDed with
 * the row inputs. N = 256 is 65,536 cell registers; the goal is under 2 s and under 500 MB.
 * Prints the median of several runs for N = 256 and, as the baseline measured in the same run, N = 64
 * (16x fewer cells): with near-linear passes and printing the ratio stays at or below 16 (fixed start-up
 * costs make it lower).
 *
 *   npx tsx bench/hdl-emit.ts [runs]
 */
import { fileURLToPath } from "node:url";
import { execa } from "execa";
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

interface Measurement {
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakMb: number;
  readonly bytes: number;
}

/** One build-check-print of a fresh design in this process: wall time, CPU time, peak RSS. */
function emitOnce(n: number): Measurement {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const design = emitVerilog(crossbar(n));
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - start;
  return {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    peakMb: process.resourceUsage().maxRSS / 1024,
    bytes: design.modules.reduce((s, m) => s + m.text.length, 0),
  };
}

/**
 * Each measurement runs in a fresh process, as `sme generate` would: cold JIT and caches included, and the
 * peak RSS is that of one emission rather than of garbage left over from earlier runs.
 */
async function measure(n: number): Promise<Measurement> {
  const child = await execa(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", String(n)]);
  return JSON.parse(child.stdout) as Measurement;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

if (process.argv[2] === "--child") {
  process.stdout.write(JSON.stringify(emitOnce(Number(process.argv[3]))));
} else {
  const runs = Number(process.argv[2] ?? 5);
  const big: Measurement[] = [];
  const small: Measurement[] = [];
  for (let r = 0; r < runs; r++) {
    small.push(await measure(64));
    big.push(await measure(256));
  }
  const mBig = median(big.map((m) => m.ms));
  const mSmall = median(small.map((m) => m.ms));
  console.log(`hdl-emit: 256x256 popcount crossbar (65,536 cell registers), ${(big[0]!.bytes / 1e6).toFixed(1)} MB of Verilog, ${runs} fresh processes each`);
  console.log(`  emission, median     ${mBig.toFixed(0)} ms wall, ${median(big.map((m) => m.cpuMs)).toFixed(0)} ms CPU   (goal < 2000 ms)`);
  console.log(`  peak RSS, median     ${median(big.map((m) => m.peakMb)).toFixed(0)} MB   (goal < 500 MB; includes Node and tsx)`);
  console.log(
    `  baseline 64x64       ${mSmall.toFixed(0)} ms wall, ${median(small.map((m) => m.peakMb)).toFixed(0)} MB; time ratio 256/64 = ${(mBig / mSmall).toFixed(1)} (16x the cells)`,
  );
}
