import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { matchKeysLikeGo } from "../../../src/api/wire/go-json-keys.ts";

const Endpoint = v.object({ Aliases: v.nullish(v.array(v.string())) });
const Body = v.nullish(
  v.object({
    DetachKeys: v.nullish(v.string()),
    Cmd: v.array(v.string()),
    Labels: v.nullish(v.record(v.string(), v.string())),
    Mounts: v.nullish(v.array(v.object({ Target: v.string() }))),
    Networking: v.nullish(v.object({ EndpointsConfig: v.nullish(v.record(v.string(), v.nullish(Endpoint))) })),
    Checked: v.pipe(v.object({ Size: v.number() }), v.check(() => true)),
    Either: v.nullish(v.union([v.string(), v.object({ Name: v.string() })])),
  }),
);

describe("JSON keys matched as Go matches them", () => {
  test("keys differing only in case take the schema's spelling, at every depth", () => {
    const raw = { detachKeys: "ctrl-x", cmd: ["sh"], mounts: [{ target: "/x" }], networking: { endpointsConfig: { mynet: { aliases: ["a"] } } }, checked: { size: 1 }, either: { name: "n" } };
    expect(matchKeysLikeGo(raw, Body)).toEqual({ DetachKeys: "ctrl-x", Cmd: ["sh"], Mounts: [{ Target: "/x" }], Networking: { EndpointsConfig: { mynet: { Aliases: ["a"] } } }, Checked: { Size: 1 }, Either: { Name: "n" } });
    expect(v.parse(Body, matchKeysLikeGo(raw, Body))?.DetachKeys).toBe("ctrl-x");
  });

  test("map keys (labels, network names) are data and stay; unknown keys stay; the exact spelling wins", () => {
    expect(matchKeysLikeGo({ Cmd: [], labels: { Tier: "web", tier: "db" }, Extra: 1 }, Body)).toEqual({ Cmd: [], Labels: { Tier: "web", tier: "db" }, Extra: 1 });
    expect(matchKeysLikeGo({ Cmd: [], DetachKeys: "a", detachkeys: "b" }, Body)).toEqual({ Cmd: [], DetachKeys: "a" });
    expect(matchKeysLikeGo(null, Body)).toBeNull();
    expect(matchKeysLikeGo("text", Body)).toBe("text");
  });
});
