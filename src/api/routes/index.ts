import type { Engine } from "../../engine/index.ts";
import type { Route } from "../router.ts";
import { systemRoutes } from "./system.ts";
import { containerRoutes } from "./containers.ts";
import { containerStreamRoutes } from "./container-streams.ts";
import { execRoutes } from "./exec.ts";
import { imageRoutes } from "./images.ts";
import { volumeRoutes } from "./volumes.ts";
import { containerArchiveRoutes } from "./container-archive.ts";
import { containerResourceRoutes } from "./container-resources.ts";
import { networkRoutes } from "./networks.ts";
import { eventRoutes } from "./events.ts";
import { buildRoutes } from "./build.ts";
import { swarmRoutes } from "./swarm.ts";

/** Every route of the Docker Engine API that Bunker serves. */
export function apiRoutes(engine: Engine): Route[] {
  return [
    ...systemRoutes(engine), ...containerRoutes(engine), ...containerStreamRoutes(engine), ...execRoutes(engine), ...imageRoutes(engine),
    ...volumeRoutes(engine), ...networkRoutes(engine), ...containerArchiveRoutes(engine), ...containerResourceRoutes(engine), ...eventRoutes(engine),
    ...buildRoutes(engine), ...swarmRoutes(),
  ];
}
