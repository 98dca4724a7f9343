/**
 * The first pass over a Dockerfile, as Docker's parser does it: parser directives at the top,
 * comments, line continuations with the escape character (comment and empty lines inside a
 * continuation are skipped), the command and its flags, the arguments split per instruction,
 * and heredoc bodies. Typed instructions are built from these nodes by parse-instruction.ts.
 */
import type { Heredoc } from "./instructions.ts";
import { heredocMarkersInLine } from "./heredoc-word.ts";
import { LineSyntaxError, goTrimLeftSpace, parseJsonArray, parseNameValue, parseWords, splitCommand, splitWhitespace } from "./line-args.ts";
import { DirectiveReader } from "./parser-directives.ts";

export interface LineNode {
  /** The command word as written (case kept). */
  command: string;
  /** `--flag[=value]` words before the arguments. */
  flags: string[];
  /** Arguments, split the way this instruction splits them. */
  args: string[];
  /** The arguments were a JSON array (exec form). */
  json: boolean;
  /** ENV/LABEL pairs: [key, value, written with "="]. */
  pairs?: [string, string, boolean][];
  /** ONBUILD's trigger. */
  sub?: LineNode;
  /** The line with continuations joined (what "Step N/M :" shows). */
  original: string;
  line: number;
  endLine: number;
  /** Heredoc bodies, raw (tabs not stripped yet). */
  heredocs: Heredoc[];
}

export interface DockerfileLines {
  escape: string;
  directives: Record<string, string>;
  nodes: LineNode[];
  /** "Empty continuation line found in: ..." and the like, as Docker warns. */
  warnings: string[];
}

/** A syntax error at a line (1-based). */
export class LineError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** Splits the text into lines that keep their line endings. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) {
      if (start < text.length) lines.push(text.slice(start));
      return lines;
    }
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
}

const trimNewline = (s: string): string => s.replace(/[\r\n]+$/, "");
const trimLeadingSpace = goTrimLeftSpace;
const isComment = (s: string): boolean => trimLeadingSpace(s).startsWith("#");

export function readDockerfileLines(text: string): DockerfileLines {
  const lines = splitLines(text.startsWith("\ufeff") ? text.slice(1) : text);
  const directives = new DirectiveReader();
  const nodes: LineNode[] = [];
  const warnings: string[] = [];
  let index = 0; // next line to read
  let current = 0; // 1-based number of the last line read

  /** Trims the line ending (and leading space for a first line), notes directives, drops comments. */
  const processLine = (raw: string, first: boolean): string => {
    let token = trimNewline(raw);
    if (first) token = trimLeadingSpace(token);
    try {
      directives.readLine(token);
    } catch (err) {
      // Docker reports this one line early (0-based); the line being read is current + 1.
      throw new LineError((err as Error).message, current + 1);
    }
    return isComment(token) ? "" : token;
  };

  while (index < lines.length) {
    const raw = lines[index++]!;
    let line = processLine(raw, true);
    current++;
    const startLine = current;
    let [content, ended] = trimContinuation(line, directives.escape);
    if (ended && content === "") continue;
    let joined = content;
    let emptyContinuation = false;
    while (!ended && index < lines.length) {
      const next = lines[index++]!;
      line = processLine(next, false);
      current++;
      if (isComment(next)) continue;
      if (trimLeadingSpace(trimNewline(line)) === "") {
        emptyContinuation = true;
        continue;
      }
      [content, ended] = trimContinuation(line, directives.escape);
      joined += content;
    }
    if (emptyContinuation) warnings.push(`Empty continuation line found in: ${joined}`);

    let node: LineNode;
    try {
      node = nodeFromLine(joined, directives.escape);
    } catch (err) {
      if (err instanceof LineSyntaxError) throw new LineError(err.message, startLine, splitCommand(joined, directives.escape).command);
      throw err;
    }
    node.line = startLine;

    const target = node.sub ?? node;
    if (canHoldHeredocs(target) && joined.includes("<<")) {
      for (const marker of heredocMarkersInLine(joined)) {
        let body = "";
        let terminated = false;
        while (index < lines.length) {
          const bodyLine = lines[index++]!;
          current++;
          let candidate = trimNewline(bodyLine);
          if (marker.chomp) candidate = candidate.replace(/^\t+/, "");
          if (candidate === marker.name) {
            terminated = true;
            break;
          }
          body += bodyLine;
        }
        if (!terminated) throw new LineError("unterminated heredoc", startLine, node.command);
        node.heredocs.push({ name: marker.name, content: body, chomp: marker.chomp, expand: marker.expand });
      }
    }
    node.endLine = current;
    nodes.push(node);
  }
  if (nodes.length === 0) throw new LineError("file with no instructions", Math.max(current, 1));
  return { escape: directives.escape, directives: directives.values, nodes, warnings };
}

