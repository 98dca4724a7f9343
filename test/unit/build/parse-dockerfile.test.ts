/**
 * The Dockerfile parser against a corpus: each corpus/NAME.Dockerfile is parsed and compared with
 * corpus/NAME.expected.json (a partial AST: every field written there must match, arrays must
 * have the same length); corpus/errors.json lists Dockerfiles Docker refuses, with the message
 * and line Docker reports.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DockerfileSyntaxError, heredocSourceName, parseDockerfile, parseTriggers } from "../../../src/build/index.ts";
import { InvalidArgument } from "../../../src/lib/index.ts";

const corpus = join(import.meta.dir, "corpus");

describe("Dockerfile corpus", () => {
  const names = readdirSync(corpus)
    .filter((f) => f.endsWith(".Dockerfile"))
    .map((f) => f.slice(0, -".Dockerfile".length))
    .sort();

  test("the corpus is there", () => {
    expect(names.length).toBeGreaterThanOrEqual(9);
  });

  for (const name of names) {
    test(name, () => {
      const text = readFileSync(join(corpus, `${name}.Dockerfile`), "utf8");
      const expected = JSON.parse(readFileSync(join(corpus, `${name}.expected.json`), "utf8"));
      expect(parseDockerfile(text)).toMatchObject(expected);
    });
  }
});

describe("Dockerfiles Docker refuses", () => {
  const cases = JSON.parse(readFileSync(join(corpus, "errors.json"), "utf8")) as {
    dockerfile: string;
    line: number;
    instruction?: string;
    error: string;
  }[];
  for (const c of cases) {
    test(`${JSON.stringify(c.dockerfile)} → ${c.error}`, () => {
      let caught: unknown;
      try {
        parseDockerfile(c.dockerfile);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(DockerfileSyntaxError);
      const err = caught as DockerfileSyntaxError;
      expect(err).toBeInstanceOf(InvalidArgument);
      expect(err.status).toBe(400);
      expect(err.message).toBe(`dockerfile parse error on line ${c.line}: ${c.error}`);
      expect(err.line).toBe(c.line);
      expect(err.detail).toBe(c.error);
      if (c.instruction !== undefined) expect(err.instruction).toBe(c.instruction);
    });
  }
});

describe("details the corpus does not show", () => {
  test("an ARG without a default has no default property, and flags Docker ignores stay ignored", () => {
    const df = parseDockerfile("FROM busybox\nARG --whatever=1 A\nSTOPSIGNAL --x 9\n");
    const [arg, stop] = df.stages[0]!.instructions;
    expect(arg).toMatchObject({ kind: "ARG", args: [{ name: "A" }] });
    expect(arg!.kind === "ARG" && "default" in arg.args[0]!).toBe(false);
    expect(stop).toMatchObject({ kind: "STOPSIGNAL", signal: "9" });
  });

  test("HEALTHCHECK exec form, zero durations and flags of NONE", () => {
    const df = parseDockerfile(
      'FROM busybox\nHEALTHCHECK --start-interval=0s --interval=1.5s CMD ["wget", "-q", "x"]\nHEALTHCHECK --interval=5s NONE\n',
    );
    const [exec, none] = df.stages[0]!.instructions;
    expect(exec).toMatchObject({
      healthcheck: { none: false, test: ["CMD", "wget", "-q", "x"], interval: 1_500_000_000, startInterval: 0, timeout: 0, retries: 0 },
    });
    expect(none).toMatchObject({ healthcheck: { none: true } });
  });

  test("COPY and ADD flags: --exclude repeats, --parents, ADD's --keep-git-dir and --unpack only when given", () => {
    const df = parseDockerfile(
      "FROM busybox\nCOPY --exclude=*.md --exclude=.git --parents ./a ./b /x/\nADD --keep-git-dir=false --unpack https://h/x.git /src\nADD a b\n",
    );
    const [copy, add, plain] = df.stages[0]!.instructions;
    expect(copy).toMatchObject({ kind: "COPY", excludes: ["*.md", ".git"], parents: true, sources: ["./a", "./b"] });
    expect(add).toMatchObject({ kind: "ADD", keepGitDir: false, unpack: true });
    expect(plain!.kind === "ADD" && !("keepGitDir" in plain) && !("unpack" in plain)).toBe(true);
  });

  test("COPY in JSON form keeps spaces in names and does not read heredocs", () => {
    const df = parseDockerfile('FROM busybox\nCOPY ["my file.txt", "<<EOF", "/dest dir/"]\nRUN true\n');
    const [copy, run] = df.stages[0]!.instructions;
    expect(copy).toMatchObject({ json: true, sources: ["my file.txt", "<<EOF"], dest: "/dest dir/", heredocs: [{ name: "EOF", content: "" }] });
    expect(run).toMatchObject({ kind: "RUN", line: 3 });
  });

  test("heredocSourceName tells heredoc sources from paths", () => {
    const df = parseDockerfile('FROM busybox\nCOPY a <<E"O"F <<-x /d/\nbody\nEOF\nx\n');
    const copy = df.stages[0]!.instructions[0]!;
    if (copy.kind !== "COPY") throw new Error("expected COPY");
    expect(copy.sources.map((s) => heredocSourceName(s) ?? null)).toEqual([null, "EOF", "x"]);
    expect(copy.heredocs).toEqual([
      { name: "EOF", content: "body\n", chomp: false, expand: false },
      { name: "x", content: "", chomp: true, expand: true },
    ]);
    expect(heredocSourceName("<<")).toBeUndefined();
    expect(heredocSourceName("file<<x")).toBeUndefined();
  });

  test("RUN flags: repeated --mount in order, --device kept raw", () => {
    const df = parseDockerfile(
      "FROM busybox\nRUN --mount=type=secret,id=a --mount=\"type=cache,target=/c\" --device=/dev/fuse --security=insecure true\n",
    );
    expect(df.stages[0]!.instructions[0]).toMatchObject({
      mounts: ["type=secret,id=a", "type=cache,target=/c"],
      devices: ["/dev/fuse"],
      security: "insecure",
      command: "true",
    });
  });

  test("ONBUILD triggers are parsed when a build runs them", () => {
    const [run, copy] = parseTriggers(["RUN echo hi", "COPY --chown=1 . /app"]);
    expect(run).toMatchObject({ kind: "RUN", form: "shell", command: "echo hi", line: 1 });
    expect(copy).toMatchObject({ kind: "COPY", chown: "1", sources: ["."], dest: "/app", line: 2 });
    expect(parseTriggers(["RUN <<EOF\necho later\nEOF"])[0]).toMatchObject({
      heredocs: [{ name: "EOF", content: "echo later\n" }],
    });
    expect(() => parseTriggers(["MAINTAINER me"])).toThrow("MAINTAINER isn't allowed as an ONBUILD trigger");
    expect(() => parseTriggers(["RUNN x"])).toThrow("dockerfile parse error on line 1: unknown instruction: RUNN");
    expect(parseTriggers([])).toEqual([]);
  });

  test("an unknown ONBUILD trigger is accepted at parse time, as Docker does", () => {
    const df = parseDockerfile("FROM busybox\nONBUILD RUNN later\n");
    expect(df.stages[0]!.instructions[0]).toMatchObject({ kind: "ONBUILD", trigger: "RUNN later" });
  });
});
