import { UserError } from "../util/errors.js";
import { cellRowBits, type MappingPlan, type PhysicalCrossbar, type Sign } from "./mapping.js";
import { modeMaxShift } from "./params.js";
import { programImageSchema } from "./program-image-schema.js";
import { packFields, progLayout, readField, type ProgLayout } from "./program-layout.js";

/** One `prog_*` transfer (design.md §4). */
export interface ProgTransfer {
  /** 0: cell row, 1: row-map entry, 2: crossbar descriptor. */
  readonly target: 0 | 1 | 2;
  readonly xbar: number;
  readonly row: number;
  readonly data: bigint;
}

export interface ProgramImage {
  readonly layout: ProgLayout;
  readonly transfers: readonly ProgTransfer[];
}

/**
 * The ordered transfers that load a plan into a freshly reset programmable tile with `slots` crossbar slots
 * (default: the mode's worst case, so any weights fit the same hardware):
 * 1. a descriptor for every slot `0..K-1` (plan crossbar m goes to slot m; the rest are written disabled);
 * 2. every stored row-map entry: squeeze modes, for each sign that has a crossbar, rows `0..R-1` addressed
 *    through that sign's first crossbar; remap and budget, rows `0..R-1` of every crossbar;
 * 3. every cell row `0..R-1` of every enabled crossbar.
 * Descriptors come first because a per-sign row-map write finds its sign through the named crossbar.
 */
export function buildProgramImage(plan: MappingPlan, slots?: number): ProgramImage {
  const layout = progLayout({ mode: plan.mode, rows: plan.rows, cols: plan.cols, weightBits: plan.weightBits, squeeze: plan.squeeze }, slots);
  const K = layout.slots;
  if (plan.crossbars.length > K) {
    throw new UserError(`programming image: the plan needs ${plan.crossbars.length} crossbars but the tile has only K = ${K} slots`);
  }
  const t: ProgTransfer[] = [];
  for (let m = 0; m < K; m++) {
    const xb = plan.crossbars[m];
    const data = xb ? packFields(layout.target2, { base: xb.base, sign: xb.sign === -1 ? 1 : 0, enable: 1 }) : 0n;
    t.push({ target: 2, xbar: m, row: 0, data });
  }
  if (layout.rowMapScope === "per-sign" && plan.rowShiftBySign) {
    for (const [si, sign] of [
      [0, 1],
      [1, -1],
    ] as const) {
      const first = plan.crossbars.findIndex((xb) => xb.sign === sign);
      if (first < 0) continue;
      const shifts = plan.rowShiftBySign[si];
      for (let r = 0; r < plan.rows; r++) {
        const stored = plan.mode === "squeeze" ? (shifts[r] === 0 ? 0 : 1) : shifts[r];
        t.push({ target: 1, xbar: first, row: r, data: packFields(layout.target1, { shift: stored }) });
      }
    }
  } else if (layout.rowMapScope === "per-crossbar") {
    plan.crossbars.forEach((xb, m) => {
      for (let r = 0; r < plan.rows; r++) {
        const data = packFields(layout.target1, { shift: xb.rowShift[r], src: xb.rowSrc[r], valid: xb.rowValid[r] });
        t.push({ target: 1, xbar: m, row: r, data });
      }
    });
  }
  plan.crossbars.forEach((xb, m) => {
    for (let r = 0; r < plan.rows; r++) t.push({ target: 0, xbar: m, row: r, data: cellRowBits(plan, xb, r) });
  });
  return { layout, transfers: t };
}

/**
 * Why a programmable tile ignores transfer `tr` given the descriptors written so far (design.md §4.5), or null
 * when it takes it. `flagged` is whether the transfer also raises the sticky `prog_error`: it reaches a slot
 * (and row) that exists but carries a value no mapping produces.
 */
