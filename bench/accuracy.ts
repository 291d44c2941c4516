/**
 * `sme accuracy` speed:
 *  1. seconds per forward pass of each face-api network on the CPU and the WASM backend, measured in alternating
 *     rounds of the same process (median of the rounds, ratio CPU / WASM);
 *  2. the whole default `sme accuracy` run (six photos, every mode, D = 1..3, quantized activations): wall and CPU
 *     seconds, and where the engines' time went.
 *
 *   npx tsx bench/accuracy.ts [all|passes|run] [rounds=3]
 */
import { availableParallelism } from "node:os";
import { startFaceApi } from "../src/accuracy/backend.js";
import { decodeImage, SAMPLE_IMAGES } from "../src/accuracy/images.js";
import { DEFAULT_MODELS_DIR } from "../src/accuracy/networks.js";
import { runAccuracy } from "../src/accuracy/run.js";
import { smePreset } from "../src/cost/presets.js";
import { MAPPING_MODES, makeTileParams } from "../src/sme/params.js";

const what = process.argv[2] ?? "all";
const rounds = Number(process.argv[3] ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

type NetName = "detector" | "landmarks" | "recognizer";

async function forwardPasses(): Promise<void> {
  const rt = await startFaceApi("wasm");
  const { tf, faceapi } = rt;
  const photo = await decodeImage(SAMPLE_IMAGES[0]!);
  const nets = faceapi.nets as unknown as Record<string, { loadFromDisk(d: string): Promise<void>; forward(x: unknown): Promise<unknown>; dispose(): void }>;
  const names: Record<NetName, string> = { detector: "ssdMobilenetv1", landmarks: "faceLandmark68Net", recognizer: "faceRecognitionNet" };
  const times: Record<string, Record<NetName, number[]>> = {
    cpu: { detector: [], landmarks: [], recognizer: [] },
    wasm: { detector: [], landmarks: [], recognizer: [] },
  };
  for (let round = 0; round <= rounds; round++) {
    for (const backend of ["cpu", "wasm"] as const) {
      await tf.setBackend(backend);
      await tf.ready();
      // Fresh weights on this backend; the photo and a face-sized crop of it as inputs.
      for (const n of Object.values(names)) await nets[n]!.loadFromDisk(DEFAULT_MODELS_DIR);
      const img = tf.tensor3d(photo.rgb, [photo.height, photo.width, 3], "int32");
      const crop = (size: number) => tf.tidy(() => tf.image.resizeBilinear(tf.slice(img, [300, 800, 0], [400, 400, 3]), [size, size]).toInt());
      const inputs: Record<NetName, unknown> = { detector: img, landmarks: crop(112), recognizer: crop(150) };
      for (const net of ["detector", "landmarks", "recognizer"] as const) {
        const t0 = performance.now();
        const out = await nets[names[net]]!.forward(inputs[net]);
        tf.dispose(out as never);
        // Round 0 warms up (XNNPACK packs weights on first use, the JIT compiles): not counted.
        if (round > 0) times[backend]![net].push((performance.now() - t0) / 1000);
      }
      tf.dispose([img, inputs.landmarks as never, inputs.recognizer as never]);
      for (const n of Object.values(names)) nets[n]!.dispose();
    }
  }
  console.log(`forward pass per network (sample1.jpg; median of ${rounds} rounds after a warm-up, backends alternating)`);
  console.log(`  network      cpu (s)   wasm (s)   cpu / wasm`);
  for (const net of ["detector", "landmarks", "recognizer"] as const) {
    const c = median(times.cpu![net]);
    const w = median(times.wasm![net]);
    console.log(`  ${net.padEnd(11)} ${c.toFixed(3).padStart(8)} ${w.toFixed(3).padStart(10)} ${(c / w).toFixed(1).padStart(11)}x`);
  }
}

async function defaultRun(): Promise<void> {
  const jobs = Math.max(1, Math.min(availableParallelism(), 4));
  const t0 = performance.now();
  const r = await runAccuracy({
    base: makeTileParams(),
    scale: "layer",
    modes: MAPPING_MODES,
    squeezes: [1, 2, 3],
    activations: "quantized",
    backend: "wasm",
    images: SAMPLE_IMAGES,
    modelsDir: DEFAULT_MODELS_DIR,
    mapAll: false,
    jobs,
    cost: smePreset,
    traceDir: null,
  });
  const wall = (performance.now() - t0) / 1000;
  const t = r.timing;
  const e = t.engines;
  const runs = r.configs.filter((c) => !c.sameAs && !(c.id === "float" && r.settings.activations === "float")).length + 1;
  console.log(
    `default sme accuracy run: ${r.images.length} photos, ${r.configs.length} configurations (${runs} pipeline runs of every photo), ${jobs} engine(s)`,
  );
  console.log(
    `  wall ${wall.toFixed(1)} s, CPU ${t.cpuS.toFixed(1)} s (${(t.cpuS / wall).toFixed(2)} cores busy on average); start ${t.startS.toFixed(1)} s, float run ${t.floatRunS.toFixed(1)} s`,
  );
  const share = (v: number) => `${v.toFixed(1)} s (${((100 * v) / e.engineS).toFixed(0)} %)`;
  console.log(
    `  engine time ${e.engineS.toFixed(1)} s: mapped layers' multiplications ${share(e.kernelS)}, float reference for layer SQNR ${share(e.referenceS)},`,
  );
  console.log(
    `    activation quantization ${share(e.quantizeS)}, calibration ${share(e.calibrateS)}, rest of face-api (pre/post-processing, landmark net, weight loading) ${share(e.otherS)}`,
  );
  console.log(`  main thread: quantizing, mapping and analysing weights ${t.weightsS.toFixed(1)} s`);
  for (const c of r.configs) console.log(`    ${c.label.padEnd(20)} ${c.sameAs ? `same weights as ${c.sameAs}` : `${(c.wallMs / 1000).toFixed(1)} s`}`);
}

if (what === "all" || what === "passes") await forwardPasses();
if (what === "all" || what === "run") await defaultRun();
