import { readdirSync, readFileSync } from "node:fs";

interface Proc {
  pid: number;
  ppid: number;
  uid: number;
  startTicks: number;
  cpuTicks: number;
  tty: number;
  cmd: string;
}

const hz = 100; // USER_HZ on Linux

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    return {
      pid,
      ppid: Number(rest[1]),
      tty: Number(rest[4]),
      cpuTicks: Number(rest[11]) + Number(rest[12]),
      startTicks: Number(rest[19]),
      uid,
      cmd: argv.length ? argv.join(" ") : `[${comm}]`,
    };
  } catch {
    return undefined; // gone meanwhile
  }
}

function userName(uid: number): string {
  try {
    const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.split(":")[2] === String(uid));
    return line?.split(":")[0] ?? String(uid);
  } catch {
    return String(uid);
  }
}

const clock = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
};

/** The container's processes: the init process and everything below it, read from /proc. */
function containerProcs(initPid: number): Proc[] {
  const all = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number).map(readProc).filter((p): p is Proc => !!p);
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const init = all.find((p) => p.pid === initPid);
  const inside: Proc[] = [];
  const walk = (p: Proc) => {
    inside.push(p);
    for (const c of children.get(p.pid) ?? []) walk(c);
  };
  if (init) walk(init);
  return inside.sort((a, b) => a.pid - b.pid);
}

/**
 * docker top with ps options, as Docker's daemon does it: run the host's `ps` with them and
 * keep the header and the lines whose PID column is one of the container's processes.
 */
function psTop(pids: Set<number>, psArgs: string): { Titles: string[]; Processes: string[][] } {
  const ps = Bun.spawnSync(["ps", ...psArgs.split(/\s+/).filter(Boolean)], { stdout: "pipe", stderr: "pipe" });
  const output = `${ps.stdout.toString()}${ps.stderr.toString()}`;
  if (ps.exitCode !== 0) throw new Error(`ps: exit status ${ps.exitCode}: ${output.trim()}`);
  const [header = "", ...lines] = ps.stdout.toString().split("\n").filter((l) => l.trim());
  const titles = header.trim().split(/\s+/);
  const pidCol = titles.indexOf("PID");
  if (pidCol < 0) throw new Error("Couldn't find PID field in ps output");
  const processes: string[][] = [];
  for (const line of lines) {
    const fields = line.trim().split(/\s+/);
    // The last column (the command) may hold spaces: it takes the rest of the line.
    const row = [...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(" ")];
    if (pids.has(Number(row[pidCol]))) processes.push(row);
  }
  return { Titles: titles, Processes: processes };
}

/**
 * docker top: the container's processes as `ps -ef` shows them on the host (UID, PID, PPID, C,
 * STIME, TTY, TIME, CMD), or as `ps PSARGS` shows them when options are given.
 */
export function containerTop(initPid: number, psArgs = ""): { Titles: string[]; Processes: string[][] } {
  const inside = containerProcs(initPid);
  if (psArgs.trim() && psArgs.trim() !== "-ef") return psTop(new Set(inside.map((p) => p.pid)), psArgs);
  const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  const bootMs = Date.now() - uptime * 1000;
  return {
    Titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
    Processes: inside.map((p) => {
      const started = new Date(bootMs + (p.startTicks / hz) * 1000);
      return [userName(p.uid), String(p.pid), String(p.ppid), "0", started.toTimeString().slice(0, 5), p.tty ? "pts" : "?", clock(p.cpuTicks / hz), p.cmd];
    }),
  };
}
