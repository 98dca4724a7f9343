/**
 * Docker's word processing (what the builder applies to ENV/LABEL/ARG values, COPY paths, WORKDIR,
 * USER, ...): quote removal, escapes and ${...} substitution, and EXPOSE's split into words.
 */
import { describe, expect, test } from "bun:test";
import { expandHeredoc, expandWord, expandWords } from "../../../src/build/index.ts";
import { InvalidArgument } from "../../../src/lib/index.ts";

const env: Record<string, string> = {
  HOME: "/root",
  USER: "app",
  EMPTY: "",
  PATHS: "a/b/c.tar.gz",
  SPACED: "two  words",
  LEADING: "  lead and trail  ",
  PORTS: "80/tcp 443",
  UNI: "한국어",
};
const lookup = (name: string): string | undefined => (Object.hasOwn(env, name) ? env[name] : undefined);

// [input, expected]; expected null means "is an error".
const words: [string, string | null][] = [
  ["plain", "plain"],
  ["he'll'o", "hello"],
  ["he'llo", null],
  ["he\\'llo", "he'llo"],
  ["he\\\\'llo", null],
  ["abc\\tdef", "abctdef"],
  ['"abc\\tdef"', "abc\\tdef"],
  ['"abc\\\\tdef"', "abc\\tdef"],
  ["'abc\\tdef'", "abc\\tdef"],
  ["trailing\\", "trailing"],
  ["trailing\\\\", "trailing\\"],
  ['"unclosed', null],
  ['"unclosed\\"', null],
  ["'unclosed", null],
  ["'keeps\\'", "keeps\\"],
  ['"it\'s"', "it's"],
  [`"''"`, "''"],
  // $name
  ["$HOME", "/root"],
  ["x$HOME/y", "x/root/y"],
  ["$home", ""],
  ["$UNSET-x", "-x"],
  ["$.", "$."],
  ["$", "$"],
  ["a$", "a$"],
  ["\\$HOME", "$HOME"],
  ["\\\\$HOME", "\\/root"],
  ['"\\$HOME"', "$HOME"],
  ['"\\\\$HOME"', "\\/root"],
  ["'$HOME'", "$HOME"],
  ["'\\$HOME'", "\\$HOME"],
  ['"in $USER\'s dir"', "in app's dir"],
  ["$UNI!", "한국어!"],
  ["안'녕'$UNI", "안녕한국어"],
  // ${name}
  ["${HOME}", "/root"],
  ["${HOME}x", "/rootx"],
  ["${UNSET}x", "x"],
  ["${}", null],
  ["${", null],
  ["${HOME", null],
  ["${.}", null],
  ["${{HOME}", null],
  ["${:-x}", null],
  ["${HOME}}", "/root}"],
  ["\\${}", "${}"],
  ["'${HOME}'", "${HOME}"],
  // defaults and alternatives
  ["${UNSET:-default}", "default"],
  ["${EMPTY:-default}", "default"],
  ["${HOME:-default}", "/root"],
  ["${UNSET-default}", "default"],
  ["${EMPTY-default}", ""],
  ["${UNSET:-$HOME}", "/root"],
  ["${UNSET:-${ALSO:-nested}}", "nested"],
  ["${UNSET:-two words}", "two words"],
  ["${UNSET:-\\$HOME:}", "$HOME:"],
  ["${UNSET:-\\${HOME}z}", "${HOMEz}"],
  ["${UNSET:-a ${b}", null],
  ["${UNSET:-a {b}", "a {b"],
  ["${HOME:+set}", "set"],
  ["${EMPTY:+set}", ""],
  ["${EMPTY+set}", "set"],
  ["${UNSET+set}", ""],
  ["${HOME:+${USER}:}x", "app:x"],
  ["${HOME:=x}", null],
  ["${HOME:x}", null],
  // required
  ["${HOME?}", "/root"],
  ["${HOME:?}", "/root"],
  ["${EMPTY?}", ""],
  ["${EMPTY:?}", null],
  ["${UNSET?}", null],
  ["${UNSET:?}", null],
  // positional and special parameters are never set
  ["$1", ""],
  ["$12x", "x"],
  ["${1:-one}", "one"],
  ["$@@", "@"],
  ["${*:-star}", "star"],
  ["$$", ""],
  ["${#}", ""],
  ["$0", ""],
  // prefix and suffix removal
  ["${PATHS#*/}", "b/c.tar.gz"],
  ["${PATHS##*/}", "c.tar.gz"],
  ["${PATHS%.*}", "a/b/c.tar"],
  ["${PATHS%%.*}", "a/b/c"],
  ["${PATHS#}", "a/b/c.tar.gz"],
  ["${PATHS%x}", "a/b/c.tar.gz"],
  ["${PATHS#?/}", "b/c.tar.gz"],
  ["${PATHS:#x}", null],
  ["${PATHS:%x}", null],
  ["${UNSET#x}", ""],
  // replacement
  ["${PATHS/\\//-}", "a-b/c.tar.gz"],
  ["${PATHS//\\//-}", "a-b-c.tar.gz"],
  ["${PATHS/b*z/X}", "a/X"],
  ["${PATHS/nothing/X}", "a/b/c.tar.gz"],
  ["${PATHS/x", null],
  ["${PATHS/x/y", null],
];

