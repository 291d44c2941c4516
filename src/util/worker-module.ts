/**
 * The module a worker thread starts at. Worker threads do not inherit the main thread's TypeScript loader: run
 * from the sources (through tsx or vitest) a worker starts at an `.mjs` entry that registers tsx and imports the
 * TypeScript module; run from the compiled package it starts at the compiled module itself, with no loader.
 * `callerUrl` is the `import.meta.url` of the module starting the worker; the names are relative to it.
 */
export function workerModule(callerUrl: string, compiled: string, sourceEntry: string): URL {
  return new URL(new URL(callerUrl).pathname.endsWith(".ts") ? sourceEntry : compiled, callerUrl);
}
