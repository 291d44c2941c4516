import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

/** A fresh temporary folder; `removeTempDirs` (in `afterAll`) deletes every folder made so far. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sme-loader-"));
  made.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** An .npy file (format 1.0) holding `values` with the given dtype descr and shape. */
export function npyBytes(descr: string, shape: number[], values: number[], fortran = false): Buffer {
  const size = Number(descr.slice(2));
  const little = descr[0] !== ">";
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  const total = 10 + header.length + 1;
  header += `${" ".repeat((64 - (total % 64)) % 64)}\n`;
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(header.length, 8);
  const data = Buffer.alloc(values.length * size);
  values.forEach((v, k) => {
    if (descr[1] === "f" && size === 4) little ? data.writeFloatLE(v, 4 * k) : data.writeFloatBE(v, 4 * k);
    else if (descr[1] === "f" && size === 8) little ? data.writeDoubleLE(v, 8 * k) : data.writeDoubleBE(v, 8 * k);
    else if (descr[1] === "i" && size === 4) data.writeInt32LE(v, 4 * k);
    else if (descr[1] === "u" && size === 1) data.writeUInt8(v, k);
    else throw new Error(`npyBytes: unsupported ${descr}`);
  });
  return Buffer.concat([head, Buffer.from(header, "latin1"), data]);
}

export function float32Bytes(values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, k) => {
    b.writeFloatLE(v, 4 * k);
  });
  return b;
}

export async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
}

export function int32Bytes(values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, k) => {
    b.writeInt32LE(v, 4 * k);
  });
  return b;
}
