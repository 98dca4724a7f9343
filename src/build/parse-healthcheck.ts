/** HEALTHCHECK NONE | HEALTHCHECK [--interval ...] CMD command, as Docker checks it. */
import type { Flags, HealthcheckInstruction } from "./instructions.ts";
import { parseFlags } from "./builder-flags.ts";
import type { LineNode } from "./dockerfile-lines.ts";
import { parseGoDuration } from "../lib/index.ts";
import { InstructionError } from "./instruction-error.ts";

interface Base {
  kind: "HEALTHCHECK";
  line: number;
  endLine: number;
  original: string;
  flags: Flags;
}

const millisecond = 1e6;

export function parseHealthcheck(node: LineNode, base: Base): HealthcheckInstruction {
  if (node.args.length === 0) throw new InstructionError("HEALTHCHECK requires at least one argument");
  const type = node.args[0]!.toUpperCase();
  const rest = node.args.slice(1);
  if (type === "NONE") {
    // Docker does not look at the flags of HEALTHCHECK NONE.
    if (rest.length !== 0) throw new InstructionError("HEALTHCHECK NONE takes no arguments");
    return { ...base, healthcheck: { none: true } };
  }
  const flags = parseFlags(node.flags, {
    interval: "string",
    timeout: "string",
    "start-period": "string",
    "start-interval": "string",
    retries: "string",
  });
  if (type !== "CMD") throw new InstructionError(`Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`);
  const command = node.json ? rest : rest.length === 0 ? [] : [rest.join(" ")];
  if (command.length === 0) throw new InstructionError("Missing command after HEALTHCHECK CMD");
  const interval = (name: string): number => {
    const value = flags[name];
    if (typeof value !== "string" || value === "") return 0;
    let ns: number;
    try {
      ns = parseGoDuration(value);
    } catch (err) {
      throw new InstructionError((err as Error).message);
    }
    if (ns === 0) return 0;
    if (ns < millisecond) throw new InstructionError(`Interval ${JSON.stringify(name)} cannot be less than 1ms`);
    return ns;
  };
  const healthcheck = {
    none: false as const,
    test: [node.json ? "CMD" : "CMD-SHELL", ...command],
    interval: interval("interval"),
    timeout: interval("timeout"),
    startPeriod: interval("start-period"),
    startInterval: interval("start-interval"),
    retries: 0,
  };
  const retries = flags.retries;
  if (typeof retries === "string" && retries !== "") {
    if (!/^[+-]?\d+$/.test(retries) || Math.abs(Number(retries)) > 2147483647) {
      throw new InstructionError(`strconv.ParseInt: parsing ${JSON.stringify(retries)}: ${/^[+-]?\d+$/.test(retries) ? "value out of range" : "invalid syntax"}`);
    }
    const n = Number(retries);
    if (n < 0) throw new InstructionError(`--retries cannot be negative (${n})`);
    healthcheck.retries = n;
  }
  return { ...base, flags, healthcheck };
}
