import { createHash } from "node:crypto";

/** Hex SHA-256 of the given parts, each length-prefixed so that ("ab","c") and ("a","bc") differ. */
export function hashParts(parts: ReadonlyArray<string | Uint8Array>): string {
  const h = createHash("sha256");
  for (const part of parts) {
    const bytes = typeof part === "string" ? Buffer.from(part, "utf8") : part;
    h.update(`${bytes.length}:`);
    h.update(bytes);
  }
  return h.digest("hex");
}
