import { describe, expect, test } from "bun:test";
import { EventBus, EventFilter } from "../../../src/engine/index.ts";

describe("the event bus", () => {
  test("times strictly increase; history is cut by since/until; the ring keeps the newest", () => {
    const bus = new EventBus(4);
    const all = Array.from({ length: 6 }, (_, i) => bus.emit("container", "start", `c${i}`));
    for (let i = 1; i < all.length; i++) expect(all[i]!.timeNano > all[i - 1]!.timeNano).toBe(true);
    expect(bus.history().map((e) => e.actor.id)).toEqual(["c2", "c3", "c4", "c5"]);
    expect(bus.history(all[3]!.timeNano, all[4]!.timeNano).map((e) => e.actor.id)).toEqual(["c3", "c4"]);
    expect(bus.history(undefined, all[2]!.timeNano).map((e) => e.actor.id)).toEqual(["c2"]);
  });

  test("subscribers see live events until they unsubscribe; a throwing one harms nobody", () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error("broken listener");
    });
    const stop = bus.subscribe((e) => seen.push(e.action));
    bus.emit("image", "pull", "busybox:latest");
    stop();
    bus.emit("image", "tag", "sha256:x");
    expect(seen).toEqual(["pull"]);
    expect(bus.subscribers).toBe(1);
  });
});

describe("Docker's event filters", () => {
  const bus = new EventBus();
  const start = bus.emit("container", "start", "abcdef0123", { name: "web", image: "busybox:latest", tier: "front" });
  const exec = bus.emit("container", "exec_create: sh -c true", "abcdef0123", { name: "web", image: "busybox:latest", execID: "e1" });
  const pull = bus.emit("image", "pull", "busybox:latest", { name: "busybox" });
  const vol = bus.emit("volume", "create", "data", { driver: "local" });
  const match = (f: Record<string, string[]>) => [start, exec, pull, vol].filter((e) => new EventFilter(f).include(e)).map((e) => `${e.type}/${e.action}`);

  test("type, event (exec_* by prefix), container by name or id prefix, volume by name", () => {
    expect(match({ type: ["image", "volume"] })).toEqual(["image/pull", "volume/create"]);
    expect(match({ event: ["start"] })).toEqual(["container/start"]);
    expect(match({ event: ["exec_create"] })).toEqual(["container/exec_create: sh -c true"]);
    expect(match({ container: ["web"] })).toEqual(["container/start", "container/exec_create: sh -c true"]);
    expect(match({ container: ["abc"] })).toEqual(["container/start", "container/exec_create: sh -c true"]);
    expect(match({ container: ["we"] })).toEqual([]);
    expect(match({ volume: ["data"] })).toEqual(["volume/create"]);
  });

  test("image with or without its tag; labels as key or key=value; keys AND, values OR", () => {
    expect(match({ image: ["busybox"] })).toEqual(["container/start", "container/exec_create: sh -c true", "image/pull"]);
    expect(match({ image: ["busybox:latest"], type: ["image"] })).toEqual(["image/pull"]);
    expect(match({ label: ["tier"] })).toEqual(["container/start"]);
    expect(match({ label: ["tier=back"] })).toEqual([]);
    expect(match({ scope: ["local"], event: ["create", "pull"] })).toEqual(["image/pull", "volume/create"]);
  });

  test("unknown keys and types are refused as Docker refuses them", () => {
    expect(() => new EventFilter({ colour: ["red"] })).toThrow("invalid filter 'colour'");
    expect(() => new EventFilter({ type: ["thing"] })).toThrow("invalid filter 'type=thing'");
  });
});
