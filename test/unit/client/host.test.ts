import { describe, expect, test } from "bun:test";
import { parseHost } from "../../../src/client/index.ts";

describe("parseHost", () => {
  test("unix URLs and bare paths", () => {
    expect(parseHost("unix:///run/user/1000/bunker.sock")).toEqual({ kind: "unix", path: "/run/user/1000/bunker.sock", url: "unix:///run/user/1000/bunker.sock" });
    expect(parseHost("/tmp/x.sock").url).toBe("unix:///tmp/x.sock");
  });
  test("other schemes and relative paths are refused with a reason", () => {
    expect(() => parseHost("tcp://box:2376")).toThrow(/only unix:\/\/ sockets are supported so far/);
    expect(() => parseHost("unix://relative.sock")).toThrow(/must be absolute/);
    expect(() => parseHost("garbage")).toThrow(/invalid host/);
  });
});
