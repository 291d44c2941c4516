import type { ComponentName, ComponentTable } from "./table.js";

/** What the estimate needs to know about one layer (or one tile) as mapped. */
export interface MappedWorkload {
  /** Crossbar rows R and columns C. */
  readonly rows: number;
  readonly cols: number;
  /** Physical crossbars the mapping allocates (all tiles, both signs). */
  readonly physicalCrossbars: number;
  /** Input cycles per VMM, `T = ceil((A + maxShift) / dacBits)`. */
  readonly inputCycles: number;
  /** Rows activated together; must divide `rows`. */
  readonly ouRows: number;
  readonly dacBits: number;
  /** Resolved ADC resolution in bits. */
  readonly adcBits: number;
  /** Stored row-map bits (remap entries or RCMR shift bits); 0 for dense and bitslice. */
  readonly rowMapBits: number;
}

export type Breakdown = Record<ComponentName, number>;

export interface CostEstimate {
  /** Area per component and in total, mm^2. */
  readonly areaMm2: Breakdown & { readonly total: number };
  /** Energy of one input vector through every crossbar, per component and in total, nJ. */
  readonly energyNj: Breakdown & { readonly total: number };
  /** Time of one VMM with every crossbar working in parallel, ns. */
  readonly latencyNs: number;
  /** ADC conversions per VMM. */
  readonly adcConversions: number;
}

/** One component's area (mm^2) and power (mW), from the table row's total over its `count`. */
function each(table: ComponentTable, name: ComponentName): { area: number; power: number } {
  const c = table.components[name];
  return { area: c.areaMm2 / c.count, power: c.powerMw / c.count };
}

/**
 * ADC cost doubles per bit of resolution (a flash/SAR ADC's comparator work and the Walden figure of merit
 * both grow as 2^bits); the table's ADC is the reference point.
 */
export function adcScale(table: ComponentTable, adcBits: number): number {
  return 2 ** (adcBits - table.reference.adcBits);
}

/** A multi-bit DAC drives `2^bits - 1` levels; cost grows with the levels relative to the reference DAC. */
export function dacScale(table: ComponentTable, dacBits: number): number {
  return (2 ** dacBits - 1) / (2 ** table.reference.dacBits - 1);
}

/**
 * Time of one crossbar read: the crossbar's ADC converts its C columns one after another at the table's
 * sample rate (ISAAC: 128 columns at 1.28 GS/s = 100 ns, its stated read cycle).
 */
export function readTimeNs(table: ComponentTable, cols: number): number {
  return cols / table.reference.adcSampleRateGsps;
}

/**
 * Analytic area and energy of a mapped layer. Every crossbar has its own DACs (one per row), sample-and-holds
 * (one per column), one ADC, its share of the MUX array and of the shift-and-add units; row-map storage is
 * costed per bit. A VMM reads each crossbar `T * R/ouRows` times (every input cycle, every OU group); each
 * read converts C columns. mW x ns = pJ; the result is in nJ.
 */
export function estimateCost(table: ComponentTable, w: MappedWorkload): CostEstimate {
  const ref = table.reference;
  const K = w.physicalCrossbars;
  const groups = w.rows / w.ouRows;
  const tRead = readTimeNs(table, w.cols);
  const reads = K * w.inputCycles * groups;
  const conversions = reads * w.cols;
  const latencyNs = w.inputCycles * groups * tRead;
  const cellScale = (w.rows * w.cols) / (ref.rows * ref.cols);
  const colScale = w.cols / ref.cols;
  const adc = adcScale(table, w.adcBits);
  const dac = dacScale(table, w.dacBits);
  const sampleNs = 1 / ref.adcSampleRateGsps;

  const xbar = each(table, "crossbarArray");
  const d = each(table, "dac");
  const sh = each(table, "sampleHold");
  const a = each(table, "adc");
  const mux = { area: table.components.mux.areaMm2 / ref.crossbarsPerUnit, power: table.components.mux.powerMw / ref.crossbarsPerUnit };
  const saPerXbar = table.components.shiftAdd.count / ref.crossbarsPerUnit;
  const sa = each(table, "shiftAdd");
  const reg = each(table, "register");

  const area: Breakdown = {
    crossbarArray: K * xbar.area * cellScale,
    dac: K * w.rows * d.area * dac,
    sampleHold: K * w.cols * sh.area,
    adc: K * a.area * adc,
    mux: K * mux.area * colScale,
    shiftAdd: K * saPerXbar * sa.area,
    register: w.rowMapBits * reg.area,
  };
  // pJ per component, converted to nJ below. An OU group read powers ouRows of R rows: the array's share.
  const energyPj: Breakdown = {
    crossbarArray: reads * xbar.power * cellScale * (w.ouRows / w.rows) * tRead,
    dac: reads * w.ouRows * d.power * dac * tRead,
    sampleHold: reads * w.cols * sh.power * tRead,
    adc: conversions * a.power * adc * sampleNs,
    mux: reads * mux.power * colScale * tRead,
    shiftAdd: conversions * sa.power * sampleNs,
    register: w.rowMapBits * reg.power * latencyNs,
  };
  const energy = Object.fromEntries(Object.entries(energyPj).map(([k, v]) => [k, v / 1000])) as Breakdown;
  return {
    areaMm2: { ...area, total: sum(area) },
    energyNj: { ...energy, total: sum(energy) },
    latencyNs,
    adcConversions: conversions,
  };
}

function sum(b: Breakdown): number {
  return Object.values(b).reduce((s, v) => s + v, 0);
}

/** Adds estimates of several layers: areas and energies add, layers run one after another. */
export function addEstimates(parts: readonly CostEstimate[]): CostEstimate {
  const zero = (): Breakdown & { total: number } => ({
    crossbarArray: 0,
    dac: 0,
    sampleHold: 0,
    adc: 0,
    mux: 0,
    shiftAdd: 0,
    register: 0,
    total: 0,
  });
  const area = zero();
  const energy = zero();
  let latencyNs = 0;
  let adcConversions = 0;
  for (const p of parts) {
    for (const k of Object.keys(area) as (keyof typeof area)[]) {
      area[k] += p.areaMm2[k];
      energy[k] += p.energyNj[k];
    }
    latencyNs += p.latencyNs;
    adcConversions += p.adcConversions;
  }
  return { areaMm2: area, energyNj: energy, latencyNs, adcConversions };
}
