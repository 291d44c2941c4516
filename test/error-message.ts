/** The whole message of what `f` throws (`toThrow` with a string passes on any message that contains it). */
export function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error("expected an error, none was thrown");
}
