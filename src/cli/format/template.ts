import { execute } from "./exec.ts";
import { templateFuncs, type FuncSpec } from "./funcs.ts";
import { parse, type Tree } from "./parser.ts";

/** A parsed Go template with Docker's functions; parse errors throw TemplateParseError. */
export class Template {
  private constructor(
    private readonly tree: Tree,
    private readonly funcs: Record<string, FuncSpec>,
  ) {}

  static parse(text: string, funcs: Record<string, FuncSpec> = templateFuncs, name = ""): Template {
    return new Template(parse(text, new Set(Object.keys(funcs)), name), funcs);
  }

  /** Run it against `data`; execution errors throw TemplateExecError. */
  execute(data: unknown, opts: { missingKeyError?: boolean } = {}): string {
    return execute(this.tree, data, this.funcs, opts);
  }

  /** The same template run with other functions (Docker's header functions). */
  withFuncs(funcs: Record<string, FuncSpec>): Template {
    return new Template(this.tree, funcs);
  }
}
