/**
 * Finds every module reference in one source file, with its line and whether it is type-only.
 *
 * TypeScript's own parser (already a devDependency, for tsc) gives the syntax tree, the lines and
 * the type-only flags. Bun.Transpiler then cross-checks the result: its scanImports lists exactly
 * the references that survive transpiling, i.e. the value imports, and drops the type-only ones.
 * If the two disagree about which references are values, that is reported as a problem, so a
 * misclassified import cannot slip past the import rules.
 */
import ts from "typescript";

export type ImportKind = "import" | "export-from" | "dynamic-import" | "require" | "type-import";

export interface ImportRef {
  /** The string as written, e.g. "../store/index.ts". */
  specifier: string;
  /** 1-based line of the specifier. */
  line: number;
  kind: ImportKind;
  /** Erased at runtime: `import type`, `export type … from`, all-`type` braces, `import("x").T` in a type, or any import in a .d.ts. */
  typeOnly: boolean;
}

export interface ScannedFile {
  imports: ImportRef[];
  /** Things the scanner could not vouch for (computed specifiers, parse errors, disagreement with Bun). */
  problems: { line?: number; message: string }[];
}

export function scanImports(path: string, source: string): ScannedFile {
  const kind = path.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, kind);
  const declarationFile = sf.isDeclarationFile;
  const imports: ImportRef[] = [];
  const problems: ScannedFile["problems"] = [];
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;

  const add = (spec: ts.Node, importKind: ImportKind, typeOnly: boolean) => {
    if (!ts.isStringLiteral(spec) && !ts.isNoSubstitutionTemplateLiteral(spec)) {
      problems.push({ line: lineOf(spec), message: `${importKind} with a computed specifier cannot be checked` });
      return;
    }
    imports.push({ specifier: spec.text, line: lineOf(spec), kind: importKind, typeOnly: typeOnly || declarationFile });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allTypeSpecifiers =
        clause !== undefined &&
        clause.name === undefined &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, "import", clause?.isTypeOnly === true || allTypeSpecifiers);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const named = node.exportClause;
      const allTypeSpecifiers =
        named !== undefined && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, "export-from", node.isTypeOnly || allTypeSpecifiers);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, "require", node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      if (isDynamicImport || isRequire) {
        const arg = node.arguments[0];
        if (arg) add(arg, isDynamicImport ? "dynamic-import" : "require", false);
        else problems.push({ line: lineOf(node), message: "import()/require() without an argument" });
      }
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg)) add(arg.literal, "type-import", true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);

  if (!declarationFile) crossCheckWithBun(path, source, imports, problems);
  return { imports, problems };
}

function crossCheckWithBun(path: string, source: string, imports: ImportRef[], problems: ScannedFile["problems"]): void {
  let bunValues: Set<string>;
  try {
    const transpiler = new Bun.Transpiler({ loader: path.endsWith("x") ? "tsx" : "ts" });
    // Bun.Transpiler rejects a leading "#!" line (Bun's runtime strips it first): blank it, keeping lines.
    const code = source.startsWith("#!") ? source.replace(/^#![^\n]*/, "") : source;
    bunValues = new Set(transpiler.scanImports(code).map((i) => i.path));
  } catch (err) {
    problems.push({ message: `Bun cannot parse this file: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  const ours = new Set(imports.filter((i) => !i.typeOnly).map((i) => i.specifier));
  for (const spec of bunValues) {
    if (!ours.has(spec)) {
      const seen = imports.find((i) => i.specifier === spec);
      problems.push({
        line: seen?.line,
        message: `Bun keeps "${spec}" as a runtime import, but the checker ${seen ? "took it as type-only" : "did not find it"}`,
      });
    }
  }
  for (const spec of ours) {
    if (!bunValues.has(spec)) {
      problems.push({
        line: imports.find((i) => i.specifier === spec)?.line,
        message: `the checker took "${spec}" as a runtime import, but Bun erases it`,
      });
    }
  }
}
