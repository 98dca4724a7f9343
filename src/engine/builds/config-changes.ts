import { posix } from "node:path";
import { parseDockerfile, expandWord } from "../../build/index.ts";
import type { ContainerDefaults } from "../../image/index.ts";
import { InvalidArgument, messageOf } from "../../lib/index.ts";
import { applyConfigInstruction } from "./config-instructions.ts";
import { StageState } from "./stage-state.ts";

/** The instructions `commit --change` and `import --change` accept (Docker's list). */
const changeKinds = ["CMD", "ENTRYPOINT", "ENV", "EXPOSE", "HEALTHCHECK", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"];

/**
 * Dockerfile instructions applied to an image config, as `docker commit --change` and
 * `docker import --change` apply them: each change is one instruction, parsed as a Dockerfile
 * line; anything that is not a configuration instruction is refused with Docker's message.
 */
export function applyConfigChanges(config: ContainerDefaults, changes: string[]): ContainerDefaults {
  if (!changes.length) return config;
  const state = new StageState(null, config);
  for (const change of changes) {
    let parsed;
    try {
      parsed = parseDockerfile(`FROM scratch\n${change}\n`);
    } catch (err) {
      throw new InvalidArgument(`invalid change ${JSON.stringify(change)}: ${messageOf(err).replace(/^dockerfile parse error on line \d+: /, "")}`);
    }
    const instructions = parsed.stages[0]?.instructions ?? [];
    if (instructions.length !== 1) throw new InvalidArgument(`invalid change ${JSON.stringify(change)}: want one instruction`);
    const ins = instructions[0]!;
    if (!changeKinds.includes(ins.kind)) throw new InvalidArgument(`${ins.kind} is not a valid change command`);
    if (ins.kind === "WORKDIR") state.config.WorkingDir = posix.resolve(state.config.WorkingDir || "/", expandWord(ins.path, state.lookup(), "\\"));
    else applyConfigInstruction(state, ins, "\\");
  }
  return state.config;
}
