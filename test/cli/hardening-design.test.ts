/**
 * `sme verify --design` on a folder that was cut or edited after `sme generate` wrote it: each disagreement is
 * bad input (exit 2) named in one line before anything is linted or simulated, and the folder is left as it
 * was. (An edited `.v` is simulated and reported: test/flow/verify.)
 */
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runSme, SMALL, tempDir } from "../flow/helpers.js";

type Manifest = { top: string; outputWidth: number; params: { actBits: number }; ports: { name: string; width: number }[] };

let generated = "";
let root = "";
beforeAll(async () => {
  root = await tempDir("hard-design");
  generated = join(root, "d");
  expect((await runSme(["generate", ...SMALL, "--out", generated, "--json"])).code).toBe(0);
});

async function editManifest(dir: string, edit: (m: Manifest) => void): Promise<void> {
  const m = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as Manifest;
  edit(m);
  await writeFile(join(dir, "manifest.json"), JSON.stringify(m, null, 2));
}

const CASES: [string, (dir: string) => Promise<void>, (dir: string) => string][] = [
  [
    "program.json cut to half its transfers",
    async (d) => {
      const j = JSON.parse(await readFile(join(d, "program.json"), "utf8")) as { transfers: unknown[] };
      j.transfers = j.transfers.slice(0, j.transfers.length / 2);
      await writeFile(join(d, "program.json"), JSON.stringify(j));
    },
    (d) =>
      `sme: ${d}/program.json holds 35 transfers, but its descriptors call for 70: the image is truncated or edited; regenerate the folder with sme generate`,
  ],
  [
    "program.hex cut to half its lines",
    async (d) => {
      const lines = (await readFile(join(d, "program.hex"), "utf8")).split("\n");
      await writeFile(join(d, "program.hex"), `${lines.slice(0, lines.length >> 1).join("\n")}\n`);
    },
    (d) =>
      `sme: ${d}/program.hex holds 34 words but ${d}/program.json holds 70 transfers: the two images disagree (one is truncated or edited); regenerate the folder with sme generate`,
  ],
  [
    "the out_sum width edited in the manifest",
    (d) =>
      editManifest(d, (m) => {
        m.ports.find((p) => p.name === "out_sum")!.width += 8;
      }),
    (d) =>
      `sme: ${d}/manifest.json: port 8 is output out_sum (104 bits), but a programmable squeeze-min tile of its parameters (8x8, N=4, A=4, dac 1, OU 8, ADC 4) has output out_sum (96 bits); the RTL and the manifest disagree: regenerate the folder with sme generate`,
  ],
  [
    "outputWidth edited",
    (d) =>
      editManifest(d, (m) => {
        m.outputWidth = 99;
      }),
    (d) =>
      `sme: ${d}/manifest.json: outputWidth is 99, but a programmable squeeze-min tile of its parameters (8x8, N=4, A=4, dac 1, OU 8, ADC 4) has 12; the manifest was edited: regenerate the folder with sme generate`,
  ],
  [
    "top edited",
    (d) =>
      editManifest(d, (m) => {
        m.top = "nope";
      }),
    (d) => `sme: ${d}/manifest.json names the top module nope, but no Verilog file of the folder declares it (they declare`,
  ],
  [
    "actBits edited",
    (d) =>
      editManifest(d, (m) => {
        m.params.actBits = 3;
      }),
    (d) =>
      `sme: ${d}/sme_tile_sqmin1_r8c8n4a4dac1ou8adc4_prog.v: port 5 is input in_act (32 bits), but the parameters in ${d}/manifest.json (8x8, N=4, A=3, squeeze-min) give input in_act (24 bits); the RTL and the manifest disagree: regenerate the folder with sme generate`,
  ],
];

describe("a cut or edited design folder is bad input", () => {
  it.each(CASES)("%s", async (label, corrupt, message) => {
    const dir = join(root, label.replace(/\W+/g, "-"));
    await cp(generated, dir, { recursive: true });
    await corrupt(dir);
    const before = (await readdir(dir)).sort();
    const r = await runSme(["verify", "--design", dir, "--vectors", "10"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    // Progress lines ("sme: [0.0 s] ...") may come first; the error is the one last line.
    const lines = r.stderr.trim().split("\n");
    expect(
      lines.slice(0, -1).every((l) => /^sme: \[\d+\.\d s\] /.test(l)),
      r.stderr,
    ).toBe(true);
    expect(lines.at(-1)!.startsWith(message(dir)), lines.at(-1)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(before);
  });
});
