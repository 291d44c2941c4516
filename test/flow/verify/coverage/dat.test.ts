/** Verilator's coverage.dat as sme verify reads it, and the lcov file it hands on. */
import { describe, expect, it } from "vitest";
import { relinkLcov } from "../../../../src/flow/verify/coverage/code.js";
import { codeCoverageSummary, coverHits, parseCoverageDat } from "../../../../src/flow/verify/coverage/dat.js";

const point = (fields: Record<string, string | number>, count: number): string =>
  `C '${Object.entries(fields)
    .map(([k, v]) => `\u0001${k}\u0002${v}`)
    .join("")}' ${count}`;

const DAT = [
  "# SystemC::Coverage-3",
  point({ f: "m_fcov.sv", l: 10, n: 12, page: "v_user/m_fcov", o: "step_group_0_digit_1", h: "top.m.fcov.step_group_0_digit_1" }, 6),
  point({ f: "m_fcov.sv", l: 11, n: 12, page: "v_user/m_fcov", o: "vector_all_zero", h: "top.m.fcov.vector_all_zero" }, 0),
  point({ f: "ctl.v", l: 33, n: 19, page: "v_line/ctl", o: "block", h: "top.m.controller" }, 8),
  point({ f: "ctl.v", l: 40, n: 3, page: "v_branch/ctl", o: "if", h: "top.m.controller" }, 0),
  point({ f: "ctl.v", l: 27, n: 15, page: "v_toggle/ctl", o: "busy", h: "top.m.controller" }, 2),
  point({ f: "ctl.v", l: 28, n: 15, page: "v_toggle/ctl", o: "digit[2]", h: "top.m.controller" }, 0),
  point({ f: "m_fcov.sv", l: 3, n: 3, page: "v_toggle/m_fcov", o: "i_x", h: "top.m.fcov" }, 5),
].join("\n");

describe("coverage.dat", () => {
  it("reads each point's kind, module, label and count", () => {
    const points = parseCoverageDat(DAT);
    expect(points).toHaveLength(7);
    expect(points[0]).toEqual({
      kind: "user",
      module: "m_fcov",
      comment: "step_group_0_digit_1",
      hierarchy: "top.m.fcov.step_group_0_digit_1",
      file: "m_fcov.sv",
      line: 10,
      count: 6,
    });
    expect(points[4]).toMatchObject({ kind: "toggle", module: "ctl", comment: "busy", count: 2 });
  });

  it("gives the cover points' hits by label, and lines and toggles hit per module without the monitor", () => {
    const points = parseCoverageDat(DAT);
    expect([...coverHits(points, "m_fcov")]).toEqual([
      ["step_group_0_digit_1", 6],
      ["vector_all_zero", 0],
    ]);
    expect(codeCoverageSummary(points, new Set(["m_fcov"]))).toEqual([{ module: "ctl", lines: { hit: 1, total: 2 }, toggles: { hit: 1, total: 2 } }]);
    expect(codeCoverageSummary(points).map((m) => m.module)).toEqual(["ctl", "m_fcov"]);
  });

  it("points lcov records at the design folder's files and leaves out the others", () => {
    const lcov = ["TN:verilator_coverage", "SF:m_fcov.sv", "DA:2,1", "end_of_record", "SF:/build/src/ctl.v", "DA:33,8", "DA:40,0", "end_of_record", ""].join(
      "\n",
    );
    expect(relinkLcov(lcov, new Map([["ctl.v", "/designs/d/ctl.v"]]))).toBe(
      ["TN:verilator_coverage", "SF:/designs/d/ctl.v", "DA:33,8", "DA:40,0", "end_of_record", ""].join("\n"),
    );
  });
});
