import { lex, TemplateParseError, type Token } from "./lexer.ts";

/** The parse tree of a template, as Go's text/template/parse builds it. */
export type Node =
  | { kind: "text"; text: string; pos: number }
  | { kind: "action"; pipe: Pipe; pos: number }
  | { kind: "if" | "with" | "range"; pipe: Pipe; list: Node[]; elseList: Node[] | null; pos: number }
  | { kind: "break" | "continue"; pos: number };

export interface Pipe {
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
  pos: number;
  src: string;
}

export interface Command {
  args: Arg[];
  pos: number;
  src: string;
}

export type Arg =
  | { kind: "field"; idents: string[]; pos: number; src: string }
  | { kind: "variable"; name: string; idents: string[]; pos: number; src: string }
  | { kind: "chain"; node: Arg; idents: string[]; pos: number; src: string }
  | { kind: "dot"; pos: number; src: string }
  | { kind: "nil"; pos: number; src: string }
  | { kind: "bool"; value: boolean; pos: number; src: string }
  | { kind: "number"; value: number; pos: number; src: string }
  | { kind: "string"; value: string; pos: number; src: string }
  | { kind: "identifier"; name: string; pos: number; src: string }
  | { kind: "pipe"; pipe: Pipe; pos: number; src: string };

export interface Tree {
  root: Node[];
  text: string;
  name: string;
}

/** Go's strconv.Unquote for "…", `…` and '…' literals. */
export function unquote(lit: string): string {
  if (lit.startsWith("`")) return lit.slice(1, -1);
  const body = lit.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", "\\": "\\", '"': '"', "'": "'" };
    if (e.length === 1) {
      if (simple[e] === undefined) throw new Error("invalid syntax");
      return simple[e]!;
    }
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return String.fromCodePoint(parseInt(e.slice(1), 16));
  });
}

