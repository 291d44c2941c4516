import { z } from "zod";
import { type AxisBus, portMeaning, TILE_PORTS, type TileInterface } from "../../hw/tile-interface.js";
import { SCALE_MODES } from "../../params/modes.js";
import type { PortInfo } from "../../sim/index.js";
import { cellRowBits, MAPPING_MODES, type MappingPlan, type ProgLayout, type ScaleMode, type TileParams } from "../../sme/index.js";
import { progLayoutSchema } from "../../sme/program-image-schema.js";
import { UserError } from "../../util/errors.js";
import { DESIGN_KINDS, type DesignKind } from "../config.js";
import type { TileSqnr } from "./tile-metrics.js";

import { MANIFEST_FORMAT } from "./design-ownership.js";

export { MANIFEST_FORMAT };

/** One physical crossbar as the manifest lists it (its slot is its index). */
export interface ManifestCrossbar {
  readonly slot: number;
  readonly sign: "+" | "-";
  readonly base: number;
  /** Rows holding at least one set cell. */
  readonly nonEmptyRows: number;
  /** Set cells. */
  readonly ones: number;
  /** Rows with a shift > 0 (the row map at work). */
  readonly shiftedRows: number;
}

export interface ManifestBudget {
  readonly targetSqnrDb: number;
  readonly scope: "tile";
  readonly depths: readonly number[];
  readonly sqnrDb: number | null;
  readonly targetMet: boolean;
}

export interface ManifestFile {
  readonly name: string;
  readonly what: string;
  /**
   * SHA-256 of the file as `sme generate` wrote it (every file but the manifest itself), so `sme verify --design`
   * can say which files were edited since.
   */
  readonly sha256?: string;
}

/** `manifest.json` of a generated design (design.md §4): everything an integrator or a tool needs to use it. */
export interface DesignManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly name: string;
  readonly generator: { readonly name: "sme-rtl"; readonly version: string };
  /** SHA-256 over the generator version, the options and the weight values. */
  readonly inputsHash: string;
  readonly top: string;
  /** The AXI4-Stream shell's geometry when `top` is the shell (design.md §4.8); null for the bare tile. */
  readonly bus: AxisBus | null;
  readonly kind: DesignKind;
  readonly mode: TileParams["mode"];
  readonly params: TileParams;
  readonly scale: ScaleMode;
  readonly outputWidth: number;
  readonly weights: {
    readonly source: Readonly<Record<string, string | number>>;
    readonly description: string;
    /** The weight scale delta per column (one value when it is the same for all). */
    readonly delta: readonly number[];
    /** Tile weight SQNR in dB (null: no error at all). */
    readonly sqnrQuantizedDb: number | null;
    readonly sqnrMappedDb: number | null;
    readonly droppedCells: number;
  };
  readonly timing: {
    readonly digits: number;
    readonly ouGroups: number;
    readonly cyclesPerVector: number;
    readonly latency: number;
    readonly interval: number;
  };
  /**
   * Mode `budget` only: the SQNR target over the tile, the squeeze-min depth chosen per sign (positive,
   * negative), the tile's mapped SQNR, and whether the target was reached (if not, the depths give the
   * highest reachable SQNR).
   */
  readonly budget?: ManifestBudget;
  /** Physical crossbar slots K and the crossbars these weights use. */
  readonly slots: number;
  readonly denseCrossbars: number;
  readonly crossbars: readonly ManifestCrossbar[];
  readonly ports: ReadonlyArray<PortInfo & { readonly meaning: string }>;
  /** Programmable designs: the `prog_*` layout with every field position and the image files. */
  readonly programming: (ProgLayout & { readonly transfers: number; readonly json: string; readonly hex: string }) | null;
  readonly files: readonly ManifestFile[];
}

