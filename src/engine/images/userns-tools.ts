import { InvalidArgument, SystemError, selfCommand } from "../../lib/index.ts";
import { usernsExecArgv } from "../../sys/index.ts";
import type { LayerUnpacker } from "./layer-unpacker.ts";

/**
 * Store work that must happen inside the rootless user namespace, so that files belong to the
 * right subordinate ids: this same program's internal verbs (`__unpack-layer`, `__remove-tree`,
 * see src/main.ts) run through `bunker-monitor userns-exec` as container root.
 */
export class UsernsTools {
  /** `holderPid` undefined: the verbs run as plain child processes (root: no user namespace),
   * which still lets layers unpack in parallel on several cores. */
  constructor(
    private readonly monitorExe: string,
    private readonly holderPid?: () => number,
  ) {}

  private argv(args: string[]): string[] {
    const prefix = this.holderPid ? usernsExecArgv(this.monitorExe, this.holderPid()) : [];
    return [...prefix, ...selfCommand(), ...args];
  }

  /**
   * An unpack helper lives for one layer, a second or so: JavaScriptCore's top tier (FTL) spends more
   * compiling its hot loops than it wins back in that time (measured on a 55 MB layer of 2000
   * files: about a sixth less CPU without it, no slower; the tiers below still optimise).
   */
  private static unpackEnv(): Record<string, string | undefined> {
    return { ...process.env, BUN_JSC_useFTLJIT: "0" };
  }

  /** A LayerUnpacker that unpacks inside the user namespace (ownership from the tar). */
  unpacker(): LayerUnpacker {
    return {
      unpack: async (blob, dest, format) => {
        // A stream (a blob still downloading) goes in through stdin: "-" for the blob path.
        const path = typeof blob === "string" ? blob : "-";
        const proc = Bun.spawn(this.argv(["__unpack-layer", path, dest, format]), { stdout: "pipe", stderr: "pipe", stdin: typeof blob === "string" ? "ignore" : blob, env: UsernsTools.unpackEnv() });
        const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
        if (code !== 0) throw new InvalidArgument(err.trim().replace(/^bunker: /, "") || `unpacking ${typeof blob === "string" ? blob : `into ${dest}`} failed with status ${code}`);
        return JSON.parse(out) as { diffId: string; size: number };
      },
      copyUp: async (req) => {
        const proc = Bun.spawn(this.argv(["__copy-up", JSON.stringify(req)]), { stdout: "ignore", stderr: "pipe", stdin: "ignore" });
        const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
        if (code !== 0) throw new SystemError(err.trim().replace(/^bunker: /, "") || `copying ${req.under} into a volume failed with status ${code}`);
      },
      tar: (req) => {
        const proc = Bun.spawn(this.argv(["__tree-tar", JSON.stringify(req)]), { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
        const reader = proc.stdout.getReader();
        return new ReadableStream<Uint8Array>({
          async pull(controller) {
            const r = await reader.read();
            if (!r.done) return controller.enqueue(r.value);
            const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
            if (code === 0) controller.close();
            else controller.error(new SystemError(err.trim().replace(/^bunker: /, "") || `reading ${req.dir} failed with status ${code}`));
          },
          cancel() {
            proc.kill();
          },
        });
      },
    };
  }

  /** rm -rf inside the user namespace (for trees holding subordinate-owned files). */
  removeTree(path: string): void {
    const r = Bun.spawnSync(this.argv(["__remove-tree", path]), { stdout: "ignore", stderr: "pipe" });
    if (r.exitCode !== 0) throw new SystemError(`cannot remove ${path}: ${r.stderr.toString().trim()}`);
  }
}