export function ignoredTransfer(L: ProgLayout, tr: ProgTransfer, desc: readonly bigint[]): { readonly why: string; readonly flagged: boolean } | null {
  const target = tr.target as number;
  if (target === 3) return { why: "is target 3, which writes nothing", flagged: false };
  if (tr.xbar >= L.slots || (target !== 2 && tr.row >= L.rows)) {
    return { why: `addresses crossbar ${tr.xbar} row ${tr.row}, outside the ${L.slots}x${L.rows} tile`, flagged: false };
  }
  const [shiftF, srcF, validF] = L.target1;
  const [baseF, , enableF] = L.target2;
  const maxBase = L.mode === "squeeze" || L.mode === "squeeze-min" ? L.weightBits - 1 - L.squeeze : L.weightBits - 1;
  if (target === 2 && readField(tr.data, enableF) === 1 && readField(tr.data, baseF) > maxBase) {
    return { why: `enables a crossbar with base ${readField(tr.data, baseF)}, above the mode's largest ${maxBase}`, flagged: true };
  }
  if (target !== 1) return null;
  if (L.rowMapScope === "none") return { why: "writes a row map, which this mode does not store", flagged: false };
  const shift = readField(tr.data, shiftF);
  if (L.mode === "squeeze-min" && shift > L.squeeze) return { why: `writes shift ${shift}, above D = ${L.squeeze}`, flagged: true };
  if (L.rowMapScope === "per-crossbar" && readField(tr.data, validF) === 1) {
    if (shift > L.weightBits - 1) return { why: `writes shift ${shift}, above N-1 = ${L.weightBits - 1}`, flagged: true };
    const src = readField(tr.data, srcF);
    if (src >= L.rows) return { why: `writes source row ${src}, outside R = ${L.rows}`, flagged: true };
  }
  if (L.rowMapScope === "per-sign" && readField(desc[tr.xbar] ?? 0n, enableF) !== 1) {
    return { why: `writes a row map through crossbar ${tr.xbar}, which is disabled (write descriptors first)`, flagged: false };
  }
  return null;
}

/**
 * What a programmable tile holds after reset and then `transfers` (design.md §4.5: fields not stored are
 * ignored, and so are the transfers the tile ignores), as a plan over its enabled slots in slot order.
 * `mappedCodes` are read back from the cells; `dropped` is unknown here and reported as zero. With `strict`,
 * a transfer the tile would ignore is an error instead (a design folder's image holds none). An enabled row
 * whose `base + shift` exceeds N-1 (possible only in remap) is an error either way: the tile's result for it
 * is unspecified.
 */
export function applyProgramImage(image: ProgramImage, options: { readonly strict?: boolean } = {}): MappingPlan {
  const L = image.layout;
  const R = L.rows;
  const C = L.cols;
  const N = L.weightBits;
  const W = Math.ceil(C / 32);
  const desc = new Array<bigint>(L.slots).fill(0n);
  const cells = Array.from({ length: L.slots }, () => new Uint32Array(R * W));
  const perSign = [new Uint8Array(R), new Uint8Array(R)];
  const perXbar = Array.from({ length: L.slots }, () => ({ valid: new Uint8Array(R), src: new Uint16Array(R), shift: new Uint8Array(R) }));
  const [shiftF, srcF, validF] = L.target1;
  const [baseF, signF, enableF] = L.target2;
  image.transfers.forEach((tr, i) => {
    const ignored = tr.xbar < 0 || tr.row < 0 ? { why: `addresses crossbar ${tr.xbar} row ${tr.row}` } : ignoredTransfer(L, tr, desc);
    if (ignored) {
      if (options.strict) throw new UserError(`programming image: transfer ${i} (target ${tr.target}) ${ignored.why}; the tile ignores it`);
      return;
    }
    if (tr.target === 2) desc[tr.xbar] = tr.data;
    else if (tr.target === 1) {
      if (L.rowMapScope === "per-sign") perSign[readField(desc[tr.xbar], signF)][tr.row] = readField(tr.data, shiftF);
      else {
        const e = perXbar[tr.xbar];
        e.valid[tr.row] = readField(tr.data, validF);
        e.src[tr.row] = readField(tr.data, srcF);
        e.shift[tr.row] = readField(tr.data, shiftF);
      }
    } else {
      for (let w = 0; w < W; w++) cells[tr.xbar][tr.row * W + w] = Number((tr.data >> BigInt(32 * w)) & 0xffffffffn);
    }
  });
  const crossbars: PhysicalCrossbar[] = [];
  for (let m = 0; m < L.slots; m++) {
    if (readField(desc[m], enableF) !== 1) continue;
    const sign: Sign = readField(desc[m], signF) === 1 ? -1 : 1;
    const xb: PhysicalCrossbar = {
      sign,
      base: readField(desc[m], baseF),
      cells: cells[m],
      rowValid: new Uint8Array(R).fill(1),
      rowSrc: Uint16Array.from({ length: R }, (_, r) => r),
      rowShift: new Uint8Array(R),
    };
    if (L.rowMapScope === "per-sign") {
      const stored = perSign[sign === 1 ? 0 : 1];
      for (let r = 0; r < R; r++) xb.rowShift[r] = L.mode === "squeeze" ? stored[r] * L.squeeze : stored[r];
    } else if (L.rowMapScope === "per-crossbar") {
      xb.rowValid.set(perXbar[m].valid);
      xb.rowSrc.set(perXbar[m].src);
      xb.rowShift.set(perXbar[m].shift);
    }
    crossbars.push(xb);
  }
  const mapped = new Int32Array(R * C);
  let maxShift = 0;
  for (const xb of crossbars) {
    for (let r = 0; r < R; r++) {
      if (!xb.rowValid[r]) continue;
      if (xb.rowShift[r] > maxShift) maxShift = xb.rowShift[r];
      const k = xb.base + xb.rowShift[r];
      for (let j = 0; j < C; j++) {
        if ((xb.cells[r * W + (j >> 5)] >>> (j & 31)) & 1) {
          if (xb.rowSrc[r] >= R || k >= N)
            throw new UserError(`programming image: crossbar row ${r} holds bit ${k} of input ${xb.rowSrc[r]}, outside N = ${N}, R = ${R}`);
          mapped[xb.rowSrc[r] * C + j] += xb.sign * 2 ** k;
        }
      }
    }
  }
  const rowShiftBySign: [Uint8Array, Uint8Array] | null =
    L.rowMapScope === "per-sign"
      ? [perSign[0].map((s) => (L.mode === "squeeze" ? s * L.squeeze : s)), perSign[1].map((s) => (L.mode === "squeeze" ? s * L.squeeze : s))]
      : null;
  return {
    mode: L.mode,
    rows: R,
    cols: C,
    weightBits: N,
    squeeze: L.squeeze,
    wordsPerRow: W,
    crossbars,
    rowShiftBySign,
    maxShift,
    modeMaxShift: modeMaxShift({ mode: L.mode, squeeze: L.squeeze, weightBits: N }),
    mappedCodes: mapped,
    dropped: { cells: 0, bitRows: 0 },
  };
}

