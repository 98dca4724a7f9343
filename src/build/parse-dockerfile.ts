import { NotImplemented } from "../lib/index.ts";
import type { Dockerfile } from "./instructions.ts";

/** Parses a Dockerfile into stages of instructions; throws DockerfileSyntaxError. */
export function parseDockerfile(text: string): Dockerfile {
  void text;
  throw new NotImplemented("Dockerfile parser: in progress");
}
