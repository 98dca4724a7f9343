import type { Arg, Command, Node, Pipe, Tree } from "./parser.ts";
import { GoNilCollection, GoStruct, goPrint, goTypeName, isMap, truth } from "./go-values.ts";
import type { FuncSpec } from "./funcs.ts";

/** A template failed while running: Go's "template: :1:2: executing … at <…>: …". */
export class TemplateExecError extends Error {}

const MISSING = Symbol("missing");
const BREAK = Symbol("break");
const CONTINUE = Symbol("continue");

class Failure extends Error {
  constructor(
    message: string,
    readonly at?: { pos: number; src: string },
  ) {
    super(message);
  }
}

/** Run a parsed template against `data`; returns the text it prints. */
export function execute(tree: Tree, data: unknown, funcs: Record<string, FuncSpec>, opts: { missingKeyError?: boolean } = {}): string {
  const out: string[] = [];
  const vars: { name: string; value: unknown }[] = [{ name: "$", value: data }];
  let at: { pos: number; src: string } = { pos: 0, src: "" };

  const fail = (msg: string): never => {
    throw new Failure(msg, at);
  };

  function walk(dot: unknown, nodes: Node[]): void {
    for (const node of nodes) {
      switch (node.kind) {
        case "text":
          out.push(node.text);
          break;
        case "action": {
          const v = pipeline(dot, node.pipe);
          if (!node.pipe.decl.length) out.push(goPrint(v));
          break;
        }
        case "if":
        case "with": {
          const mark = vars.length;
          const v = pipeline(dot, node.pipe);
          if (truth(v)) walk(node.kind === "with" ? v : dot, node.list);
          else if (node.elseList) walk(dot, node.elseList);
          vars.length = mark;
          break;
        }
        case "range":
          range(dot, node);
          break;
        case "break":
          throw BREAK;
        case "continue":
          throw CONTINUE;
      }
    }
  }

  function range(dot: unknown, node: Extract<Node, { kind: "if" | "with" | "range" }>): void {
    const mark = vars.length;
    const v = pipeline(dot, node.pipe);
    const pipe = node.pipe;
    let entries: [unknown, unknown][];
    if (v === undefined || v === null || v instanceof GoNilCollection) entries = [];
    else if (Array.isArray(v)) entries = v.map((e, i) => [i, e]);
    else if (typeof v === "number" && Number.isInteger(v)) entries = Array.from({ length: Math.max(0, v) }, (_, i) => [i, i]);
    else if (isMap(v)) entries = Object.keys(v).sort().map((k) => [k, v[k]]);
    else {
      at = { pos: pipe.pos, src: pipe.src };
      return fail(`range can't iterate over ${goPrint(v)}`);
    }
    if (!entries.length) {
      vars.length = mark;
      if (node.elseList) walk(dot, node.elseList);
      return;
    }
    for (const [key, elem] of entries) {
      const inner = vars.length;
      if (pipe.decl.length === 1) setVar(pipe.decl[0]!, typeof v === "number" ? key : elem, pipe.isAssign);
      if (pipe.decl.length === 2) {
        setVar(pipe.decl[0]!, key, pipe.isAssign);
        setVar(pipe.decl[1]!, elem, pipe.isAssign);
      }
      try {
        walk(elem, node.list);
      } catch (err) {
        if (err === BREAK) break;
        if (err !== CONTINUE) throw err;
      } finally {
        vars.length = Math.max(inner, mark);
      }
    }
    vars.length = mark;
  }

  function setVar(name: string, value: unknown, assign: boolean): void {
    if (assign) {
      for (let i = vars.length - 1; i >= 0; i--) {
        if (vars[i]!.name === name) {
          vars[i]!.value = value;
          return;
        }
      }
      fail(`undefined variable: ${name}`);
    }
    vars.push({ name, value });
  }

  function varValue(name: string): unknown {
    for (let i = vars.length - 1; i >= 0; i--) if (vars[i]!.name === name) return vars[i]!.value;
    return fail(`undefined variable: ${name}`);
  }

  function pipeline(dot: unknown, pipe: Pipe): unknown {
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) value = command(dot, cmd, value);
    if (pipe.decl.length) setVar(pipe.decl[0]!, value, pipe.isAssign);
    return value;
  }

  function command(dot: unknown, cmd: Command, final: unknown): unknown {
    const first = cmd.args[0]!;
    at = { pos: first.pos, src: first.src };
    switch (first.kind) {
      case "field":
        return fieldChain(dot, dot, first, first.idents, cmd.args, final);
      case "chain": {
        const base = arg(dot, first.node);
        at = { pos: first.pos, src: first.src };
        return fieldChain(dot, base, first, first.idents, cmd.args, final);
      }
      case "variable": {
        const value = varValue(first.name);
        if (!first.idents.length) {
          notAFunction(cmd.args, final);
          return value;
        }
        return fieldChain(dot, value, first, first.idents, cmd.args, final);
      }
      case "identifier":
        return call(dot, first.name, cmd, cmd.args.slice(1), final);
      case "nil":
        return fail("nil is not a command");
      default:
        notAFunction(cmd.args, final);
        return arg(dot, first);
    }
  }

  function hasArgsOf(args: Arg[], final: unknown): boolean {
    return args.length > 1 || final !== MISSING;
  }

  function notAFunction(args: Arg[], final: unknown): void {
    if (args.length > 1 || final !== MISSING) fail(`can't give argument to non-function ${args[0]!.src}`);
  }

  function fieldChain(dot: unknown, receiver: unknown, node: Arg, idents: string[], args: Arg[], final: unknown): unknown {
    let r = receiver;
    for (let i = 0; i < idents.length - 1; i++) r = field(dot, idents[i]!, node, [], MISSING, r);
    return field(dot, idents[idents.length - 1]!, node, args, final, r);
  }

  function field(dot: unknown, name: string, node: Arg, args: Arg[], final: unknown, receiver: unknown): unknown {
    at = { pos: node.pos, src: node.src };
    if (receiver === undefined) return undefined;
    if (receiver === null) return fail(`nil pointer evaluating interface {}.${name}`);
    if (receiver instanceof GoNilCollection && receiver.kind === "map") return hasArgsOf(args, final) ? fail(`${name} is not a method but has arguments`) : undefined;
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver instanceof GoStruct) {
      const method = receiver.methods[name];
      if (!method) return fail(`can't evaluate field ${name} in type ${receiver.typeName}`);
      const values = args.slice(1).map((a) => arg(dot, a));
      if (final !== MISSING) values.push(final);
      at = { pos: node.pos, src: node.src };
      if (values.length !== method.length) fail(`wrong number of args for ${name}: want ${method.length} got ${values.length}`);
      return method(...values);
    }
    if (isMap(receiver)) {
      if (hasArgs) fail(`${name} is not a method but has arguments`);
      if (Object.hasOwn(receiver, name)) return receiver[name];
      if (opts.missingKeyError) fail(`map has no entry for key "${name}"`);
      return undefined;
    }
    return fail(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
  }

  function call(dot: unknown, name: string, cmd: Command, args: Arg[], final: unknown): unknown {
    const spec = funcs[name]!;
    at = { pos: cmd.pos, src: cmd.src };
    const count = args.length + (final === MISSING ? 0 : 1);
    const [min, max] = spec.arity;
    if (count < min || (max !== undefined && count > max)) {
      fail(`wrong number of args for ${name}: want ${max === undefined ? `at least ${min}` : min === max ? min : `${min}-${max}`} got ${count}`);
    }
    // and/or stop at the first operand that decides the result, as Go's do.
    if (name === "and" || name === "or") {
      let v: unknown;
      for (const a of args) {
        v = arg(dot, a);
        if (truth(v) !== (name === "and")) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    const values = args.map((a) => arg(dot, a));
    if (final !== MISSING) values.push(final);
    at = { pos: cmd.pos, src: cmd.src };
    for (let i = 0; i < values.length; i++) {
      const want = spec.types?.[Math.min(i, spec.types.length - 1)];
      const v = values[i];
      if (want === "string" && typeof v !== "string") fail(`wrong type for value; expected string; got ${goTypeName(v)}`);
      if (want === "int" && !(typeof v === "number" && Number.isInteger(v))) fail(`wrong type for value; expected int; got ${goTypeName(v)}`);
    }
    try {
      return spec.fn(...values);
    } catch (err) {
      return fail(`error calling ${name}: ${(err as Error).message}`);
    }
  }

  function arg(dot: unknown, a: Arg): unknown {
    switch (a.kind) {
      case "dot":
        return dot;
      case "nil":
        return null;
      case "bool":
      case "number":
      case "string":
        return a.value;
      case "field":
        return fieldChain(dot, dot, a, a.idents, [a], MISSING);
      case "variable": {
        const v = varValue(a.name);
        return a.idents.length ? fieldChain(dot, v, a, a.idents, [a], MISSING) : v;
      }
      case "chain":
        return fieldChain(dot, arg(dot, a.node), a, a.idents, [a], MISSING);
      case "identifier":
        return call(dot, a.name, { args: [a], pos: a.pos, src: a.src }, [], MISSING);
      case "pipe": {
        const mark = vars.length;
        const v = pipeline(dot, a.pipe);
        vars.length = mark;
        return v;
      }
    }
  }

  try {
    walk(data, tree.root);
  } catch (err) {
    if (!(err instanceof Failure)) throw err;
    const before = tree.text.slice(0, err.at?.pos ?? 0);
    const nl = before.lastIndexOf("\n");
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = nl < 0 ? before.length : before.length - nl - 1;
    throw new TemplateExecError(`template: ${tree.name}:${line}:${col}: executing "${tree.name}" at <${err.at?.src ?? ""}>: ${err.message}`);
  }
  return out.join("");
}
