/** Pieces every declaration printer shares: vector ranges and the lint waiver for intentionally unread bits. */

/** `[w-1:0] ` for vectors, nothing for single bits. */
export function range(width: number): string {
  return width === 1 ? "" : `[${width - 1}:0] `;
}

/** The declaration `text` at `indent`, inside a Verilator UNUSEDSIGNAL waiver when `unused`. */
export function declaration(indent: string, text: string, unused: boolean): string {
  return unused ? `${indent}/* verilator lint_off UNUSEDSIGNAL */\n${indent}${text}\n${indent}/* verilator lint_on UNUSEDSIGNAL */` : `${indent}${text}`;
}
