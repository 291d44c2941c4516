import { z } from "zod";
import { MAPPING_MODES } from "../params/modes.js";

const whole = () => z.number().int().min(0);

const progField = z.object({
  name: z.string(),
  offset: whole(),
  width: whole(),
  stored: z.boolean().describe("whether the tile stores this field in this mode; writes to fields that are not stored are ignored"),
  meaning: z.string(),
});

/** The `prog_*` field layout of a tile (design.md §4.5), as `program.json` and `manifest.json` hold it. */
export const progLayoutSchema = z.object({
  mode: z.enum(MAPPING_MODES),
  rows: whole(),
  cols: whole(),
  weightBits: whole(),
  squeeze: whole().describe("D of the squeeze modes, 0 otherwise"),
  slots: whole().describe("physical crossbar slots K"),
  PW: whole().describe("width of prog_data"),
  xbarWidth: whole().describe("width of prog_xbar"),
  rowWidth: whole().describe("width of prog_row"),
  rowMapScope: z.enum(["none", "per-sign", "per-crossbar"]),
  rowMapStoredBits: whole(),
  target0: z.object({ width: whole() }),
  target1: z.tuple([progField, progField, progField]),
  target2: z.tuple([progField, progField, progField]),
  hexWord: z.object({ width: whole(), dataOffset: whole(), rowOffset: whole(), xbarOffset: whole(), targetOffset: whole() }),
});

/** `program.json` (and `baked-image.json`): the ordered `prog_*` transfers that load the weights (design.md §4.6). */
export const programImageSchema = z
  .object({
    format: z.literal("sme-program-image/1"),
    layout: progLayoutSchema,
    transfers: z.array(
      z.object({
        target: z.union([z.literal(0), z.literal(1), z.literal(2)]).describe("0: cell row, 1: row-map entry, 2: crossbar descriptor"),
        xbar: whole(),
        row: whole(),
        data: z
          .string()
          .regex(/^0x[0-9a-f]+$/)
          .describe("the prog_data word, hexadecimal"),
      }),
    ),
  })
  .describe("sme programming image: the ordered prog_* transfers of a tile's weights");
