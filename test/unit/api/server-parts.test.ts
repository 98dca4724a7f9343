import { describe, expect, test } from "bun:test";
import { Router } from "../../../src/api/router.ts";
import { splitVersion } from "../../../src/api/index.ts";

describe("splitVersion", () => {
  test("strips a /v1.NN prefix and keeps the rest", () => {
    expect(splitVersion("/v1.44/containers/json")).toEqual({ version: "1.44", rest: "/containers/json" });
    expect(splitVersion("/v1.24/_ping")).toEqual({ version: "1.24", rest: "/_ping" });
    expect(splitVersion("/_ping")).toEqual({ version: "1.44", rest: "/_ping" });
    expect(splitVersion("/v1.44")).toEqual({ version: "1.44", rest: "/v1.44" }); // no route, 404 later
  });
  test("compares versions numerically, not as strings", () => {
    expect(() => splitVersion("/v1.9/info")).toThrow(/too old/);
    expect(() => splitVersion("/v1.100/info")).toThrow(/too new/);
    expect(() => splitVersion("/v2.0/info")).toThrow(/too new/);
    expect(splitVersion("/v1.30/info").version).toBe("1.30");
  });
});

describe("Router", () => {
  const handler = () => undefined;
  const router = new Router([
    { method: "GET", path: "/containers/{id}/json", handler },
    { method: "POST", path: "/containers/{id}/start", handler },
    { method: "GET", path: "/images/{name}/json", handler },
  ]);
  test("matches patterns and decodes params", () => {
    const m = router.match("GET", "/containers/abc%2Fdef/json");
    expect("route" in m && m.params).toEqual({ id: "abc/def" });
    expect("route" in router.match("GET", "/containers/x/json/")).toBe(true);
  });
  test("HEAD falls back to GET routes", () => {
    expect("route" in router.match("HEAD", "/images/x/json")).toBe(true);
  });
  test("a wrong method or path does not match", () => {
    expect(router.match("GET", "/containers/x/start")).toEqual({ methodMismatch: true });
    expect(router.match("GET", "/containers/x/y/json")).toEqual({ methodMismatch: false });
    expect(router.match("GET", "/nothing")).toEqual({ methodMismatch: false });
  });
});

describe("Router with a multi-segment parameter", () => {
  const router = new Router([
    { method: "GET", path: "/images/{name*}/json", handler: () => undefined },
    { method: "POST", path: "/images/{name*}/tag", handler: () => undefined },
  ]);
  test("{name*} spans slashes", () => {
    const m = router.match("GET", "/images/localhost:5000/me/app:1/json");
    expect("route" in m && m.params).toEqual({ name: "localhost:5000/me/app:1" });
    const t = router.match("POST", "/images/busybox/tag");
    expect("route" in t && t.params).toEqual({ name: "busybox" });
    expect("route" in router.match("GET", "/images//json")).toBe(false);
  });
});
