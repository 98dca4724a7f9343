import { NotImplemented, Unavailable } from "../../lib/index.ts";
import type { Route } from "../router.ts";

const notManager = 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';

/**
 * Swarm: Bunker is a node that is not part of a swarm, and answers as such a Docker daemon
 * does (503), so clients that probe or leave a swarm go on. Making a swarm is refused: beyond one
 * machine, Bunker hands over to Kubernetes.
 */
export function swarmRoutes(): Route[] {
  const unavailable = (message: string) => () => {
    throw new Unavailable(message);
  };
  const refuse = () => {
    throw new NotImplemented("swarm mode is not supported: Bunker hands over to Kubernetes (bunker kube) beyond one machine");
  };
  return [
    { method: "GET", path: "/swarm", handler: unavailable(notManager) },
    { method: "POST", path: "/swarm/leave", handler: unavailable("This node is not part of a swarm") },
    { method: "POST", path: "/swarm/init", handler: refuse },
    { method: "POST", path: "/swarm/join", handler: refuse },
    ...["/nodes", "/services", "/tasks", "/secrets", "/configs"].map((path) => ({ method: "GET" as const, path, handler: unavailable(notManager) })),
  ];
}