describe("expandWord", () => {
  for (const [input, expected] of words) {
    test(`${input} → ${expected === null ? "error" : JSON.stringify(expected)}`, () => {
      if (expected === null) expect(() => expandWord(input, lookup)).toThrow(InvalidArgument);
      else expect(expandWord(input, lookup)).toBe(expected);
    });
  }

  test("errors name the word and say what is wrong, in Docker's words", () => {
    expect(() => expandWord("${UNSET:?must be set}", lookup)).toThrow('failed to process "${UNSET:?must be set}": UNSET: must be set');
    expect(() => expandWord("${UNSET?}", lookup)).toThrow("UNSET: is not allowed to be unset");
    expect(() => expandWord("${EMPTY:?}", lookup)).toThrow("EMPTY: is not allowed to be empty");
    expect(() => expandWord("${HOME", lookup)).toThrow("syntax error: missing '}'");
    expect(() => expandWord("${}", lookup)).toThrow("syntax error: bad substitution");
    expect(() => expandWord("${HOME:=x}", lookup)).toThrow("unsupported modifier (:=) in substitution");
    expect(() => expandWord("'open", lookup)).toThrow("unexpected end of statement while looking for matching single-quote");
  });

  test("with the backtick escape, backslashes are ordinary characters", () => {
    expect(expandWord("c:\\dir\\$USER", lookup, "`")).toBe("c:\\dir\\app");
    expect(expandWord("a`$USER", lookup, "`")).toBe("a$USER");
    expect(expandWord('"x`"y"', lookup, "`")).toBe('x"y');
    expect(expandWord("a` b", lookup, "`")).toBe("a b");
  });

  test("values from the lookup are not processed again", () => {
    const raw = (name: string) => (name === "V" ? "'$HOME' \\x \"q\"" : undefined);
    expect(expandWord("$V", raw)).toBe("'$HOME' \\x \"q\"");
  });
});

describe("expandWords", () => {
  const cases: [string, string[]][] = [
    ["80 443", ["80", "443"]],
    ["$PORTS", ["80/tcp", "443"]],
    ["x${SPACED}y", ["xtwo", "wordsy"]],
    ['x"${SPACED}"y', ["xtwo  wordsy"]],
    ['x "${SPACED}"y', ["x", "two  wordsy"]],
    ["a${LEADING}b", ["a", "lead", "and", "trail", "b"]],
    ['a"${LEADING}" b', ["a  lead and trail  ", "b"]],
    ["one\\ two three", ["one two", "three"]],
    ['one\\" two', ['one"', "two"]],
    ["   ", []],
    ["$UNSET", []],
    ['""', []],
  ];
  for (const [input, expected] of cases) {
    test(`${input} → ${JSON.stringify(expected)}`, () => {
      expect(expandWords(input, lookup)).toEqual(expected);
    });
  }

  test("errors are InvalidArgument", () => {
    expect(() => expandWords('"open', lookup)).toThrow(InvalidArgument);
  });
});

describe("expandHeredoc", () => {
  test("substitutes variables but keeps quotes, as Docker does for COPY <<EOF bodies", () => {
    expect(expandHeredoc(`"quoted $USER"\n'single $USER'\n`, lookup)).toBe(`"quoted app"\n'single app'\n`);
    expect(expandHeredoc("home=${HOME:-none} unset=${NOPE:-dflt}\n", lookup)).toBe("home=/root unset=dflt\n");
  });

  test("backslashes escape the next character, as Docker's lexer does", () => {
    expect(expandHeredoc("cost \\$5 and \\$USER\n", lookup)).toBe("cost $5 and $USER\n");
    expect(expandHeredoc("a\\nb", lookup)).toBe("anb");
  });

  test("a bad substitution is an InvalidArgument", () => {
    expect(() => expandHeredoc("${USER", lookup)).toThrow(InvalidArgument);
  });
});