function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function manifestCrossbars(plan: MappingPlan): ManifestCrossbar[] {
  return plan.crossbars.map((xb, slot) => {
    let nonEmptyRows = 0;
    let ones = 0;
    let shiftedRows = 0;
    for (let r = 0; r < plan.rows; r++) {
      if (cellRowBits(plan, xb, r) !== 0n) nonEmptyRows++;
      for (let w = 0; w < plan.wordsPerRow; w++) ones += popcount32(xb.cells[r * plan.wordsPerRow + w]);
      if (xb.rowValid[r] && xb.rowShift[r] > 0) shiftedRows++;
    }
    return { slot, sign: xb.sign === 1 ? "+" : "-", base: xb.base, nonEmptyRows, ones, shiftedRows };
  });
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export interface ManifestInputs {
  readonly name: string;
  readonly version: string;
  readonly inputsHash: string;
  readonly kind: DesignKind;
  readonly params: TileParams;
  readonly scale: ScaleMode;
  readonly weights: { readonly source: Readonly<Record<string, string | number>>; readonly description: string; readonly delta: Float64Array };
  readonly sqnr: TileSqnr;
  readonly plan: MappingPlan;
  readonly budget?: Omit<ManifestBudget, "sqnrDb"> & { readonly sqnrDb: number };
  readonly tile: TileInterface;
  readonly programTransfers: number;
  readonly files: readonly ManifestFile[];
}

export function buildManifest(m: ManifestInputs): DesignManifest {
  const p = m.params;
  const delta = Array.from(m.weights.delta);
  return {
    format: MANIFEST_FORMAT,
    name: m.name,
    generator: { name: "sme-rtl", version: m.version },
    inputsHash: m.inputsHash,
    top: m.tile.name,
    bus: m.tile.bus ?? null,
    kind: m.kind,
    mode: p.mode,
    params: p,
    scale: m.scale,
    outputWidth: m.tile.outputWidth,
    weights: {
      source: m.weights.source,
      description: m.weights.description,
      delta: delta.every((d) => d === delta[0]) ? [delta[0]] : delta,
      sqnrQuantizedDb: finiteOrNull(m.sqnr.quantizedDb),
      sqnrMappedDb: finiteOrNull(m.sqnr.mappedDb),
      droppedCells: m.plan.dropped.cells,
    },
    timing: {
      digits: m.tile.digits,
      ouGroups: p.rows / p.ouRows,
      cyclesPerVector: m.tile.cyclesPerVector,
      latency: m.tile.latency,
      interval: m.tile.cyclesPerVector,
    },
    ...(m.budget ? { budget: { ...m.budget, sqnrDb: finiteOrNull(m.budget.sqnrDb) } } : {}),
    slots: m.tile.slots,
    denseCrossbars: 2 * p.weightBits,
    crossbars: manifestCrossbars(m.plan),
    // `out_sum` packs C two's complement fields: the port is a plain vector, its values are signed.
    ports: m.tile.ports.map((port) => ({ ...port, signed: port.name === TILE_PORTS.output.data || port.signed, meaning: portMeaning(m.tile, port.name) })),
    programming:
      m.kind === "programmable" && m.tile.layout ? { ...m.tile.layout, transfers: m.programTransfers, json: "program.json", hex: "program.hex" } : null,
    files: m.files,
  };
}

const whole = () => z.number().int().min(0);
const tileParamsSchema = z.object({
  rows: whole(),
  cols: whole(),
  weightBits: whole(),
  window: whole(),
  actBits: whole(),
  dacBits: whole(),
  ouRows: whole(),
  adcBits: whole(),
  mode: z.enum(MAPPING_MODES),
  squeeze: whole(),
});

/** The whole `manifest.json` as `sme generate` writes it (design.md §4.1); its JSON Schema ships as schemas/manifest.schema.json. */
export const designManifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    name: z.string().describe("design name: the folder name and the prefix of its modules"),
    generator: z.object({ name: z.literal("sme-rtl"), version: z.string() }),
    inputsHash: z.string().describe("SHA-256 over the generator version, the options and the weight values"),
    top: z.string().describe("top module"),
    bus: z
      .object({
        kind: z.literal("axis"),
        act: whole().describe("bits per s_axis_act beat"),
        sum: whole().describe("bits per m_axis_sum beat"),
        prog: whole().describe("bits per s_axis_prog beat (0 for a baked tile)"),
        actBeats: whole().describe("s_axis_act beats per activation vector"),
        sumBeats: whole().describe("m_axis_sum beats per result"),
        core: z.string().describe("the tile module inside the shell"),
      })
      .nullable()
      .describe("the AXI4-Stream shell when the top is one (design.md §4.8); null for the bare tile"),
    kind: z.enum(DESIGN_KINDS),
    mode: z.enum(MAPPING_MODES),
    params: tileParamsSchema,
    scale: z.enum(SCALE_MODES),
    outputWidth: whole(),
    weights: z.object({
      source: z.record(z.string(), z.union([z.string(), z.number()])),
      description: z.string(),
      delta: z.array(z.number()).describe("the weight scale delta per column (one value when it is the same for all)"),
      sqnrQuantizedDb: z.number().nullable().describe("tile weight SQNR in dB; null: no error at all"),
      sqnrMappedDb: z.number().nullable(),
      droppedCells: whole(),
    }),
    timing: z.object({ digits: whole(), ouGroups: whole(), cyclesPerVector: whole(), latency: whole(), interval: whole() }),
    slots: whole().describe("physical crossbar slots K"),
    denseCrossbars: whole(),
    crossbars: z.array(z.object({ slot: whole(), sign: z.enum(["+", "-"]), base: whole(), nonEmptyRows: whole(), ones: whole(), shiftedRows: whole() })),
    ports: z.array(z.object({ name: z.string(), direction: z.enum(["input", "output"]), width: whole(), signed: z.boolean(), meaning: z.string() })),
    programming: progLayoutSchema
      .extend({ transfers: whole(), json: z.string(), hex: z.string() })
      .nullable()
      .describe("programmable designs: the prog_* layout and the image files; null for baked designs"),
    files: z.array(
      z.object({
        name: z.string(),
        what: z.string(),
        sha256: z.string().optional().describe("SHA-256 of the file as written; sme verify --design names the files that differ"),
      }),
    ),
  })
  .describe("manifest.json of a design folder written by sme generate");

