/**
 * The interactive `bunker setup`, driven in tmux: a real terminal for @clack/prompts, answers
 * typed with send-keys, the screen read with capture-pane. Against an empty fake root
 * (BUNKER_SETUP_ROOT) so that there are root fixes to decline, with a temp config file.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { compiledBinary, waitFor } from "../helpers/bunker-command.ts";

const tmux = Bun.which("tmux");
if (!tmux) console.log("skip: the interactive setup test needs tmux (Debian's tmux package)");

const dir = mkdtempSync("/tmp/bk-setup-tty-");
const server = `bunker-setup-${process.pid}`; // a tmux server of its own: never the user's
afterAll(() => {
  if (tmux) Bun.spawnSync([tmux, "-L", server, "kill-server"], { stdout: "ignore", stderr: "ignore" });
  rmSync(dir, { recursive: true, force: true });
});

function tmuxRun(...args: string[]): string {
  const r = Bun.spawnSync([tmux!, "-L", server, ...args], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`tmux ${args.join(" ")}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

const screen = () => tmuxRun("capture-pane", "-p", "-J", "-S", "-200", "-t", "setup");

/** The question waiting for an answer (the line above "● Yes / ○ No"), and the title of the note above it. */
function pendingQuestion(text: string): { question: string; title: string } | undefined {
  const rows = text.split("\n");
  const at = rows.findLastIndex((l) => /[●○] Yes \/ [●○] No/.test(l));
  if (at < 1 || rows.slice(at + 1).some((l) => /\S/.test(l.replace(/[└│]/g, "")))) return undefined;
  const title = rows.slice(0, at).findLast((l) => /^◇ {2}.*─╮$/.test(l)) ?? "";
  return { question: rows[at - 1]!.replace(/^◆ {2}/, "").trim(), title: title.replace(/^◇ {2}/, "").replace(/\s*─+╮$/, "") };
}

describe("interactive bunker setup", () => {
  test.skipIf(!tmux)("shows each problem, declines the root fixes, writes daemon.json when accepted", async () => {
    const fakeRoot = join(dir, "root");
    mkdirSync(fakeRoot);
    const configFile = join(dir, "config", "daemon.json");
    const env = { BUNKER_CONFIG_FILE: configFile, BUNKER_DATA_ROOT: join(dir, "data"), BUNKER_EXEC_ROOT: join(dir, "run"), DOCKER_CONFIG: join(dir, "docker"), BUNKER_SETUP_ROOT: fakeRoot, TERM: "xterm-256color" };
    const assigns = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ");
    tmuxRun("new-session", "-d", "-s", "setup", "-x", "200", "-y", "50", `env ${assigns} ${compiledBinary} setup; echo "setup exited $?"; sleep 120`);

    const answered: string[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !screen().includes("setup exited")) {
      const q = pendingQuestion(screen());
      if (!q) {
        await Bun.sleep(100);
        continue;
      }
      // Accept only the daemon.json fix; decline every root command and every other change.
      const yes = q.title.startsWith("Write storage-driver");
      answered.push(`${q.title} | ${q.question} | ${yes ? "y" : "n"}`);
      tmuxRun("send-keys", "-t", "setup", yes ? "y" : "n");
      await waitFor(() => pendingQuestion(screen())?.title !== q.title || pendingQuestion(screen())?.question !== q.question, 10_000, "the answer to register");
    }
    const text = screen();
    console.log(answered.join("\n"));
    expect(text).toContain("setup exited 1"); // root problems were left
    expect(text).toContain("┌  bunker setup");
    expect(text).toContain(`tun: cannot open ${fakeRoot}/dev/net/tun: no such device node`);
    expect(text).toContain("Containers get their network interface (a TAP device) through /dev/net/tun");
    const uid = process.getuid?.() ?? 0;
    expect(answered).toContainEqual(`Create /dev/net/tun (mode 0666) | ${uid === 0 ? "Run these commands as root?" : "Run these commands with sudo?"} | n`);
    expect(text).toContain("Not run (root commands you declined)");
    expect(text).toContain("mknod /dev/net/tun c 10 200");
    const config = JSON.parse(readFileSync(configFile, "utf8")) as Record<string, unknown>;
    expect(Object.keys(config)).toEqual(["storage-driver"]);
    expect(text).toContain(`+ "storage-driver": ${JSON.stringify(config["storage-driver"])}`);
    expect(text).toMatch(/Write storage-driver "[a-z-]+" to .*: done/);
    expect(text).toMatch(/└  \d+ problems? left: .*tun/);
  }, 90_000);
});