/** JSON form: `data` as a `0x` hex string (JSON has no bigint). */
export interface ProgramImageJson {
  readonly format: "sme-program-image/1";
  readonly layout: ProgLayout;
  readonly transfers: ReadonlyArray<{ target: 0 | 1 | 2; xbar: number; row: number; data: string }>;
}

export function programImageToJson(image: ProgramImage): ProgramImageJson {
  return {
    format: "sme-program-image/1",
    layout: image.layout,
    transfers: image.transfers.map((t) => ({ target: t.target, xbar: t.xbar, row: t.row, data: `0x${t.data.toString(16)}` })),
  };
}

export function programImageFromJson(json: ProgramImageJson): ProgramImage {
  if (json.format !== "sme-program-image/1") throw new UserError(`programming image: unknown format ${String(json.format)}; expected sme-program-image/1`);
  const checked = programImageSchema.safeParse(json);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new UserError(`programming image: ${issue.path.join(".") || "(root)"}: ${issue.message}; write it with sme generate`);
  }
  return { layout: json.layout, transfers: json.transfers.map((t) => ({ ...t, data: BigInt(t.data) })) };
}

/**
 * `$readmemh` text: a comment header describing the word, then one word per transfer, in order. Each word is
 * `{target[2], xbar[xbarWidth], row[rowWidth], data[PW]}` (data in the low bits), zero-padded hex.
 */
export function programImageToHex(image: ProgramImage): string {
  const L = image.layout;
  const h = L.hexWord;
  const digits = Math.ceil(h.width / 4);
  const lines = [
    `// sme programming image: mode ${L.mode}, ${L.rows}x${L.cols}, N=${L.weightBits}, K=${L.slots}, ${image.transfers.length} transfers`,
    `// word ${h.width} bits = {target[2] @${h.targetOffset}, xbar[${L.xbarWidth}] @${h.xbarOffset}, row[${L.rowWidth}] @${h.rowOffset}, data[${L.PW}] @0}`,
  ];
  for (const t of image.transfers) {
    const word = (BigInt(t.target) << BigInt(h.targetOffset)) | (BigInt(t.xbar) << BigInt(h.xbarOffset)) | (BigInt(t.row) << BigInt(h.rowOffset)) | t.data;
    lines.push(word.toString(16).padStart(digits, "0"));
  }
  return `${lines.join("\n")}\n`;
}
