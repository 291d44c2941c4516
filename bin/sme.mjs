#!/usr/bin/env node
// The `sme` command. An installed package runs the compiled CLI in dist/ (plain JavaScript, no TypeScript
// loader). A source checkout (src/ beside this folder; the package does not ship it) runs the TypeScript
// sources through tsx, so that edits take effect without a build.
import { existsSync } from "node:fs";

const sources = new URL("../src/cli/main.ts", import.meta.url);
if (existsSync(sources)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(sources.href);
} else {
  await import("../dist/cli/main.js");
}
