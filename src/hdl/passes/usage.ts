/**
 * Pass "check-usage": every bit of every input, wire, register, instance output and memory is read
 * somewhere, unless the user marked the signal with `markUnused()`. Verilator's lint rejects unread bits,
 * so this is where the DSL reports them — at the declaration, with the exact bits.
 */
import { moduleReads } from "../analysis/reads.js";
import type { ModuleIR } from "../ir.js";
import { describe } from "./naming.js";
import type { PassReport } from "./report.js";

export function checkUsage(ir: ModuleIR, report: PassReport): void {
  const { signals, memories } = moduleReads(ir);
  for (const s of [...ir.ports, ...ir.signals]) {
    if (s.kind === "output" || s.kind === "instIn" || s.unused) continue;
    const u = signals.get(s);
    const where = s.kind === "input" ? ir.loc : s.loc;
    if (!u) {
      report.error(`unused: ${describe(s)} is never read; remove it or call .markUnused() on it`, where);
      continue;
    }
    const unread = u.unread();
    if (unread.length > 0) {
      report.error(`unused: bits ${unread.join(", ")} of ${describe(s)} are never read; read them or call .markUnused() on it`, where);
    }
  }
  for (const m of ir.memories) {
    if (!m.unused && !memories.has(m)) report.error(`unused: memory '${m.name}' is never read; add a read port or call .markUnused()`, m.loc);
  }
}
