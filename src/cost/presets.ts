import type { ComponentTable } from "./table.js";

const SME_TABLE_I = "Liu et al., SME: ReRAM-based Sparse-Multiplication-Engine, ICCD 2021 (arXiv 2103.01705), Table I, 32 nm";
const ISAAC_TABLE_2 =
  "Shafiee et al., ISAAC: A Convolutional Neural Network Accelerator with In-Situ Analog Arithmetic in Crossbars, ISCA 2016, Table 2 (IMA row), 32 nm";

/**
 * The SME paper's Table I: one compute unit of 8 crossbars of 128 x 128 single-level cells. The table has no
 * shift-and-add or register rows, so those two are ISAAC's per-component figures (same 32 nm node).
 */
export const smePreset: ComponentTable = {
  name: "sme",
  source: SME_TABLE_I,
  reference: {
    crossbarsPerUnit: 8, // Table I: "memristor arrays (8 x 128x128)"
    rows: 128,
    cols: 128,
    adcBits: 6, // Table I: ADC 6-bit
    adcSampleRateGsps: 1.2, // Table I: ADC 1.2 GS/s
    dacBits: 1, // Table I: DAC 1-bit
    source: SME_TABLE_I,
  },
  components: {
    crossbarArray: { areaMm2: 2.03e-3, powerMw: 1.3, count: 8, source: `${SME_TABLE_I}: memristor arrays 8 x 128x128` },
    dac: { areaMm2: 0.34e-3, powerMw: 4.25, count: 8 * 128, source: `${SME_TABLE_I}: DAC 1-bit, 8x128` },
    sampleHold: { areaMm2: 0.03125e-3, powerMw: 0.0011, count: 8 * 128, source: `${SME_TABLE_I}: sample-and-hold 8x128` },
    adc: { areaMm2: 4.7e-3, powerMw: 5.14, count: 8, source: `${SME_TABLE_I}: ADC 6-bit, 8 units, 1.2 GS/s` },
    mux: { areaMm2: 4.23e-3, powerMw: 0.56, count: 1, source: `${SME_TABLE_I}: MUX array` },
    // Not in Table I: ISAAC's shift-and-add, 4 units (0.2 mW, 0.00024 mm^2) per 8 crossbars.
    shiftAdd: { areaMm2: 0.24e-3, powerMw: 0.2, count: 4, source: `${ISAAC_TABLE_2}: S+A, 4 units (not in SME Table I)` },
    // Not in Table I: ISAAC's input register, 2 KB = 16384 bits, 1.24 mW, 0.0021 mm^2.
    register: { areaMm2: 2.1e-3, powerMw: 1.24, count: 2048 * 8, source: `${ISAAC_TABLE_2}: IR 2 KB (not in SME Table I)` },
  },
};

/**
 * ISAAC's in-situ multiply-accumulate unit (IMA): 8 crossbars of 128 x 128, 8-bit ADCs at 1.28 GS/s, 1-bit DACs.
 * Per component: ADC 2 mW / 1200 um^2, DAC 3.9 uW / 0.166 um^2, array 0.3 mW / 25 um^2, S+A 0.05 mW / 60 um^2,
 * S+H 9.8 nW / 0.039 um^2. ISAAC has no MUX row (its ADC reads the columns through the S+H), so the MUX is zero.
 */
export const isaacPreset: ComponentTable = {
  name: "isaac",
  source: ISAAC_TABLE_2,
  reference: {
    crossbarsPerUnit: 8, // Table 2: memristor array, 8 per IMA, 128x128
    rows: 128,
    cols: 128,
    adcBits: 8, // Table 2: ADC 8 bits
    adcSampleRateGsps: 1.28, // Table 2: ADC 1.28 GS/s
    dacBits: 1, // Table 2: DAC 1 bit
    source: ISAAC_TABLE_2,
  },
  components: {
    crossbarArray: { areaMm2: 0.0002, powerMw: 2.4, count: 8, source: `${ISAAC_TABLE_2}: memristor array, 8 x 128x128` },
    dac: { areaMm2: 0.00017, powerMw: 4, count: 8 * 128, source: `${ISAAC_TABLE_2}: DAC 1 bit, 8x128` },
    sampleHold: { areaMm2: 0.00004, powerMw: 0.01, count: 8 * 128, source: `${ISAAC_TABLE_2}: S+H, 8x128` },
    adc: { areaMm2: 0.0096, powerMw: 16, count: 8, source: `${ISAAC_TABLE_2}: ADC 8 bits, 1.28 GS/s, 8 units` },
    mux: { areaMm2: 0, powerMw: 0, count: 1, source: `${ISAAC_TABLE_2}: no MUX row` },
    shiftAdd: { areaMm2: 0.00024, powerMw: 0.2, count: 4, source: `${ISAAC_TABLE_2}: S+A, 4 units` },
    register: { areaMm2: 0.0021, powerMw: 1.24, count: 2048 * 8, source: `${ISAAC_TABLE_2}: IR 2 KB` },
  },
};

export const costPresets: Readonly<Record<string, ComponentTable>> = { sme: smePreset, isaac: isaacPreset };
