/**
 * .dockerignore as Docker documents it: Go filepath.Match patterns relative to the context root,
 * `**` for any depth, a path excluded when it or a parent directory matches, `!` exceptions with
 * the last matching line winning, and the Dockerfile and .dockerignore still sent.
 */
import { describe, expect, test } from "bun:test";
import { DockerIgnore } from "../../../src/build/index.ts";
import { InvalidArgument } from "../../../src/lib/index.ts";

describe("reading the file", () => {
  test("comments, blank lines and surrounding space are dropped; patterns are cleaned", () => {
    const ignore = new DockerIgnore(
      "\ufeff# a comment\n\n  *.log  \r\n! important.log\n/abs/path\n./rel\ndir/\na/../b\n #not a comment\n",
    );
    expect(ignore.patterns).toEqual(["*.log", "!important.log", "abs/path", "rel", "dir", "b", "#not a comment"]);
  });

  test("malformed patterns are refused with Docker's messages", () => {
    expect(() => new DockerIgnore("[")).toThrow(InvalidArgument);
    expect(() => new DockerIgnore("a[")).toThrow("syntax error in pattern");
    expect(() => new DockerIgnore("[]a]")).toThrow("syntax error in pattern");
    expect(() => new DockerIgnore("[a-]")).toThrow("syntax error in pattern");
    expect(() => new DockerIgnore("!")).toThrow('illegal exclusion pattern: "!"');
    expect(() => new DockerIgnore("[a-c]\n[^x]\n\\*")).not.toThrow();
  });
});

describe("matching", () => {
  const cases: [patterns: string, path: string, ignored: boolean][] = [
    ["*.log", "x.log", true],
    ["*.log", "sub/x.log", false], // "*" never crosses "/": root level only
    ["*/*.log", "sub/x.log", true],
    ["**/*.log", "a/b/c.log", true],
    ["**/*.log", "c.log", true],
    ["**/node_modules", "node_modules", true],
    ["**/node_modules", "pkg/node_modules/x/y.js", true],
    ["**", "anything/at/all", true],
    ["dir", "dir", true],
    ["dir", "dir/deep/file", true], // a parent directory matches
    ["dir", "dirx", false],
    ["dir/**", "dir/a", true],
    ["dir/**", "dir", false],
    ["a/**/z", "a/z", true],
    ["a/**/z", "a/b/c/z", true],
    ["a/**/z", "b/a/z", false],
    ["file?.txt", "file1.txt", true],
    ["file?.txt", "file10.txt", false],
    ["file?.txt", "file/.txt", false],
    ["[abc].txt", "b.txt", true],
    ["[abc].txt", "d.txt", false],
    ["[^abc].txt", "d.txt", true],
    ["[a-c]x", "bx", true],
    ["\\*.txt", "*.txt", true],
    ["\\*.txt", "a.txt", false],
    ["a.b", "axb", false],
    ["a]b", "a]b", true],
    ["a+(b)", "a+(b)", true],
    ["/abs", "abs", true],
    ["./rel/", "rel/x", true],
    ["x", ".", false], // the context root is never excluded
    ["x", "./x", true],
    ["x", "/x", true],
    // exceptions: the last matching line decides
    ["docs\n!docs/README.md", "docs/a.md", true],
    ["docs\n!docs/README.md", "docs/README.md", false],
    ["*.md\n!README*.md\nREADME-secret.md", "README.md", false],
    ["*.md\n!README*.md\nREADME-secret.md", "README-secret.md", true],
    ["*.md\n!README*.md\nREADME-secret.md", "CHANGES.md", true],
    ["!a.txt\n*.txt", "a.txt", true],
    ["*.txt\n!a.txt", "a.txt", false],
    ["build\n!build/keep\nbuild/keep/tmp", "build/keep/tmp/x", true],
    ["build\n!build/keep\nbuild/keep/tmp", "build/keep/src/x", false],
  ];
  for (const [patterns, path, ignored] of cases) {
    test(`${JSON.stringify(patterns)} ${ignored ? "excludes" : "keeps"} ${path}`, () => {
      const ignore = new DockerIgnore(patterns);
      expect(ignore.ignores(path)).toBe(ignored);
      expect(ignore.matches(path)).toBe(ignored);
    });
  }

  test("no patterns exclude nothing", () => {
    const ignore = new DockerIgnore("");
    expect(ignore.ignores("a")).toBe(false);
    expect(ignore.excludedBuildFiles()).toEqual([]);
  });
});

describe("walking a context", () => {
  test("a directory is walked when an exception may re-include something under it", () => {
    const ignore = new DockerIgnore("docs\nvendor\n!docs/README.md\n!vendor");
    expect(ignore.ignores("docs")).toBe(true);
    expect(ignore.mayReincludeUnder("docs")).toBe(true);
    expect(ignore.ignores("vendor")).toBe(false);
    const plain = new DockerIgnore("node_modules\n!keep.txt");
    expect(plain.ignores("node_modules")).toBe(true);
    expect(plain.mayReincludeUnder("node_modules")).toBe(false);
    expect(plain.mayReincludeUnder("docsx")).toBe(false);
  });

  test("an exception with a wildcard directory does not make the walker descend (Docker's limitation)", () => {
    const ignore = new DockerIgnore("src\n!src/*/keep.go");
    expect(ignore.mayReincludeUnder("src")).toBe(true);
    expect(ignore.ignores("src/a/keep.go")).toBe(false);
    const any = new DockerIgnore("src\n!**/keep.go");
    expect(any.mayReincludeUnder("src")).toBe(false);
  });
});

describe("the Dockerfile and .dockerignore", () => {
  test("are still sent when excluded, and reported so the builder can hide them from COPY", () => {
    const ignore = new DockerIgnore("*");
    expect(ignore.ignores("Dockerfile")).toBe(false);
    expect(ignore.ignores(".dockerignore")).toBe(false);
    expect(ignore.ignores("src")).toBe(true);
    expect(ignore.matches("Dockerfile")).toBe(true);
    expect(ignore.excludedBuildFiles()).toEqual([".dockerignore", "Dockerfile"]);
  });

  test("a Dockerfile elsewhere in the context is kept, and its directory walked", () => {
    const ignore = new DockerIgnore("build\n.dockerignore", { dockerfile: "./build/app.Dockerfile" });
    expect(ignore.ignores("build/app.Dockerfile")).toBe(false);
    expect(ignore.ignores("build/other")).toBe(true);
    expect(ignore.mayReincludeUnder("build")).toBe(true);
    expect(ignore.excludedBuildFiles()).toEqual([".dockerignore", "build/app.Dockerfile"]);
  });

  test("only excluded build files are reported; a Dockerfile from outside the context is not", () => {
    expect(new DockerIgnore("*.log").excludedBuildFiles()).toEqual([]);
    const ignore = new DockerIgnore("*", { dockerfile: "" });
    expect(ignore.ignores("Dockerfile")).toBe(true);
    expect(ignore.excludedBuildFiles()).toEqual([".dockerignore"]);
  });
});