/** Parse `text` with the given function names known (unknown ones are a parse error, as in Go). */
export function parse(text: string, funcs: Set<string>, name = ""): Tree {
  const tokens = lex(text, name);
  let i = 0;
  const vars: string[] = ["$"];
  const fail = (msg: string, tok: Token = tokens[i] ?? tokens[tokens.length - 1]!): never => {
    throw new TemplateParseError(`template: ${name}:${tok.line}: ${msg}`);
  };
  const check = (t: Token) => {
    if (t.type === "error") throw new TemplateParseError(t.value);
    return t;
  };
  const peek = () => check(tokens[i]!);
  const next = () => check(tokens[i++]!);
  const peekNonSpace = () => {
    while (tokens[i]!.type === "space") i++;
    return check(tokens[i]!);
  };
  const nextNonSpace = () => {
    peekNonSpace();
    return next();
  };
  const describe = (t: Token) => (t.type === "eof" ? "EOF" : t.type === "right" ? "}}" : t.type === "left" ? "{{" : JSON.stringify(t.value).replace(/^"(.*)"$/, (_, v) => `"${v}"`));

  function list(context: string, inLoop: boolean): { nodes: Node[]; end: "end" | "else" } {
    const nodes: Node[] = [];
    for (;;) {
      const t = peek();
      if (t.type === "eof") {
        if (context) fail(`unexpected EOF`, t);
        return { nodes, end: "end" };
      }
      if (t.type === "text") {
        nodes.push({ kind: "text", text: next().value, pos: t.pos });
        continue;
      }
      // An action: look at the keyword after {{.
      const save = i;
      next();
      const kw = peekNonSpace();
      if (kw.type === "keyword" && (kw.value === "end" || kw.value === "else")) {
        if (!context) fail(`unexpected {{${kw.value}}}`, kw);
        next();
        if (kw.value === "end") {
          if (nextNonSpace().type !== "right") fail(`unexpected ${describe(tokens[i - 1]!)} in end`, tokens[i - 1]);
          return { nodes, end: "end" };
        }
        return { nodes, end: "else" };
      }
      i = save;
      nodes.push(action(inLoop));
    }
  }

  function action(inLoop: boolean): Node {
    const left = next();
    const t = peekNonSpace();
    if (t.type === "keyword") {
      next();
      switch (t.value) {
        case "if":
        case "with":
        case "range":
          return control(t.value, left.pos, inLoop);
        case "break":
        case "continue":
          if (!inLoop) fail(`{{${t.value}}} outside {{range}}`, t);
          if (nextNonSpace().type !== "right") fail(`unexpected ${describe(tokens[i - 1]!)} in {{${t.value}}}`);
          return { kind: t.value, pos: t.pos };
        default:
          fail(`{{${t.value}}} is not supported`, t);
      }
    }
    const p = pipeline("command", "right");
    return { kind: "action", pipe: p, pos: left.pos };
  }

  function control(kind: "if" | "with" | "range", pos: number, inLoop: boolean): Node {
    const mark = vars.length;
    const p = pipeline(kind, "right");
    const body = list(kind, kind === "range" || inLoop);
    let elseList: Node[] | null = null;
    if (body.end === "else") {
      const t = peekNonSpace();
      // {{else if …}} and {{else with …}}: a nested control that shares our {{end}}.
      if (t.type === "keyword" && (t.value === "if" || t.value === "with") && kind !== "range") {
        next();
        elseList = [control(t.value, t.pos, inLoop)];
      } else {
        if (nextNonSpace().type !== "right") fail(`unexpected ${describe(tokens[i - 1]!)} in else`, tokens[i - 1]);
        const rest = list(kind, inLoop);
        if (rest.end === "else") fail(`expected end; found {{else}}`);
        elseList = rest.nodes;
      }
    }
    vars.length = mark;
    return { kind, pipe: p, list: body.nodes, elseList, pos };
  }

  function pipeline(context: string, end: "right" | "rightParen"): Pipe {
    const start = peekNonSpace();
    const decl: string[] = [];
    let isAssign = false;
    // $x := …, $x = …, $i, $v := … (range only).
    const save = i;
    if (start.type === "variable") {
      next();
      const t = peekNonSpace();
      if (t.type === "declare" || t.type === "assign") {
        next();
        decl.push(start.value);
        isAssign = t.type === "assign";
        if (isAssign && !vars.includes(start.value)) fail(`undefined variable "${start.value}"`, start);
      } else if (t.type === "comma" && context === "range") {
        next();
        const second = nextNonSpace();
        if (second.type !== "variable") fail(`range can only initialize variables`, second);
        const op = nextNonSpace();
        if (op.type !== "declare" && op.type !== "assign") fail(`expected := or = in range`, op);
        decl.push(start.value, second.value);
        isAssign = op.type === "assign";
      } else if (t.type === "comma") {
        fail(`too many declarations in ${context}`, t);
      } else i = save;
    }
    const cmds: Command[] = [];
    for (;;) {
      const t = peekNonSpace();
      if (t.type === (end === "right" ? "right" : "rightParen")) {
        next();
        break;
      }
      if (t.type === "eof" || t.type === "right" || t.type === "rightParen") fail(`unexpected ${describe(t)} in ${end === "right" ? context : "parenthesized pipeline"}`, t);
      cmds.push(command());
      const after = peekNonSpace();
      if (after.type === "pipe") {
        next();
        if (peekNonSpace().type === (end === "right" ? "right" : "rightParen")) fail(`missing command`, after);
      }
    }
    if (!cmds.length) fail(`missing value for ${context}`, start);
    if (!isAssign) vars.push(...decl);
    const last = tokens[i - 1]!;
    return { decl, isAssign, cmds, pos: start.pos, src: text.slice(start.pos, last.pos).trim() };
  }

  function command(): Command {
    const args: Arg[] = [];
    const start = peekNonSpace();
    for (;;) {
      peekNonSpace();
      const op = operand();
      if (op) args.push(op);
      const t = peek();
      if (t.type === "space") {
        peekNonSpace();
        continue;
      }
      if (t.type === "right" || t.type === "rightParen" || t.type === "pipe") break;
      if (t.type === "eof") fail("unexpected EOF", t);
      fail(`unexpected ${describe(t)} in operand`, t);
    }
    if (!args.length) fail("empty command", start);
    const end = tokens[i]!;
    return { args, pos: start.pos, src: text.slice(start.pos, end.pos).trim() };
  }

  function operand(): Arg | null {
    const node = term();
    if (!node) return null;
    if (peek().type !== "field") return node;
    // As in Go's parser, a chain is placed at its second part (errors report that column).
    const pos = peek().pos;
    const idents: string[] = [];
    while (peek().type === "field") idents.push(next().value.slice(1));
    const src = text.slice(node.pos, tokens[i]!.pos);
    if (node.kind === "field") return { ...node, idents: [...node.idents, ...idents], src, pos };
    if (node.kind === "variable") return { ...node, idents: [...node.idents, ...idents], src, pos };
    if (node.kind === "bool" || node.kind === "string" || node.kind === "number" || node.kind === "nil" || node.kind === "dot") fail(`unexpected . after term ${JSON.stringify(node.src)}`);
    return { kind: "chain", node, idents, pos, src };
  }

  function term(): Arg | null {
    const t = peek();
    const base = { pos: t.pos, src: t.value };
    switch (t.type) {
      case "identifier":
        next();
        if (!funcs.has(t.value)) fail(`function ${JSON.stringify(t.value)} not defined`, t);
        return { kind: "identifier", name: t.value, ...base };
      case "dot":
        next();
        return { kind: "dot", ...base };
      case "nil":
        next();
        return { kind: "nil", ...base };
      case "variable":
        next();
        if (!vars.includes(t.value)) fail(`undefined variable "${t.value}"`, t);
        return { kind: "variable", name: t.value, idents: [], ...base };
      case "field":
        next();
        return { kind: "field", idents: [t.value.slice(1)], ...base };
      case "bool":
        next();
        return { kind: "bool", value: t.value === "true", ...base };
      case "number":
        next();
        return { kind: "number", value: parseNumber(t), ...base };
      case "char":
        next();
        return { kind: "number", value: unquoteOr(t).codePointAt(0)!, ...base };
      case "string":
      case "rawString":
        next();
        return { kind: "string", value: unquoteOr(t), ...base };
      case "leftParen": {
        next();
        const p = pipeline("parenthesized pipeline", "rightParen");
        return { kind: "pipe", pipe: p, pos: t.pos, src: text.slice(t.pos, tokens[i - 1]!.pos + 1) };
      }
      default:
        return null;
    }
  }

  function unquoteOr(t: Token): string {
    try {
      return unquote(t.value);
    } catch {
      return fail(`invalid syntax: ${t.value}`, t);
    }
  }

  function parseNumber(t: Token): number {
    const s = t.value.replace(/_/g, "");
    const n = /^[+-]?0[xXbBoO]/.test(s) ? (s.startsWith("-") ? -Number(s.slice(1)) : Number(s.replace(/^\+/, ""))) : Number(s);
    if (Number.isNaN(n)) fail(`illegal number syntax: ${JSON.stringify(t.value)}`, t);
    return n;
  }

  const root = list("", false);
  return { root: root.nodes, text, name };
}
