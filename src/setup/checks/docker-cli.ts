import type { CheckResult } from "../check-result.ts";
import type { SetupFacts } from "../setup-facts.ts";

/** The docker CLI against Bunker: a `bunker` context when docker is installed, else the DOCKER_HOST line. */
export function checkDockerCli(facts: SetupFacts): CheckResult {
  const id = "docker-cli";
  const c = facts.client;
  if (!c) return { id, status: "skip", summary: "checked by bunker setup", fixes: [] };
  const host = `unix://${c.socket}`;
  if (!c.dockerCli) {
    return { id, status: "advice", summary: "no docker CLI on PATH", explanation: "Other Docker clients (compose, SDKs) find Bunker through DOCKER_HOST.", fixes: [{ title: "Point Docker clients at Bunker", steps: [{ kind: "print", text: `export DOCKER_HOST=${host}` }] }] };
  }
  if (c.dockerHost === host) return { id, status: "ok", summary: `DOCKER_HOST is ${host}`, fixes: [] };
  if (c.dockerContext) return { id, status: "ok", summary: `${c.dockerCli} has a "bunker" context (docker --context bunker …, or docker context use bunker)`, fixes: [] };
  return {
    id,
    status: "advice",
    summary: `${c.dockerCli} has no "bunker" context`,
    explanation: "A docker context lets the docker CLI talk to Bunker without exporting DOCKER_HOST.",
    fixes: [{ title: `Create the docker context "bunker" (${host})`, steps: [{ kind: "run", argv: [c.dockerCli, "context", "create", "bunker", "--docker", `host=${host}`], root: false }], note: "use it with `docker context use bunker`, or per command with `docker --context bunker`" }],
  };
}
