/**
 * Finds newuidmap and newgidmap (shadow's setuid helpers that write a user namespace's id maps
 * over the whole subordinate range) and says whether they can work: setuid root, or file
 * capabilities (cap_setuid / cap_setgid) as some distributions ship them.
 */
import { statSync } from "node:fs";
import { isAbsolute, join } from "node:path";

/** One helper: where it is and whether it can write id maps. */
export interface IdMapTool {
  path?: string;
  usable: boolean;
  /** Why it is not usable, or how usability could not be decided. */
  reason?: string;
}

export interface IdMapTools {
  newuidmap: IdMapTool;
  newgidmap: IdMapTool;
}

export interface FindIdMapToolsOptions {
  /** Searched after PATH (default /usr/bin, /usr/sbin, /bin). */
  extraDirs?: string[];
  /** The getcap program; null when there is none (default: searched like the tools, plus /sbin). */
  getcap?: string | null;
}

const DEFAULT_DIRS = ["/usr/bin", "/usr/sbin", "/bin"];
const NEEDED = { newuidmap: "cap_setuid", newgidmap: "cap_setgid" } as const;

/** The first executable regular file called `name` in `dirs`. */
function which(name: string, dirs: string[]): string | undefined {
  for (const dir of dirs) {
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (st.isFile() && (st.mode & 0o111) !== 0) return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** True when getcap's text for a file grants `cap` in the permitted set ("cap_setuid=ep", "cap_setgid,cap_setuid+ep", "=ep"). */
export function grantsCapability(getcapOutput: string, cap: string): boolean {
  for (const clause of getcapOutput.matchAll(/([a-z_,]*)([=+])([eip]+)/g)) {
    const names = clause[1] ?? "";
    const flags = clause[3] ?? "";
    const covers = names === "" || names === "all" || names.split(",").includes(cap);
    if (covers && flags.includes("p")) return true;
  }
  return false;
}

/** Runs getcap on `path`: its capability text, or undefined when it could not run. */
function readCapabilities(getcap: string, path: string): string | undefined {
  try {
    const r = Bun.spawnSync({ cmd: [getcap, path], stdout: "pipe", stderr: "pipe" });
    if (!r.success) return undefined;
    const out = r.stdout.toString().trim();
    return out.startsWith(path) ? out.slice(path.length) : out;
  } catch {
    return undefined;
  }
}

function judge(name: keyof typeof NEEDED, dirs: string[], getcap: string | null): IdMapTool {
  const path = which(name, dirs);
  if (path === undefined) {
    return { usable: false, reason: `${name} was not found on PATH or in ${DEFAULT_DIRS.join(", ")}; install the uidmap package (shadow-utils on Fedora).` };
  }
  const st = statSync(path);
  if ((st.mode & 0o4000) !== 0 && st.uid === 0) return { path, usable: true };
  const cap = NEEDED[name];
  if (getcap === null) {
    return { path, usable: false, reason: `${path} is not setuid root, and its file capabilities could not be checked because getcap is not installed.` };
  }
  const caps = readCapabilities(getcap, path);
  if (caps === undefined) {
    return { path, usable: false, reason: `${path} is not setuid root, and its file capabilities could not be checked (${getcap} failed).` };
  }
  if (grantsCapability(caps, cap)) return { path, usable: true };
  return { path, usable: false, reason: `${path} is neither setuid root nor given ${cap} by file capabilities; as root run "chmod u+s ${path}" or "setcap ${cap}=ep ${path}".` };
}

/** Locates newuidmap and newgidmap on `pathEnv` (then /usr/bin, /usr/sbin, /bin) and judges each. */
export function findIdMapTools(pathEnv: string = process.env.PATH ?? "", options: FindIdMapToolsOptions = {}): IdMapTools {
  const dirs = [...new Set([...pathEnv.split(":").filter((d) => d !== "" && isAbsolute(d)), ...(options.extraDirs ?? DEFAULT_DIRS)])];
  const getcap = options.getcap !== undefined ? options.getcap : (which("getcap", [...dirs, "/sbin", "/usr/sbin"]) ?? null);
  return { newuidmap: judge("newuidmap", dirs, getcap), newgidmap: judge("newgidmap", dirs, getcap) };
}
