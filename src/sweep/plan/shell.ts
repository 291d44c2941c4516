/** A word for a POSIX shell: plain when it is safe as is, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** A command line for a POSIX shell. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(" ");
}
