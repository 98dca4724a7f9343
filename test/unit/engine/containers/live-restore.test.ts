import { describe, expect, test } from "bun:test";
import { liveRestore, type RestoreHooks } from "../../../../src/engine/containers/live-restore.ts";
import { freshState, type ContainerRecord } from "../../../../src/engine/containers/container-record.ts";

function hooks(states: Record<string, "created" | "running">) {
  const records = Object.keys(states).map((id) => ({ id, socketPath: `/s/${id}`, stateDir: `/st/${id}`, state: { ...freshState(), status: "running", startedAt: new Date().toISOString() } }) as unknown as ContainerRecord);
  const signals: [string, number][] = [];
  const watched: string[] = [];
  const adopted: string[] = [];
  const h = {
    store: { list: () => records, update: () => undefined },
    runtime: {
      connect: async (path: string) => ({ signal: (n: number) => signals.push([path, n]) }),
      readState: (dir: string) => ({ status: states[dir.slice(4)] }),
    },
    watch: (id: string) => watched.push(id),
    exited: () => undefined,
    start: async () => undefined,
    adopted: async (r: ContainerRecord) => void adopted.push(r.id),
  } as unknown as RestoreHooks;
  return { h, signals, watched, adopted };
}

describe("live restore", () => {
  test("a container whose monitor still waits for its start (the daemon died during it) is ended, not adopted as running", async () => {
    const t = hooks({ a: "running", b: "created" });
    await liveRestore(t.h);
    expect(t.watched).toEqual(["a", "b"]); // b's exit comes through its link, as any exit does
    expect(t.adopted).toEqual(["a"]);
    expect(t.signals).toEqual([["/s/b", 9]]);
  });
});
