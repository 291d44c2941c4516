/**
 * The cross-checks `sme verify --design DIR` runs before simulating a folder: the manifest against the tile its
 * own parameters describe, the RTL's real ports (read from the Verilog) against both, the programming image's
 * transfers against its own descriptors and the manifest, `program.hex` against `program.json`, and every
 * file against the hash `sme generate` recorded. A disagreement is bad input naming the file and what
 * disagrees; an edited file that still agrees (users do patch generated RTL) is simulated and reported.
 */
import { z } from "zod";
import type { TileInterface } from "../../hw/tile-interface.js";
import type { PortInfo } from "../../sim/design.js";
import { type ProgLayout, type ProgramImage, programImageToHex } from "../../sme/index.js";
import { UserError } from "../../util/errors.js";
import type { ManifestRead } from "./manifest.js";
import { declaredModules, readModulePorts } from "./verilog-ports.js";

/** Says the folder was changed and how to get a consistent one. */
const REGENERATE = "regenerate the folder with sme generate";

const transferSchema = z.object({
  target: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  xbar: z.number().int().min(0),
  row: z.number().int().min(0),
  data: z.string().regex(/^0x[0-9a-fA-F]+$/, { error: 'must be hexadecimal text such as "0x1f"' }),
});

const imageSchema = z.object({
  format: z.literal("sme-program-image/1", { error: 'format must be "sme-program-image/1"' }),
  layout: z.looseObject({ mode: z.string(), rows: z.number().int(), cols: z.number().int(), slots: z.number().int(), PW: z.number().int() }),
  transfers: z.array(transferSchema),
});

/** A programming image read from its JSON file, each transfer checked; messages name the file and the transfer. */
export function parseImageJson(raw: unknown, file: string): ProgramImage {
  const r = imageSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where =
      issue.path[0] === "transfers" && typeof issue.path[1] === "number"
        ? `transfer ${issue.path[1]} (${issue.path.slice(2).join(".") || "entry"})`
        : issue.path.join(".") || "(root)";
    throw new UserError(`${file}: ${where}: ${issue.message}; ${REGENERATE}`);
  }
  return {
    layout: r.data.layout as unknown as ProgLayout,
    transfers: r.data.transfers.map((t) => ({ target: t.target, xbar: t.xbar, row: t.row, data: BigInt(t.data) })),
  };
}

/**
 * The transfers an image of these descriptors holds (design.md §4.6): a descriptor per slot, the row maps of
 * the signs (squeeze modes) or crossbars (remap) in use, and the cell rows of every enabled slot.
 */
export function expectedTransferCount(image: ProgramImage): number {
  const L = image.layout;
  const [, signF, enableF] = L.target2;
  const field = (data: bigint, f: { offset: number; width: number }): number => Number((data >> BigInt(f.offset)) & ((1n << BigInt(f.width)) - 1n));
  const enabled: number[] = [];
  for (const t of image.transfers.slice(0, L.slots)) if (t.target === 2 && field(t.data, enableF) === 1) enabled.push(field(t.data, signF));
  const rowMaps = L.rowMapScope === "per-sign" ? new Set(enabled).size : L.rowMapScope === "per-crossbar" ? enabled.length : 0;
  return L.slots + L.rows * rowMaps + L.rows * enabled.length;
}

/** Checks an image's own structure: its descriptors first, one per slot, and as many transfers as they call for. */
export function checkImageStructure(image: ProgramImage, file: string): void {
  const K = image.layout.slots;
  const head = image.transfers.slice(0, K);
  const bad = head.findIndex((t, k) => t.target !== 2 || t.xbar !== k);
  if (head.length < K || bad >= 0) {
    throw new UserError(
      `${file}: the first ${K} transfers must be the descriptors of slots 0..${K - 1} in order (transfer ${bad < 0 ? head.length : bad} is not); ${REGENERATE}`,
    );
  }
  const want = expectedTransferCount(image);
  if (image.transfers.length !== want) {
    throw new UserError(
      `${file} holds ${image.transfers.length} transfers, but its descriptors call for ${want}: the image is truncated or edited; ${REGENERATE}`,
    );
  }
}