function canHoldHeredocs(node: LineNode): boolean {
  const cmd = node.command.toLowerCase();
  return (cmd === "run" || cmd === "copy" || cmd === "add") && !node.json;
}

/** Removes a trailing continuation character; returns [line, isEndOfInstruction]. */
function trimContinuation(line: string, escape: string): [string, boolean] {
  // The escape character as the last non-blank character continues the line, unless it is
  // itself escaped by the character before it (Docker's check looks at one character only).
  const m = /[ \t]*$/.exec(line)!;
  const body = line.slice(0, m.index);
  if (!body.endsWith(escape)) return [line, true];
  const beforeEscape = body.slice(0, -escape.length);
  if (beforeEscape === "") return ["", false];
  if (beforeEscape.endsWith(escape)) return [line, true];
  return [beforeEscape, false];
}

/** Splits one joined instruction line into a node (Docker's per-instruction line parsers). */
export function nodeFromLine(line: string, escape: string): LineNode {
  const { command, flags, rest } = splitCommand(line, escape);
  const node: LineNode = { command, flags, args: [], json: false, original: line, line: 0, endLine: 0, heredocs: [] };
  switch (command.toLowerCase()) {
    case "add":
    case "copy":
    case "volume": {
      const json = parseJsonArray(rest);
      if (json) [node.args, node.json] = [json, true];
      else node.args = splitWhitespace(rest);
      break;
    }
    case "cmd":
    case "entrypoint":
    case "run":
    case "shell": {
      if (rest === "") break;
      const json = parseJsonArray(rest);
      if (json) [node.args, node.json] = [json, true];
      else node.args = [rest];
      break;
    }
    case "env":
    case "label":
      node.pairs = parseNameValue(rest, command.toLowerCase() === "env" ? "ENV" : "LABEL", escape);
      node.args = node.pairs.flat().map((x) => (typeof x === "boolean" ? (x ? "=" : "") : x));
      break;
    case "arg":
      node.args = parseWords(rest, escape);
      break;
    case "expose":
    case "from":
      node.args = splitWhitespace(rest);
      break;
    case "healthcheck": {
      const m = /[\t\n\v\f\r ]/.exec(rest);
      const type = m ? rest.slice(0, m.index) : rest;
      if (type === "") break;
      const after = m ? rest.slice(m.index).replace(/^[\t\n\v\f\r ]+/, "") : "";
      node.args = [type];
      if (after !== "") {
        const json = parseJsonArray(after);
        if (json) {
          node.args.push(...json);
          node.json = true;
        } else {
          node.args.push(after);
        }
      }
      break;
    }
    case "maintainer":
    case "stopsignal":
    case "user":
    case "workdir":
      if (rest !== "") node.args = [rest];
      break;
    case "onbuild":
      if (rest !== "") {
        node.sub = nodeFromLine(rest, escape);
        node.args = [node.sub.command, ...node.sub.args];
      }
      break;
    default:
      // Unknown instructions are reported by the second pass, after the whole file was read.
      break;
  }
  return node;
}
