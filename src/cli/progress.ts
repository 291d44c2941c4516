import cliProgress from "cli-progress";

/** The stages of a verification run, in order (the progress line counts them; the last two only when asked for or on a mismatch). */
export const FLOW_STAGES = ["generate", "lint", "build", "simulate", "cover", "replay"] as const;
export type FlowStage = (typeof FLOW_STAGES)[number];

export interface StageProgress {
  stage(name: FlowStage, detail: string): void;
  stop(): void;
}

/**
 * A one-line progress display on stderr for the slow stages (a cold Verilator build of a 128 x 128 tile takes
 * a minute or more): a bar over the stages with the elapsed time, redrawn every second. Without a terminal it
 * prints one plain line per stage instead; with `quiet` it prints nothing.
 */
export function stageProgress(opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): StageProgress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { stage: () => undefined, stop: () => undefined };
  if (!stream.isTTY) {
    const t0 = performance.now();
    return {
      stage: (name, detail) => stream.write(`sme: [${((performance.now() - t0) / 1000).toFixed(1)} s] ${name}: ${detail}\n`),
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: "{stage} [{bar}] {value}/{total} | {duration}s | {detail}", barsize: 20, hideCursor: true, clearOnComplete: true, fps: 2 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(FLOW_STAGES.length, 0, { stage: "start", detail: "" });
  let running = true;
  // Ctrl-C during a long build: give the terminal its cursor back before the default exit.
  const onInterrupt = (): void => {
    bar.stop();
    process.exit(130);
  };
  process.once("SIGINT", onInterrupt);
  return {
    stage: (name, detail) => {
      if (running) bar.update(FLOW_STAGES.indexOf(name), { stage: name, detail });
    },
    stop: () => {
      if (!running) return;
      running = false;
      process.removeListener("SIGINT", onInterrupt);
      bar.update(FLOW_STAGES.length);
      bar.stop();
    },
  };
}
