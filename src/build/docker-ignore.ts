/**
 * A .dockerignore file, with Docker's semantics: one pattern a line, `#` comment lines, blank
 * lines skipped, surrounding space trimmed, each pattern cleaned (`./a` and `/a` mean `a`); a path
 * is excluded when it or one of its parent directories matches; `!pattern` re-includes, and the
 * last matching line wins. The Dockerfile and .dockerignore are still sent to the builder even
 * when excluded (the daemon then hides them from COPY/ADD: see `excludedBuildFiles`).
 */
import { cleanPath } from "./clean-path.ts";
import { IgnorePattern } from "./ignore-pattern.ts";

export interface DockerIgnoreOptions {
  /** The Dockerfile's path in the context (default "Dockerfile"); "" when it does not come from the context. */
  dockerfile?: string;
}

export class DockerIgnore {
  /** The patterns as read from the file (cleaned, `!` kept), in order. */
  readonly patterns: readonly string[];
  private readonly fromFile: IgnorePattern[];
  /** The file's patterns plus the exceptions that keep the build files in the context. */
  private readonly forSending: IgnorePattern[];
  private readonly buildFiles: string[];

  /** Throws InvalidArgument for a malformed pattern (`syntax error in pattern`, `illegal exclusion pattern: "!"`). */
  constructor(text: string, options: DockerIgnoreOptions = {}) {
    this.patterns = readPatterns(text);
    this.fromFile = this.patterns.map((p) => new IgnorePattern(p));
    const dockerfile = options.dockerfile ?? "Dockerfile";
    this.buildFiles = [".dockerignore"];
    if (dockerfile !== "") this.buildFiles.push(cleanRelative(dockerfile));
    this.forSending = [...this.fromFile];
    for (const file of this.buildFiles) {
      if (matchAll(this.fromFile, file)) this.forSending.push(new IgnorePattern("!" + file));
    }
  }

  /** Whether `relPath` (relative to the context root, `/`-separated) is left out of the context sent to the builder. */
  ignores(relPath: string): boolean {
    return matchAll(this.forSending, cleanRelative(relPath));
  }

  /** Whether the file's patterns exclude `relPath` (without the build-file exceptions). */
  matches(relPath: string): boolean {
    return matchAll(this.fromFile, cleanRelative(relPath));
  }

  /**
   * Whether a directory that `ignores` may still hold re-included files, so a walker must
   * descend into it (Docker's rule: some `!` pattern starts with `dir/`).
   */
  mayReincludeUnder(dirRelPath: string): boolean {
    const dir = cleanRelative(dirRelPath);
    const dirSlash = dir + "/";
    return this.forSending.some((p) => p.exclusion && (p.pattern + "/").startsWith(dirSlash));
  }

  /**
   * The build files (.dockerignore and the Dockerfile) that the patterns exclude: they are in
   * the context only for the builder's sake and must be removed before COPY/ADD see it.
   */
  excludedBuildFiles(): string[] {
    return this.buildFiles.filter((f) => matchAll(this.fromFile, f));
  }
}

/** Reads the pattern lines of a .dockerignore (Docker's ignorefile rules). */
function readPatterns(text: string): string[] {
  const patterns: string[] = [];
  const body = text.startsWith("\ufeff") ? text.slice(1) : text;
  for (const rawLine of body.split("\n")) {
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (line.startsWith("#")) continue;
    let pattern = line.trim();
    if (pattern === "") continue;
    const invert = pattern.startsWith("!");
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith("/")) pattern = pattern.slice(1);
    }
    patterns.push(invert ? "!" + pattern : pattern);
  }
  return patterns;
}

function cleanRelative(path: string): string {
  let p = cleanPath(path);
  while (p.startsWith("/")) p = p.slice(1);
  return p === "" ? "." : p;
}

/** Docker's MatchesOrParentMatches: the path or any parent directory matches; the last matching pattern decides. */
function matchAll(patterns: readonly IgnorePattern[], file: string): boolean {
  if (file === ".") return false; // the context root itself is never excluded
  const slash = file.lastIndexOf("/");
  const parents = slash < 0 ? [] : file.slice(0, slash).split("/");
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.exclusion !== matched) continue;
    let match = pattern.matches(file);
    for (let i = 0; !match && i < parents.length; i++) {
      match = pattern.matches(parents.slice(0, i + 1).join("/"));
    }
    if (match) matched = !pattern.exclusion;
  }
  return matched;
}
