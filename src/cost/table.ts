import { z } from "zod";

/**
 * A component table in the form the papers print it: each row is the total area and power of `count`
 * identical components inside one reference compute unit (a group of crossbars with their peripherals).
 * The estimate divides by `count` to get one component and scales from the reference design to the tile.
 */
export const componentSchema = z
  .object({
    areaMm2: z.number().nonnegative(),
    powerMw: z.number().nonnegative(),
    count: z.number().positive(),
    source: z.string().min(1),
  })
  .strict();

export const referenceSchema = z
  .object({
    /** Crossbars in the reference compute unit the table describes. */
    crossbarsPerUnit: z.number().int().positive(),
    rows: z.number().int().positive(),
    cols: z.number().int().positive(),
    adcBits: z.number().int().positive(),
    /** Samples per second of one ADC, in GS/s; one read of a crossbar converts its columns one after another. */
    adcSampleRateGsps: z.number().positive(),
    dacBits: z.number().int().positive(),
    source: z.string().min(1),
  })
  .strict();

export const componentTableSchema = z
  .object({
    name: z.string().min(1),
    source: z.string().min(1),
    reference: referenceSchema,
    components: z
      .object({
        /** The memristor arrays: `count` crossbars of reference rows x cols single-bit cells. */
        crossbarArray: componentSchema,
        /** Row drivers, one per row per crossbar, at the reference DAC resolution. */
        dac: componentSchema,
        /** Sample-and-hold, one per column per crossbar. */
        sampleHold: componentSchema,
        /** ADCs at the reference resolution and sample rate. */
        adc: componentSchema,
        /** Column multiplexers in front of the ADCs (the whole unit's array counts as `count` = 1). */
        mux: componentSchema,
        /** Shift-and-add units; one operation per ADC conversion. */
        shiftAdd: componentSchema,
        /** Register storage: `count` is its size in bits; row-map (remap / RCMR) bits are costed per bit. */
        register: componentSchema,
      })
      .strict(),
  })
  .strict();

export type Component = z.infer<typeof componentSchema>;
export type ComponentName = keyof ComponentTable["components"];
export type ComponentTable = z.infer<typeof componentTableSchema>;

export const componentNames: readonly ComponentName[] = ["crossbarArray", "dac", "sampleHold", "adc", "mux", "shiftAdd", "register"];