/**
 * The part of a manifest `sme verify --design DIR` relies on, checked when a folder is read back so a
 * hand-edited or foreign folder fails with a clear message instead of a confusing simulation.
 */
export const manifestReadSchema = z.looseObject({
  format: z.literal(MANIFEST_FORMAT, { error: `format must be "${MANIFEST_FORMAT}"` }),
  name: z.string(),
  top: z.string(),
  bus: z
    .strictObject({
      kind: z.literal("axis"),
      act: z.number().int(),
      sum: z.number().int(),
      prog: z.number().int(),
      actBeats: z.number().int(),
      sumBeats: z.number().int(),
      core: z.string(),
    })
    .nullable()
    .optional(),
  kind: z.enum(DESIGN_KINDS),
  inputsHash: z.string(),
  params: z.looseObject({
    rows: z.number().int(),
    cols: z.number().int(),
    weightBits: z.number().int(),
    window: z.number().int(),
    actBits: z.number().int(),
    dacBits: z.number().int(),
    ouRows: z.number().int(),
    adcBits: z.number().int(),
    mode: z.enum(MAPPING_MODES),
    squeeze: z.number().int(),
  }),
  outputWidth: z.number().int(),
  timing: z.looseObject({ cyclesPerVector: z.number().int(), latency: z.number().int(), interval: z.number().int(), digits: z.number().int() }),
  slots: z.number().int(),
  ports: z.array(z.looseObject({ name: z.string(), direction: z.enum(["input", "output"]), width: z.number().int(), signed: z.boolean() })),
  programming: z.union([z.null(), z.looseObject({ transfers: z.number().int(), json: z.string(), hex: z.string() })]).optional(),
  files: z.array(z.looseObject({ name: z.string(), what: z.string(), sha256: z.string().optional() })),
});

export type ManifestRead = z.infer<typeof manifestReadSchema>;

export function parseManifest(raw: unknown, where: string): ManifestRead {
  const r = manifestReadSchema.safeParse(raw);
  if (!r.success) {
    const msgs = r.error.issues.slice(0, 4).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new UserError(`${where} is not an sme design manifest (${msgs.join("; ")}); generate the folder with sme generate`);
  }
  return r.data;
}
