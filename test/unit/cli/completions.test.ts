import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { command, type BunkerCommand } from "../../../src/cli/command.ts";
import { argsOf, metaOf, subCommandsOf } from "../../../src/cli/dispatch.ts";
import { root } from "../../../src/cli/root.ts";
import {
  bashCompletion,
  completionTree,
  eachCommand,
  fishCompletion,
  zshCompletion,
  type CompletionCommand,
} from "../../../src/cli/completions/index.ts";
import { completionFiles, completionsDir, generatedCompletions } from "../../../scripts/gen-completions.ts";

const repo = join(import.meta.dir, "..", "..", "..");
const bun = process.execPath;

const hasZsh = Bun.which("zsh") !== null;
const hasFish = Bun.which("fish") !== null;
if (!hasZsh) console.warn("skipping the zsh completion tests: zsh is not installed (apt-get install zsh)");
if (!hasFish) console.warn("skipping the fish completion tests: fish is not installed (apt-get install fish)");

let work: string;
let files: string; // a directory with known files, where file-name completion runs
let tree: CompletionCommand;
let weird: CompletionCommand;
const scripts: Record<string, string> = {};
/** The root's subcommands, sorted: what `bunker <TAB>` offers. */
const topCommands = Object.keys(await subCommandsOf(root)).sort();
/** The same with their descriptions, as fish shows them. */
const topDescribed = await Promise.all(topCommands.map(async (name) => `${name}\t${(await metaOf((await subCommandsOf(root))[name]!)).description}`));

