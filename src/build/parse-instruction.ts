/**
 * Second pass: one line node to a typed instruction, with Docker's checks and messages
 * (argument counts, accepted flags, stage names, JSON-only SHELL, ONBUILD triggers).
 */
import type {
  ArgDefinition,
  CommandForm,
  Flags,
  FromInstruction,
  Instruction,
  InstructionKind,
  KeyValue,
  OnbuildInstruction,
} from "./instructions.ts";
import { parseFlags, type FlagKind } from "./builder-flags.ts";
import type { LineNode } from "./dockerfile-lines.ts";
import { parseHealthcheck } from "./parse-healthcheck.ts";
import { parseCopyLike } from "./parse-copy.ts";
import { checkRunMount } from "./run-mount.ts";
import { withSuggestion } from "./suggest.ts";
import { goTrimSpace } from "./line-args.ts";
import { chompHeredocs } from "./chomp-heredocs.ts";
import { InstructionError } from "./instruction-error.ts";


export const instructionNames: readonly InstructionKind[] = [
  "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
  "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
];

const stageNamePattern = /^[a-z][a-z0-9-_.]*$/;

const runFlags: Record<string, FlagKind> = { mount: "strings", network: "string", security: "string", device: "strings" };

export function parseInstruction(node: LineNode): Instruction {
  const kind = node.command.toUpperCase() as InstructionKind;
  if (!instructionNames.includes(kind)) {
    throw new InstructionError(withSuggestion(`unknown instruction: ${node.command}`, node.command, instructionNames, false));
  }
  const base = <K extends InstructionKind>(k: K, flags: Flags = {}) => ({
    kind: k,
    line: node.line,
    endLine: node.endLine,
    original: goTrimSpace(node.original),
    flags,
  });
  const args = node.args;
  const noFlags = (): Flags => parseFlags(node.flags, {});
  const exactlyOne = (name: string): string => {
    if (args.length !== 1) throw new InstructionError(`${name} requires exactly one argument`);
    return args[0]!;
  };
  const atLeastOne = (name: string): void => {
    if (args.length === 0) throw new InstructionError(`${name} requires at least one argument`);
  };

  switch (kind) {
    case "FROM":
      return parseFrom(node);
    case "RUN": {
      const flags = parseFlags(node.flags, runFlags);
      const network = (flags.network as string | undefined) ?? "default";
      if (!["default", "none", "host"].includes(network)) throw new InstructionError(`invalid network mode "${network}"`);
      const security = (flags.security as string | undefined) ?? "sandbox";
      if (!["insecure", "sandbox"].includes(security)) throw new InstructionError(`security "${security}" is not valid`);
      const mounts = (flags.mount as string[] | undefined) ?? [];
      for (const mount of mounts) checkRunMount(mount);
      return {
        ...base("RUN", flags),
        ...commandForm(node),
        heredocs: chompHeredocs(node.heredocs),
        mounts: [...mounts],
        network: network as "default" | "none" | "host",
        security: security as "sandbox" | "insecure",
        devices: [...((flags.device as string[] | undefined) ?? [])],
      };
    }
    case "CMD":
      return { ...base("CMD", noFlags()), ...commandForm(node) };
    case "ENTRYPOINT":
      return { ...base("ENTRYPOINT", noFlags()), ...commandForm(node) };
    case "SHELL": {
      const flags = noFlags();
      if (args.length === 0) throw new InstructionError("SHELL requires at least one argument");
      if (!node.json) throw new InstructionError("SHELL requires the arguments to be in JSON form");
      return { ...base("SHELL", flags), form: "exec", args: [...args] };
    }
    case "COPY":
    case "ADD":
      return parseCopyLike(node, kind, base(kind));
    case "ENV":
    case "LABEL": {
      const flags = noFlags();
      const pairs = node.pairs ?? [];
      if (pairs.length === 0) throw new InstructionError(`${kind} requires at least one argument`);
      if (pairs.some(([key]) => key === "")) throw new InstructionError(`${kind} names can not be blank`);
      const kv: KeyValue[] = pairs.map(([k, v]) => [k, v]);
      return kind === "ENV" ? { ...base("ENV", flags), pairs: kv } : { ...base("LABEL", flags), pairs: kv };
    }
    case "ARG": {
      // Docker does not check ARG's flags (it ignores them); neither do we.
      atLeastOne("ARG");
      const defs: ArgDefinition[] = args.map((word) => {
        const eq = word.indexOf("=");
        if (eq < 0) return { name: word };
        if (eq === 0) throw new InstructionError("ARG names can not be blank");
        return { name: word.slice(0, eq), default: word.slice(eq + 1) };
      });
      return { ...base("ARG"), args: defs };
    }
    case "EXPOSE": {
      atLeastOne("EXPOSE");
      const flags = noFlags();
      return { ...base("EXPOSE", flags), ports: [...args].sort() };
    }
    case "VOLUME": {
      atLeastOne("VOLUME");
      const flags = noFlags();
      const paths = args.map((p) => p.trim());
      if (paths.some((p) => p === "")) throw new InstructionError("VOLUME specified can not be an empty string");
      return { ...base("VOLUME", flags), paths };
    }
    case "USER": {
      const user = exactlyOne("USER");
      return { ...base("USER", noFlags()), user };
    }
    case "WORKDIR": {
      const path = exactlyOne("WORKDIR");
      return { ...base("WORKDIR", noFlags()), path };
    }
    case "STOPSIGNAL":
      // Docker does not check STOPSIGNAL's flags either.
      return { ...base("STOPSIGNAL"), signal: exactlyOne("STOPSIGNAL") };
    case "MAINTAINER": {
      const maintainer = exactlyOne("MAINTAINER");
      return { ...base("MAINTAINER", noFlags()), maintainer };
    }
    case "HEALTHCHECK":
      return parseHealthcheck(node, base("HEALTHCHECK"));
    case "ONBUILD":
      return parseOnbuild(node, base("ONBUILD", {}));
  }
}

