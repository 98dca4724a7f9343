import type { DaemonConfig, Paths } from "../config/index.ts";
import { chooseSnapshotter } from "../store/index.ts";
import { SystemService } from "./system.ts";

export type { EngineInfo, EngineVersion } from "./system.ts";
export { SystemService } from "./system.ts";

/** The engine: every use case the API and the CLI reach through the daemon. */
export interface Engine {
  system: SystemService;
}

/** Build the engine for a daemon: choose drivers (snapshotter, …) and wire the services. */
export async function createEngine(opts: { paths: Paths; config: DaemonConfig }): Promise<Engine> {
  const rootless = process.getuid?.() !== 0;
  const snapshotter = chooseSnapshotter({ dataRoot: opts.paths.dataRoot, preferred: opts.config.storageDriver, rootless });
  return { system: new SystemService(opts.paths, opts.config, snapshotter) };
}
