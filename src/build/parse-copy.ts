/** COPY and ADD: flags, sources (paths and heredoc files) and the destination, as Docker checks them. */
import type { AddInstruction, CopyInstruction, Flags, Heredoc } from "./instructions.ts";
import { parseFlags, type FlagKind } from "./builder-flags.ts";
import type { LineNode } from "./dockerfile-lines.ts";
import { parseHeredocWord } from "./heredoc-word.ts";
import { chompHeredocs } from "./chomp-heredocs.ts";
import { InstructionError } from "./instruction-error.ts";

const copyFlags: Record<string, FlagKind> = {
  chown: "string",
  from: "string",
  chmod: "string",
  link: "bool",
  exclude: "strings",
  parents: "bool",
};
const addFlags: Record<string, FlagKind> = {
  chown: "string",
  chmod: "string",
  link: "bool",
  "keep-git-dir": "bool",
  checksum: "string",
  unpack: "bool",
  exclude: "strings",
};

interface Base<K> {
  kind: K;
  line: number;
  endLine: number;
  original: string;
  flags: Flags;
}

export function parseCopyLike(node: LineNode, kind: "COPY", base: Base<"COPY">): CopyInstruction;
export function parseCopyLike(node: LineNode, kind: "ADD", base: Base<"ADD">): AddInstruction;
export function parseCopyLike(node: LineNode, kind: "COPY" | "ADD", base: Base<"COPY" | "ADD">): CopyInstruction | AddInstruction;
export function parseCopyLike(node: LineNode, kind: "COPY" | "ADD", base: Base<"COPY" | "ADD">): CopyInstruction | AddInstruction {
  if (node.args.length < 2) {
    throw new InstructionError(`${kind} requires at least two arguments, but only one was provided. Destination could not be determined`);
  }
  const flags = parseFlags(node.flags, kind === "COPY" ? copyFlags : addFlags);
  const dest = node.args[node.args.length - 1]!;
  if (parseHeredocWord(dest)) throw new InstructionError(`${kind} cannot accept a heredoc as a destination`);
  const bodies = new Map(chompHeredocs(node.heredocs).map((h) => [h.name, h]));
  const sources: string[] = [];
  const heredocs: Heredoc[] = [];
  for (const src of node.args.slice(0, -1)) {
    sources.push(src);
    const marker = parseHeredocWord(src);
    if (!marker) continue;
    // A marker without a body (JSON form) gives an empty file, as in Docker.
    const content = bodies.get(marker.name)?.content ?? "";
    heredocs.push({ name: marker.name, content, chomp: marker.chomp, expand: marker.expand });
  }
  const str = (name: string): string | undefined => {
    const v = flags[name];
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const common = {
    flags,
    sources,
    dest,
    json: node.json,
    heredocs,
    link: flags.link === "true",
    excludes: Array.isArray(flags.exclude) ? [...flags.exclude] : [],
    ...(str("chown") !== undefined ? { chown: str("chown") } : {}),
    ...(str("chmod") !== undefined ? { chmod: str("chmod") } : {}),
  };
  if (kind === "COPY") {
    return {
      ...(base as Base<"COPY">),
      ...common,
      parents: flags.parents === "true",
      ...(str("from") !== undefined ? { from: str("from") } : {}),
    };
  }
  return {
    ...(base as Base<"ADD">),
    ...common,
    ...(str("checksum") !== undefined ? { checksum: str("checksum") } : {}),
    ...("keep-git-dir" in flags ? { keepGitDir: flags["keep-git-dir"] === "true" } : {}),
    ...("unpack" in flags ? { unpack: flags.unpack === "true" } : {}),
  };
}
