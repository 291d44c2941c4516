import { expect } from "vitest";
import { UserError } from "../../../src/util/errors.js";

/** Awaits `p` and checks it fails with a UserError whose message is exactly `message` (no stack trace for a user's mistake). */
export async function expectUserError(p: Promise<unknown>, message: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  expect((err as Error).message).toBe(message);
}
