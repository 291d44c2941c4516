// Worker threads do not inherit the TypeScript loader of the main thread: register tsx, then load the worker.
import { register } from "tsx/esm/api";

register();
await import("./tile-worker.ts");