/** A made-up tree with the awkward cases: aliases, hidden commands, quoting, camelCase keys. */
const weirdRoot: BunkerCommand = command({
  meta: { name: "bunker", description: "Test tree" },
  args: {
    mode: { type: "enum", alias: "m", options: ["plain", "with space", "it's"], description: `Weird 'quotes' "double" [brackets] $HOME \\back: colon` },
  },
  subCommands: {
    list: () =>
      Promise.resolve(
        command({
          meta: { name: "list", alias: ["ls", "ps"], description: "List: things [all]" },
          args: {
            allThings: { type: "boolean", alias: ["a", "everything"], description: "Show all" },
            outputDir: { type: "string", description: "Where to write" },
          },
        }),
      ),
    secret: command({ meta: { name: "secret", hidden: true, description: "Hidden" }, args: {} }),
    run: command({
      meta: { name: "run", description: "Run a command" },
      args: { image: { type: "positional", description: "Image", valueHint: "image" }, tty: { type: "boolean", alias: "t", description: "TTY" } },
      variadic: true,
      stopAtPositional: true,
    }),
  },
});

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "bunker-completions-"));
  files = join(work, "files");
  mkdirSync(join(files, "conf.d"), { recursive: true });
  writeFileSync(join(files, "alpha.json"), "");
  writeFileSync(join(files, "beta.txt"), "");
  tree = await completionTree(root);
  weird = await completionTree(weirdRoot);
  for (const [name, model] of [["bunker", tree], ["weird", weird]] as const) {
    const dir = join(work, name);
    mkdirSync(dir);
    scripts[`${name}.bash`] = join(dir, "bunker.bash");
    scripts[`${name}.fish`] = join(dir, "bunker.fish");
    scripts[`${name}.zsh`] = join(dir, "_bunker");
    writeFileSync(scripts[`${name}.bash`]!, bashCompletion(model));
    writeFileSync(scripts[`${name}.fish`]!, fishCompletion(model));
    writeFileSync(scripts[`${name}.zsh`]!, zshCompletion(model));
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(argv: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const home = join(work, "home");
  mkdirSync(home, { recursive: true });
  const proc = Bun.spawnSync(argv, {
    cwd: files,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local/share"), TERM: "dumb", ...env },
    timeout: 20_000,
  });
  return { code: proc.exitCode ?? -1, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}

describe("checked-in scripts", () => {
  test("completions/ holds exactly what the command tree generates (run 'bun run completions')", async () => {
    const generated = await generatedCompletions();
    expect(generated.map((g) => g.path).sort()).toEqual(["_bunker", "bunker.bash", "bunker.fish"].map((f) => join(completionsDir, f)));
    for (const { path, content } of generated) expect(readFileSync(path, "utf8")).toBe(content);
  });

  test("gen-completions writes the files, and --check fails on a stale or missing one", () => {
    const gen = join(repo, "scripts/gen-completions.ts");
    expect(run([bun, gen, "--check"]).code).toBe(0);
    const dir = join(work, "generated");
    const first = run([bun, gen, "--dir", dir]);
    expect(first.code).toBe(0);
    for (const [shell, file] of Object.entries(completionFiles)) {
      expect(first.stdout).toContain(`wrote ${join(dir, file)}\n`);
      expect(readFileSync(join(dir, file), "utf8")).toBe(readFileSync(join(completionsDir, completionFiles[shell as keyof typeof completionFiles]), "utf8"));
    }
    expect(run([bun, gen, "--check", "--dir", dir])).toMatchObject({ code: 0, stdout: "", stderr: "" });
    writeFileSync(join(dir, "bunker.fish"), "# stale\n");
    rmSync(join(dir, "_bunker"));
    const stale = run([bun, gen, "--check", "--dir", dir]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(`out of date (run 'bun run completions'):\n  ${join(dir, "bunker.fish")}\n  ${join(dir, "_bunker")}\n`);
    expect(readFileSync(join(dir, "bunker.fish"), "utf8")).toBe("# stale\n");
  });

  test("generation is deterministic", async () => {
    const again = await completionTree(root);
    expect(again).toEqual(tree);
    expect(bashCompletion(again)).toBe(bashCompletion(tree));
  });

  test("`bunker completion SHELL` prints the script; an unknown shell is a usage error", () => {
    for (const shell of ["bash", "fish", "zsh"] as const) {
      const result = run([bun, join(repo, "src/main.ts"), "completion", shell]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(readFileSync(join(completionsDir, completionFiles[shell]), "utf8"));
    }
    const bad = run([bun, join(repo, "src/main.ts"), "completion", "tcsh"]);
    expect(bad.code).toBe(125);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe('bunker: unknown shell "tcsh": choose one of bash, fish, zsh\n');
  });
});

describe("model", () => {
  /** Every command path and its flags, found by walking the citty tree directly. */
  async function walkTree(cmd: BunkerCommand, path: string[], out: Map<string, string[]>): Promise<void> {
    const flags = ["--help", "-h"];
    for (const [name, def] of Object.entries(await argsOf(cmd))) {
      if (def.type === "positional") continue;
      flags.push(`--${name}`);
      const alias = (def as { alias?: string | string[] }).alias;
      for (const a of alias === undefined ? [] : Array.isArray(alias) ? alias : [alias]) flags.push(a.length === 1 ? `-${a}` : `--${a}`);
    }
    out.set(path.join(" "), flags.sort());
    for (const [name, sub] of Object.entries(await subCommandsOf(cmd))) {
      if (!(await metaOf(sub)).hidden) await walkTree(sub, [...path, name], out);
    }
  }

  const modelFlags = (cmd: CompletionCommand) => cmd.flags.flatMap((f) => [...f.long.map((n) => `--${n}`), ...f.short.map((n) => `-${n}`)]).sort();

  test("has every command and every flag of the tree", async () => {
    const expected = new Map<string, string[]>();
    await walkTree(root, ["bunker"], expected);
    const actual = new Map(eachCommand(tree).map((c) => [c.path.join(" "), modelFlags(c)] as const));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, flags] of expected) expect(actual.get(path)).toEqual(flags);
    for (const path of ["bunker", "bunker completion", "bunker daemon", "bunker daemon stop", "bunker info", "bunker version"]) expect(actual.has(path)).toBe(true);
  });

  test("describes values: enums, files, nothing", () => {
    const byLong = (cmd: CompletionCommand, name: string) => cmd.flags.find((f) => f.long[0] === name);
    expect(byLong(tree, "log-level")).toEqual({
      long: ["log-level"],
      short: ["l"],
      description: "Set the logging level",
      value: { hint: "log-level", files: false, choices: ["debug", "info", "warn", "error", "fatal"] },
    });
    expect(byLong(tree, "host")?.value).toEqual({ hint: "unix:///path", files: true, choices: [] });
    expect(byLong(tree, "debug")).toEqual({ long: ["debug"], short: ["D"], description: "Enable debug output", value: null });
    expect(byLong(tree, "help")).toEqual({ long: ["help"], short: ["h"], description: "Print usage", value: null });
    const daemon = tree.commands.find((c) => c.name === "daemon")!;
    expect(byLong(daemon, "config-file")?.value?.files).toBe(true);
    expect(byLong(daemon, "data-root")?.value?.files).toBe(true);
    const stop = daemon.commands.find((c) => c.name === "stop")!;
    expect(byLong(stop, "time")?.value).toEqual({ hint: "seconds", files: false, choices: [] });
    expect(tree.commands.find((c) => c.name === "completion")!.positionals).toEqual([
      { name: "shell", description: "Shell to complete for", value: { hint: "bash|fish|zsh", files: false, choices: ["bash", "fish", "zsh"] } },
    ]);
  });

  test("sorts, skips hidden commands, keeps aliases, kebab-cases keys", () => {
    expect(weird.commands.map((c) => c.name)).toEqual(["list", "run"]);
    const list = weird.commands[0]!;
    expect(list.aliases).toEqual(["ls", "ps"]);
    expect(list.flags.map((f) => [f.long, f.short])).toEqual([
      [["all-things", "everything"], ["a"]],
      [["help"], ["h"]],
      [["output-dir"], []],
    ]);
    expect(list.flags[2]!.value).toEqual({ hint: "outputDir", files: true, choices: [] });
    expect(weird.commands[1]).toMatchObject({ variadic: true, stopAtPositional: true, path: ["bunker", "run"] });
  });

  test("refuses a name that cannot go into a script unquoted", async () => {
    const bad = command({ meta: { name: "bunker" }, args: { "bad name": { type: "boolean" } } });
    await expect(completionTree(bad)).rejects.toThrow(`completions: flag "bad name" of 'bunker' is not a plain name`);
  });
});

/** Split a command line into COMP_WORDS as bash does (blanks, and "=" as a word of its own). */
function compWords(line: string): string[] {
  return line.split(" ").flatMap((w) => w.split(/(=)/).filter((p, i, all) => p !== "" || all.length === 1));
}

function bashComplete(line: string, script = scripts["bunker.bash"]!): string[] {
  const words = compWords(line);
  const driver = [
    'source "$1"',
    "shift",
    'COMP_WORDS=("$@")',
    "COMP_CWORD=$(($# - 1))",
    'COMP_LINE="$LINE"',
    "COMP_POINT=${#COMP_LINE}",
    '_bunker bunker "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join("\n");
  const result = run(["bash", "--norc", "--noprofile", "-c", driver, "bash", script, ...words], { LINE: line });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout.split("\n").filter((l) => l !== "");
}

describe("bash", () => {
  test("the script parses", () => {
    expect(run(["bash", "-n", scripts["bunker.bash"]!]).code).toBe(0);
    expect(run(["bash", "-n", scripts["weird.bash"]!]).code).toBe(0);
  });

  test("completes command names", () => {
    expect(bashComplete("bunker ")).toEqual(topCommands);
    expect(bashComplete("bunker dae")).toEqual(["daemon"]);
    expect(bashComplete("bunker v")).toEqual(topCommands.filter((c) => c.startsWith("v")));
    expect(bashComplete("bunker ver")).toEqual(["version"]);
    expect(bashComplete("bunker daemon ")).toEqual(["stop"]);
    expect(bashComplete("bunker -D --log-level debug daemon s")).toEqual(["stop"]);
    expect(bashComplete("bunker -H /x.sock daemon ")).toEqual(["stop"]);
    expect(bashComplete("bunker nope ")).toEqual([]);
  });

  test("completes each command's own flags", () => {
    expect(bashComplete("bunker -")).toEqual(["--context", "--debug", "--help", "--host", "--log-level", "--tls", "--tlscacert", "--tlscert", "--tlskey", "--tlsverify", "--version", "-D", "-H", "-c", "-h", "-l", "-v"]);
    expect(bashComplete("bunker --l")).toEqual(["--log-level"]);
    expect(bashComplete("bunker daemon -")).toEqual(["--config-file", "--data-root", "--help", "--host", "--tls", "--tlscacert", "--tlscert", "--tlskey", "--tlsverify", "-H", "-h"]);
    expect(bashComplete("bunker daemon --config-file x stop -")).toEqual(["--help", "--time", "-h", "-t"]);
    expect(bashComplete("bunker daemon stop -- -")).toEqual([]);
  });

  test("completes flag values", () => {
    expect(bashComplete("bunker --log-level ")).toEqual(["debug", "info", "warn", "error", "fatal"]);
    expect(bashComplete("bunker -l w")).toEqual(["warn"]);
    expect(bashComplete("bunker -Dl ")).toEqual(["debug", "info", "warn", "error", "fatal"]);
    expect(bashComplete("bunker --log-level=")).toEqual(["debug", "info", "warn", "error", "fatal"]);
    expect(bashComplete("bunker --log-level=f")).toEqual(["fatal"]);
    expect(bashComplete("bunker --log-level=fatal ")).toEqual(topCommands);
    expect(bashComplete("bunker daemon stop -t ")).toEqual([]);
    expect(bashComplete("bunker info --format ")).toEqual([]);
    expect(bashComplete("bunker completion ")).toEqual(["bash", "fish", "zsh"]);
    expect(bashComplete("bunker completion z")).toEqual(["zsh"]);
    expect(bashComplete("bunker completion zsh ")).toEqual([]);
  });

  test("completes file names for path flags", () => {
    expect(bashComplete("bunker -H ").sort()).toEqual(["alpha.json", "beta.txt", "conf.d"]);
    expect(bashComplete("bunker daemon --config-file ").sort()).toEqual(["alpha.json", "beta.txt", "conf.d"]);
    expect(bashComplete("bunker daemon --data-root c")).toEqual(["conf.d"]);
    expect(bashComplete("bunker daemon --config-file=b")).toEqual(["beta.txt"]);
  });

  test("aliases, quoting and flags that end at the first operand", () => {
    const script = scripts["weird.bash"]!;
    expect(bashComplete("bunker ", script)).toEqual(["list", "ls", "ps", "run"]);
    expect(bashComplete("bunker ls -", script)).toEqual(["--all-things", "--everything", "--help", "--output-dir", "-a", "-h"]);
    expect(bashComplete("bunker -m ", script)).toEqual(["plain", "with space", "it's"]);
    expect(bashComplete("bunker -m it", script)).toEqual(["it's"]);
    expect(bashComplete("bunker run -", script)).toEqual(["--help", "--tty", "-h", "-t"]);
    expect(bashComplete("bunker run -t img -", script)).toEqual([]);
  });
});

const zshDriver = `
# zsh -f driver.zsh MODE SCRIPT OUT LINE: type LINE and Tab in an interactive zsh on a
# pseudo-terminal and write every match the completion system is given to OUT.
zmodload zsh/zpty || exit 3
mode=$1 script=$2 out=$3 line=$4
zpty z zsh -f -i
zpty -w z "PS1='' PROMPT='' RPROMPT=''; unsetopt beep"
if [[ $mode == fpath ]]; then
  zpty -w z "fpath=(\${(q)script:h} \\$fpath); autoload -Uz compinit; compinit -u -D"
else
  zpty -w z "autoload -Uz compinit; compinit -u -D; source \${(q)script}"
fi
zpty -w z "compadd() { if (( \\\${@[(I)-[OAD]*]} )); then builtin compadd \\"\\$@\\"; return; fi; local -a hits; builtin compadd -O hits \\"\\$@\\"; print -rl -- \\$hits >> \${(q)out}; builtin compadd \\"\\$@\\"; }"
zpty -w z "print -r -- READY\\$((1+1))"
buf= chunk=
while zpty -r z chunk; do buf+=$chunk; [[ $buf == *READY2* ]] && break; done
# Let the line editor come back up before typing: typeahead sent earlier can be dropped.
sleep 0.3
zpty -w -n z "$line"$'\\t'
zpty -w -n z $'\\C-u'
zpty -w z "print -r -- END\\$((1+1))"
buf=
while zpty -r z chunk; do buf+=$chunk; [[ $buf == *END2* ]] && break; done
zpty -d z
`;

let zshRuns = 0;
function zshComplete(line: string, script = scripts["bunker.zsh"]!, mode: "fpath" | "source" = "fpath"): string[] {
  const driver = join(work, "driver.zsh");
  writeFileSync(driver, zshDriver);
  const out = join(work, `zsh-out-${zshRuns++}`);
  writeFileSync(out, "");
  const result = run(["zsh", "-f", driver, mode, script, out, line]);
  expect(result.code).toBe(0);
  return readFileSync(out, "utf8").split("\n").filter((l) => l !== "");
}

describe("zsh", () => {
  test.skipIf(!hasZsh)("the script parses", () => {
    expect(run(["zsh", "-n", scripts["bunker.zsh"]!]).code).toBe(0);
    expect(run(["zsh", "-n", scripts["weird.zsh"]!]).code).toBe(0);
  });

  test.skipIf(!hasZsh)("completes commands, flags and values (autoloaded from $fpath)", () => {
    expect(zshComplete("bunker ")).toEqual(topCommands);
    expect(zshComplete("bunker dae")).toEqual(["daemon"]);
    expect(zshComplete("bunker daemon ")).toEqual(["stop"]);
    expect(zshComplete("bunker daemon -").sort()).toEqual(["--config-file", "--data-root", "--help", "--host", "--tls", "--tlscacert", "--tlscert", "--tlskey", "--tlsverify", "-H", "-h"]);
    expect(zshComplete("bunker -l info daemon stop -").sort()).toEqual(["--help", "--time", "-h", "-t"]);
    expect(zshComplete("bunker --log-level ")).toEqual(["debug", "info", "warn", "error", "fatal"]);
    expect(zshComplete("bunker --log-level=w")).toEqual(["warn"]);
    expect(zshComplete("bunker completion ")).toEqual(["bash", "fish", "zsh"]);
    expect(zshComplete("bunker -H ").sort()).toEqual(["alpha.json", "beta.txt", "conf.d"]);
    expect(zshComplete("bunker daemon --config-file ").sort()).toEqual(["alpha.json", "beta.txt", "conf.d"]);
  });

  test.skipIf(!hasZsh)("works when sourced, with aliases and quoting", () => {
    expect(zshComplete("bunker dae", scripts["bunker.zsh"], "source")).toEqual(["daemon"]);
    const script = scripts["weird.zsh"]!;
    expect(zshComplete("bunker ", script).sort()).toEqual(["list", "ls", "ps", "run"]);
    expect(zshComplete("bunker -m ", script)).toEqual(["plain", "with space", "it's"]);
    expect(zshComplete("bunker ps --o", script)).toEqual(["--output-dir"]);
  });
});

function fishComplete(line: string, script = scripts["bunker.fish"]!): string[] {
  const result = run(["fish", "--no-config", "-c", "source $argv[1]; complete -C $argv[2]", script, line]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout.split("\n").filter((l) => l !== "");
}

describe("fish", () => {
  test.skipIf(!hasFish)("the script parses", () => {
    expect(run(["fish", "--no-config", "-n", scripts["bunker.fish"]!]).code).toBe(0);
    expect(run(["fish", "--no-config", "-n", scripts["weird.fish"]!]).code).toBe(0);
  });

  test.skipIf(!hasFish)("completes commands, flags and values", () => {
    expect(fishComplete("bunker ")).toEqual(topDescribed);
    expect(fishComplete("bunker dae")).toEqual(["daemon\tRun the Bunker daemon in the foreground (the CLI starts it on demand)"]);
    expect(fishComplete("bunker daemon ")).toEqual(["stop\tStop the running daemon and wait until it has exited"]);
    expect(fishComplete("bunker daemon -")).toEqual([
      "-H\tAddress to serve, repeatable: unix:///path, tcp://ADDR:PORT (TCP needs --tlsverify)",
      "-h\tPrint usage",
      "--config-file\tDaemon configuration file (default $XDG_CONFIG_HOME/bunker/daemon.json)",
      "--data-root\tRoot directory of persistent state (default $XDG_DATA_HOME/bunker)",
      "--help\tPrint usage",
      "--host\tAddress to serve, repeatable: unix:///path, tcp://ADDR:PORT (TCP needs --tlsverify)",
      "--tls\tUse TLS; implied by --tlsverify",
      "--tlscacert\tTrust client certs signed only by this CA (default ~/.docker/ca.pem)",
      "--tlscert\tPath to the server's TLS certificate (default ~/.docker/cert.pem)",
      "--tlskey\tPath to the server's TLS key (default ~/.docker/key.pem)",
      "--tlsverify\tUse TLS and verify clients' certificates (required for tcp:// hosts)",
    ]);
    expect(fishComplete("bunker -l info daemon stop --")).toEqual(["--help\tPrint usage", "--time\tSeconds to wait before giving up"]);
    expect(fishComplete("bunker --log-level ").map((l) => l.split("\t")[0])).toEqual(["debug", "error", "fatal", "info", "warn"]);
    expect(fishComplete("bunker --log-level=w")).toEqual(["--log-level=warn\tSet the logging level"]);
    expect(fishComplete("bunker completion ")).toEqual(["bash\tShell to complete for", "fish\tShell to complete for", "zsh\tShell to complete for"]);
    expect(fishComplete("bunker -H ")).toEqual(["alpha.json", "beta.txt", "conf.d/"]);
    expect(fishComplete("bunker daemon --config-file ")).toEqual(["alpha.json", "beta.txt", "conf.d/"]);
    expect(fishComplete("bunker -H daemon ")).toEqual(fishComplete("bunker "));
    expect(fishComplete("bunker daemon stop -t ")).toEqual([]);
  });

  test.skipIf(!hasFish)("aliases, quoting and flags that end at the first operand", () => {
    const script = scripts["weird.fish"]!;
    expect(fishComplete("bunker ", script).map((l) => l.split("\t")[0])).toEqual(["list", "ls", "ps", "run"]);
    expect(fishComplete("bunker -m ", script).map((l) => l.split("\t")[0])).toEqual(["it's", "plain", "with space"]);
    expect(fishComplete("bunker -m ", script)[0]).toBe(`it's\tWeird 'quotes' "double" [brackets] $HOME \\back: colon`);
    expect(fishComplete("bunker ls --", script).map((l) => l.split("\t")[0])).toEqual(["--all-things", "--everything", "--help", "--output-dir"]);
    expect(fishComplete("bunker run -t img -", script)).toEqual([]);
  });
});
