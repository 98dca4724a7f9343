/**
 * parseDockerfile: text → directives, meta ARGs and stages, with Docker's parse errors
 * ("dockerfile parse error on line 3: unknown instruction: RUNN (did you mean RUN?)").
 */
import type { ArgInstruction, Dockerfile, Instruction, Stage } from "./instructions.ts";
import { DockerfileSyntaxError } from "./dockerfile-syntax-error.ts";
import { LineError, readDockerfileLines, type DockerfileLines } from "./dockerfile-lines.ts";
import { InstructionError } from "./instruction-error.ts";
import { FlagError } from "./builder-flags.ts";
import { parseInstruction } from "./parse-instruction.ts";

/** Parses a Dockerfile; throws DockerfileSyntaxError naming the line and the instruction. */
export function parseDockerfile(text: string): Dockerfile {
  const lines = readLines(text);
  const metaArgs: ArgInstruction[] = [];
  const stages: Stage[] = [];
  const names = new Set<string>();
  for (const node of lines.nodes) {
    const instruction = toInstruction(node);
    if (instruction.kind === "FROM") {
      if (instruction.stageName !== undefined) {
        if (names.has(instruction.stageName)) {
          throw new DockerfileSyntaxError(node.line, `${instruction.stageName} stage name already used`, node.command);
        }
        names.add(instruction.stageName);
      }
      const stage: Stage = { index: stages.length, from: instruction, instructions: [] };
      if (instruction.stageName !== undefined) stage.name = instruction.stageName;
      stages.push(stage);
      continue;
    }
    const current = stages[stages.length - 1];
    if (!current) {
      if (instruction.kind === "ARG") {
        metaArgs.push(instruction);
        continue;
      }
      throw new DockerfileSyntaxError(node.line, "no build stage in current context", node.command);
    }
    current.instructions.push(instruction);
  }
  if (stages.length === 0) {
    const last = lines.nodes[lines.nodes.length - 1]!;
    throw new DockerfileSyntaxError(last.line, "no build stage in current context", last.command);
  }
  const directives: Dockerfile["directives"] = { escape: lines.escape };
  if (lines.directives.syntax !== undefined) directives.syntax = lines.directives.syntax;
  if (lines.directives.check !== undefined) directives.check = lines.directives.check;
  return { directives, metaArgs, stages, warnings: lines.warnings };
}

/**
 * ONBUILD triggers of a base image (its config's OnBuild list), parsed as the instructions a
 * build runs right after FROM. Like Docker, ONBUILD, FROM and MAINTAINER are refused here.
 */
export function parseTriggers(triggers: readonly string[], escape = "\\"): Instruction[] {
  if (triggers.length === 0) return [];
  const prefix = escape === "\\" ? "" : `# escape=${escape}\n`;
  const offset = prefix === "" ? 0 : 1;
  const lines = readLines(prefix + triggers.join("\n"));
  return lines.nodes.map((node) => {
    const instruction = toInstruction({ ...node, line: node.line - offset, endLine: node.endLine - offset });
    if (instruction.kind === "ONBUILD" || instruction.kind === "FROM" || instruction.kind === "MAINTAINER") {
      throw new DockerfileSyntaxError(node.line - offset, `${instruction.kind} isn't allowed as an ONBUILD trigger`, node.command);
    }
    return instruction;
  });
}

function readLines(text: string): DockerfileLines {
  try {
    return readDockerfileLines(text);
  } catch (err) {
    if (err instanceof LineError) throw new DockerfileSyntaxError(err.line, err.message, err.command);
    throw err;
  }
}

function toInstruction(node: DockerfileLines["nodes"][number]): Instruction {
  try {
    return parseInstruction(node);
  } catch (err) {
    if (err instanceof InstructionError || err instanceof FlagError) {
      throw new DockerfileSyntaxError(node.line, err.message, node.command);
    }
    throw err;
  }
}
