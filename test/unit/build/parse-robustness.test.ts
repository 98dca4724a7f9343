/**
 * Whatever the input, the parser answers with a Dockerfile or a DockerfileSyntaxError, never an
 * internal error: lines assembled from a seeded random mix of instruction fragments.
 */
import { expect, test } from "bun:test";
import { DockerfileSyntaxError, expandWord, expandWords, parseDockerfile } from "../../../src/build/index.ts";
import { InvalidArgument } from "../../../src/lib/index.ts";

const fragments = [
  "FROM", "from", "RUN", "CMD", "COPY", "ADD", "ENV", "LABEL", "ARG", "EXPOSE", "VOLUME", "USER", "WORKDIR",
  "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "MAINTAINER", "ENTRYPOINT", "NONE", "AS", "as", "x",
  "busybox", "--from=a", "--link", "--chown=1", "--mount=type=cache,target=/c", "--", "--x", "--interval=5s",
  "[", "]", '["a"]', '["a", 1]', "[]", '"', "'", "\\", "`", "=", "a=b", "=c", "$A", "${A:-b}", "${", "}",
  "<<EOF", "<<-EOF", "<<'EOF'", "EOF", "\tEOF", "#", "# escape=`", "# syntax=x", "\n", "\n", "\n", " ", "\t",
  "\r\n", "\\\n", "CMD", "é", "\ufeff",
];

function* random(seed: number): Generator<number> {
  let s = seed >>> 0;
  for (;;) {
    s = (s * 1664525 + 1013904223) >>> 0;
    yield s / 2 ** 32;
  }
}

test("random Dockerfiles parse or fail with a DockerfileSyntaxError", () => {
  const rnd = random(7);
  let parsed = 0;
  let refused = 0;
  for (let i = 0; i < 3000; i++) {
    const n = 1 + Math.floor(rnd.next().value! * 30);
    let text = "";
    for (let j = 0; j < n; j++) text += fragments[Math.floor(rnd.next().value! * fragments.length)] + (rnd.next().value! < 0.6 ? " " : "");
    try {
      parseDockerfile(text);
      parsed++;
    } catch (err) {
      if (!(err instanceof DockerfileSyntaxError)) throw new Error(`internal error for ${JSON.stringify(text)}: ${err}`);
      expect(err.line).toBeGreaterThanOrEqual(1);
      refused++;
    }
  }
  expect(parsed).toBeGreaterThan(0);
  expect(refused).toBeGreaterThan(0);
});

test("random words expand or fail with InvalidArgument", () => {
  const rnd = random(11);
  const chars = ["$", "{", "}", ":", "-", "+", "?", "#", "%", "/", "'", '"', "\\", "A", "a", " ", "*", "1", "@", "<"];
  const lookup = (name: string) => (name === "A" ? "a b*" : undefined);
  for (let i = 0; i < 5000; i++) {
    const n = Math.floor(rnd.next().value! * 12);
    let word = "";
    for (let j = 0; j < n; j++) word += chars[Math.floor(rnd.next().value! * chars.length)];
    for (const fn of [expandWord, expandWords]) {
      try {
        fn(word, lookup);
      } catch (err) {
        if (!(err instanceof InvalidArgument)) throw new Error(`internal error for ${JSON.stringify(word)}: ${err}`);
      }
    }
  }
});