function parseFrom(node: LineNode): FromInstruction {
  const args = node.args;
  let stageName: string | undefined;
  if (args.length === 3 && args[1]!.toLowerCase() === "as") {
    stageName = args[2]!.toLowerCase();
    if (!stageNamePattern.test(stageName)) {
      throw new InstructionError(`invalid name for build stage: "${args[2]}", name can't start with a number or contain symbols`);
    }
  } else if (args.length !== 1) {
    throw new InstructionError("FROM requires either one or three arguments");
  }
  const flags = parseFlags(node.flags, { platform: "string" });
  const from: FromInstruction = {
    kind: "FROM",
    line: node.line,
    endLine: node.endLine,
    original: goTrimSpace(node.original),
    flags,
    image: args[0]!,
  };
  if (stageName !== undefined) from.stageName = stageName;
  if (typeof flags.platform === "string" && flags.platform !== "") from.platform = flags.platform;
  return from;
}

function parseOnbuild(node: LineNode, base: Omit<OnbuildInstruction, "trigger">): OnbuildInstruction {
  if (node.args.length === 0 || !node.sub) throw new InstructionError("ONBUILD requires at least one argument");
  parseFlags(node.flags, {});
  const name = node.args[0]!.trim().toUpperCase();
  if (name === "ONBUILD") throw new InstructionError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  if (name === "MAINTAINER" || name === "FROM") throw new InstructionError(`${name} isn't allowed as an ONBUILD trigger`);
  // Like Docker, the trigger itself is only checked when a build runs it (parseTriggers).
  let trigger = node.original.replace(/^\s*ONBUILD\s*/i, "");
  for (const heredoc of node.heredocs) trigger += "\n" + heredoc.content + heredoc.name;
  return { ...base, trigger };
}

/** RUN/CMD/ENTRYPOINT: the exec form when the arguments were a JSON array, else the shell form. */
function commandForm(node: LineNode): CommandForm {
  if (node.json) return { form: "exec", args: [...node.args] };
  return { form: "shell", command: node.args.join(" ") };
}
