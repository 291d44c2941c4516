import type { SimDesign } from "../src/sim/design.js";

export type CrossbarPorts = {
  clk: "input";
  rst: "input";
  in_valid: "input";
  in_ready: "output";
  in_act: "input";
  out_valid: "output";
  out_ready: "input";
  out_sum: "output";
};

/**
 * A bit-serial popcount crossbar with the SME tile's stream interface, for benchmarks: `rows` activations of
 * `actBits` bits in, `cols` sums out. Fixed pseudo-random 1-bit cells; one activation bit-plane per cycle
 * (`$countones` per column, the fast form for Verilator), so a vector takes actBits + 2 cycles.
 */
export interface PopcountCrossbar {
  readonly design: SimDesign<CrossbarPorts>;
  /** `cells[i][j]`: the cell of row i, column j. */
  readonly cells: readonly (readonly number[])[];
  /** Width of one `out_sum` field. */
  readonly outWidth: number;
}

export function popcountCrossbar(rows: number, cols: number, actBits: number, seed = 1): PopcountCrossbar {
  // The SME tile's output width with 8-bit weights (design.md §3): A + N + ceil(log2 R) + 1.
  const ow = actBits + 8 + Math.ceil(Math.log2(rows)) + 1;
  let state = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
  const nextBit = (): number => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffff_ffff_ffff_ffffn;
    return Number(state >> 61n) < 3 ? 1 : 0; // about 3/8 of the cells are set
  };
  const columns: string[] = [];
  const cells = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (let j = 0; j < cols; j++) {
    let bits = 0n;
    for (let i = 0; i < rows; i++) {
      cells[i][j] = nextBit();
      if (cells[i][j]) bits |= 1n << BigInt(i);
    }
    columns.unshift(`${rows}'h${bits.toString(16)}`); // column 0 ends up least significant
  }
  const tw = Math.max(1, Math.ceil(Math.log2(actBits)));
  const verilog = `module xbar (
  input  wire clk,
  input  wire rst,
  input  wire in_valid,
  output wire in_ready,
  input  wire [${rows * actBits - 1}:0] in_act,
  output reg  out_valid,
  input  wire out_ready,
  output wire [${cols * ow - 1}:0] out_sum
);
  localparam [${rows * cols - 1}:0] W = {
${columns.map((c) => `    ${c}`).join(",\n")}
  };
  // Activations transposed into bit-planes at acceptance; a shift register presents plane t in cycle t.
  wire [${rows * actBits - 1}:0] in_planes;
  reg  [${rows * actBits - 1}:0] planes;
  reg [${tw - 1}:0] t;
  reg busy;
  wire start = in_valid && in_ready;
  assign in_ready = !busy && !out_valid;
  wire [${rows - 1}:0] plane = planes[${rows - 1}:0];
  genvar i, j, k;
  generate
    for (k = 0; k < ${actBits}; k = k + 1) begin : g_plane
      for (i = 0; i < ${rows}; i = i + 1) begin : g_row
        assign in_planes[k * ${rows} + i] = in_act[i * ${actBits} + k];
      end
    end
  endgenerate
  always @(posedge clk) begin
    if (rst) begin
      busy <= 1'b0;
      out_valid <= 1'b0;
      t <= ${tw}'d0;
    end else begin
      if (start) begin
        planes <= in_planes;
        t <= ${tw}'d0;
        busy <= 1'b1;
      end else if (busy) begin
        planes <= planes >> ${rows};
        t <= t + ${tw}'d1;
        if (t == ${tw}'d${actBits - 1}) begin
          busy <= 1'b0;
          out_valid <= 1'b1;
        end
      end
      if (out_valid && out_ready) out_valid <= 1'b0;
    end
  end
  generate
    for (j = 0; j < ${cols}; j = j + 1) begin : g_col
      wire [${rows - 1}:0] cells = W[j * ${rows} +: ${rows}];
      wire [31:0] ones = $countones(plane & cells);
      wire [${ow - 1}:0] count = ones[${ow - 1}:0];
      reg [${ow - 1}:0] acc;
      always @(posedge clk) begin
        if (start) acc <= ${ow}'d0;
        else if (busy) acc <= acc + (count << t);
      end
      assign out_sum[j * ${ow} +: ${ow}] = acc;
    end
  endgenerate
endmodule
`;
  const design: SimDesign<CrossbarPorts> = {
    top: "xbar",
    files: [{ name: "xbar.v", text: verilog }],
    ports: [
      { name: "clk", direction: "input", width: 1, signed: false },
      { name: "rst", direction: "input", width: 1, signed: false },
      { name: "in_valid", direction: "input", width: 1, signed: false },
      { name: "in_ready", direction: "output", width: 1, signed: false },
      { name: "in_act", direction: "input", width: rows * actBits, signed: false },
      { name: "out_valid", direction: "output", width: 1, signed: false },
      { name: "out_ready", direction: "input", width: 1, signed: false },
      { name: "out_sum", direction: "output", width: cols * ow, signed: false },
    ],
  };
  return { design, cells, outWidth: ow };
}
