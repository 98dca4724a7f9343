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

/**
 * docker top: the container's processes as `ps -ef` shows them on the host (UID, PID, PPID, C,
 * STIME, TTY, TIME, CMD): the init process and everything below it, read from /proc.
 */
export function containerTop(initPid: number): { Titles: string[]; Processes: string[][] } {
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
  const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  const bootMs = Date.now() - uptime * 1000;
  return {
    Titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
    Processes: inside
      .sort((a, b) => a.pid - b.pid)
      .map((p) => {
        const started = new Date(bootMs + (p.startTicks / hz) * 1000);
        return [userName(p.uid), String(p.pid), String(p.ppid), "0", started.toTimeString().slice(0, 5), p.tty ? "pts" : "?", clock(p.cpuTicks / hz), p.cmd];
      }),
  };
}