/** Checks `program.hex` word by word against the JSON image (same transfers, same order, same packing). */
export function checkHexAgrees(hexText: string, image: ProgramImage, hexFile: string, jsonFile: string): void {
  const words = (text: string): string[] =>
    text
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("//"));
  const got = words(hexText);
  const want = words(programImageToHex(image));
  if (got.length !== want.length) {
    throw new UserError(
      `${hexFile} holds ${got.length} words but ${jsonFile} holds ${want.length} transfers: the two images disagree (one is truncated or edited); ${REGENERATE}`,
    );
  }
  const k = got.findIndex((w, i) => w.toLowerCase() !== want[i]);
  if (k >= 0)
    throw new UserError(`${hexFile} word ${k + 1} is ${got[k]}, but transfer ${k} of ${jsonFile} packs to ${want[k]}: the two images disagree; ${REGENERATE}`);
}

/** Compares what the manifest says with the tile its parameters describe; names the first field that differs. */
export function checkManifestAgrees(m: ManifestRead, expected: TileInterface, file: string): void {
  const p = expected.params;
  const what = `a ${expected.kind} ${p.mode} tile of its parameters (${p.rows}x${p.cols}, N=${p.weightBits}, A=${p.actBits}, dac ${p.dacBits}, OU ${p.ouRows}, ADC ${p.adcBits})`;
  checkPorts(m.ports, expected.ports, file, `${what} has`);
  const fields: [string, unknown, unknown][] = [
    ["outputWidth", m.outputWidth, expected.outputWidth],
    ["slots", m.slots, expected.slots],
    ["timing.digits", m.timing.digits, expected.digits],
    ["timing.cyclesPerVector", m.timing.cyclesPerVector, expected.cyclesPerVector],
    ["timing.latency", m.timing.latency, expected.latency],
    ["timing.interval", m.timing.interval, expected.cyclesPerVector],
    ["top", m.top, expected.name],
  ];
  for (const [name, got, want] of fields) {
    if (got !== want)
      throw new UserError(`${file}: ${name} is ${JSON.stringify(got)}, but ${what} has ${JSON.stringify(want)}; the manifest was edited: ${REGENERATE}`);
  }
}

/** Names the first port of `got` that differs from `want` in name, direction or width (in order). */
type PortShape = { readonly name: string; readonly direction: string; readonly width: number };

function checkPorts(got: readonly PortShape[], want: readonly PortInfo[], file: string, wantSays: string): void {
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const g = got[i];
    const w = want[i];
    const show = (q: PortShape | undefined): string => (q ? `${q.direction} ${q.name} (${q.width} bits)` : "no port");
    if (!g || !w || g.name !== w.name || g.direction !== w.direction || g.width !== w.width) {
      throw new UserError(`${file}: port ${i + 1} is ${show(g)}, but ${wantSays} ${show(w)}; the RTL and the manifest disagree: ${REGENERATE}`);
    }
  }
}

/**
 * Finds the manifest's top module in the folder's Verilog and checks its real ports against those of the tile
 * the manifest's parameters describe.
 */
export function checkRtlPorts(files: readonly { name: string; text: string }[], top: string, expected: TileInterface, manifestFile: string): void {
  const holder = files.find((f) => declaredModules(f.text).includes(top));
  if (!holder) {
    const declared = files.flatMap((f) => declaredModules(f.text));
    throw new UserError(
      `${manifestFile} names the top module ${top}, but no Verilog file of the folder declares it (they declare ${declared.join(", ") || "no module"}); ${REGENERATE}`,
    );
  }
  const ports = readModulePorts(holder.text, top);
  if (!ports || ports.some((q) => Number.isNaN(q.width))) {
    throw new UserError(`${holder.name}: cannot read the ports of module ${top} (write them as "input wire [31:0] name"); ${REGENERATE}`);
  }
  const p = expected.params;
  checkPorts(ports, expected.ports, holder.name, `the parameters in ${manifestFile} (${p.rows}x${p.cols}, N=${p.weightBits}, A=${p.actBits}, ${p.mode}) give`);
}
