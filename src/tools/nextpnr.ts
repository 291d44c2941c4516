/** nextpnr-ice40: place and route of a Yosys iCE40 netlist, with the achieved clock frequency. */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { ToolFailedError } from "./errors.js";
import { runTool, silentFailure } from "./run.js";
import { withTempDir } from "./temp-dir.js";

export interface PlaceAndRoute {
  /** Achieved Fmax per clock net, in MHz. */
  readonly fmaxMhz: Readonly<Record<string, number>>;
  /** Bels used and available per type (`ICESTORM_LC`, `ICESTORM_RAM`, `SB_IO`, ...). */
  readonly utilization: Readonly<Record<string, { readonly used: number; readonly available: number }>>;
  readonly ms: number;
  readonly version: string;
}

const reportSchema = z.looseObject({
  fmax: z.record(z.string(), z.looseObject({ achieved: z.number() })),
  utilization: z.record(z.string(), z.looseObject({ used: z.number(), available: z.number() })),
});

/**
 * `nextpnr-ice40 --<device> --package <pkg> --json netlist.json --report report.json`, timing allowed to fail
 * (the point is the achieved Fmax, not a target): the report's Fmax per clock and utilization. A run that
 * exits non-zero is a `ToolFailedError` carrying nextpnr's `ERROR:` line (e.g. a design that does not fit).
 */
export function nextpnrIce40(
  netlist: string,
  device: string,
  pkg: string,
  options: { readonly timeoutMs?: number; readonly seed?: number } = {},
): Promise<PlaceAndRoute> {
  const t0 = performance.now();
  return withTempDir("nextpnr", async (dir) => {
    await writeFile(join(dir, "netlist.json"), netlist);
    const args = [
      `--${device}`,
      "--package",
      pkg,
      "--json",
      "netlist.json",
      "--report",
      "report.json",
      "--timing-allow-fail",
      "--seed",
      String(options.seed ?? 1),
      "-q",
    ];
    const run = await runTool("nextpnr-ice40", args, { cwd: dir, timeoutMs: options.timeoutMs });
    if (run.exitCode !== 0) {
      const error = run.output.split("\n").find((l) => l.startsWith("ERROR:"));
      if (!error) throw silentFailure("nextpnr-ice40", run, "place and route");
      throw new ToolFailedError("nextpnr-ice40", run.command, error.replace(/^ERROR:\s*/, ""), run.output);
    }
    const text = await readFile(join(dir, "report.json"), "utf8").catch(() => "");
    if (text === "") throw new ToolFailedError("nextpnr-ice40", run.command, "wrote no report", run.output);
    const report = reportSchema.safeParse(JSON.parse(text));
    if (!report.success) throw new ToolFailedError("nextpnr-ice40", run.command, "wrote a report without fmax and utilization", run.output);
    const fmaxMhz: Record<string, number> = {};
    for (const [clock, f] of Object.entries(report.data.fmax)) fmaxMhz[clock] = f.achieved;
    const utilization: Record<string, { used: number; available: number }> = {};
    for (const [bel, u] of Object.entries(report.data.utilization)) utilization[bel] = { used: u.used, available: u.available };
    return { fmaxMhz, utilization, ms: performance.now() - t0, version: run.version };
  });
}
