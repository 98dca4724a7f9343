import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ContextStore, cliConfigDir } from "../../../src/config/index.ts";

const dir = mkdtempSync("/tmp/bk-ctx-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("contexts, laid out as Docker's CLI lays them out", () => {
  const store = new ContextStore(dir);
  // sha256("box"), the directory name docker itself uses for a context named "box".
  const boxId = "26f8567f2569182294c3fa5b9f9cb2270b554eef628b4c149cf82a42888ff4ae";

  test("create writes meta.json and the TLS files (0600) under sha256(name)", () => {
    store.create({ name: "box", description: "my box", host: "tcp://box:2376", skipTlsVerify: false }, { "ca.pem": "CA", "key.pem": "KEY" });
    const meta = JSON.parse(readFileSync(join(dir, "contexts/meta", boxId, "meta.json"), "utf8"));
    expect(meta).toEqual({ Name: "box", Metadata: { Description: "my box" }, Endpoints: { docker: { Host: "tcp://box:2376", SkipTLSVerify: false } } });
    const key = join(dir, "contexts/tls", boxId, "docker/key.pem");
    expect(readFileSync(key, "utf8")).toBe("KEY");
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(store.get("box")).toMatchObject({ name: "box", description: "my box", host: "tcp://box:2376", tls: { "ca.pem": join(dir, "contexts/tls", boxId, "docker/ca.pem"), "key.pem": key } });
  });

  test("names: Docker's pattern, 'default' reserved, no duplicates", () => {
    expect(() => store.create({ name: "bad name", host: "unix:///x", skipTlsVerify: false })).toThrow(/is invalid, names are validated against regexp/);
    expect(() => store.create({ name: "default", host: "unix:///x", skipTlsVerify: false })).toThrow('"default" is a reserved context name');
    expect(() => store.create({ name: "box", host: "unix:///x", skipTlsVerify: false })).toThrow('context "box" already exists');
  });

  test("list is sorted; the current context lives in config.json, other keys kept", () => {
    store.create({ name: "alpha", host: "ssh://a", skipTlsVerify: true });
    expect(store.list().map((c) => c.name)).toEqual(["alpha", "box"]);
    expect(store.current()).toBeUndefined();
    writeFileSync(join(dir, "config.json"), JSON.stringify({ detachKeys: "ctrl-x" }));
    store.setCurrent("box");
    expect(JSON.parse(readFileSync(join(dir, "config.json"), "utf8"))).toEqual({ detachKeys: "ctrl-x", currentContext: "box" });
    expect(store.current()).toBe("box");
    store.setCurrent("default");
    expect(store.current()).toBeUndefined();
    expect(JSON.parse(readFileSync(join(dir, "config.json"), "utf8"))).toEqual({ detachKeys: "ctrl-x" });
  });

  test("the CLI config dir: BUNKER_CONFIG, else $XDG_CONFIG_HOME/bunker, else ~/.config/bunker (root too)", () => {
    expect(cliConfigDir({ BUNKER_CONFIG: "/c", XDG_CONFIG_HOME: "/x" })).toBe("/c");
    expect(cliConfigDir({ XDG_CONFIG_HOME: "/x", HOME: "/h" })).toBe("/x/bunker");
    expect(cliConfigDir({ HOME: "/root" })).toBe("/root/.config/bunker");
  });

  test("remove takes the metadata and the TLS files", () => {
    store.remove("box");
    expect(store.get("box")).toBeUndefined();
    expect(existsSync(join(dir, "contexts/tls", boxId))).toBe(false);
    expect(() => store.remove("box")).toThrow('context "box" does not exist');
  });
});
