import { describe, expect, test } from "bun:test";
import { parseHost } from "../../../src/client/index.ts";
import { SshTransport } from "../../../src/client/ssh-transport.ts";

describe("parseHost", () => {
  test("unix URLs and bare paths", () => {
    expect(parseHost("unix:///run/user/1000/bunker.sock")).toEqual({ kind: "unix", path: "/run/user/1000/bunker.sock", url: "unix:///run/user/1000/bunker.sock" });
    expect(parseHost("/tmp/x.sock").url).toBe("unix:///tmp/x.sock");
  });

  test("tcp:// with Docker's default ports: 2376 with TLS, 2375 without; IPv6 in brackets", () => {
    expect(parseHost("tcp://box:2400")).toEqual({ kind: "tcp", hostname: "box", port: 2400, url: "tcp://box:2400" });
    expect(parseHost("tcp://box")).toMatchObject({ port: 2375 });
    const tls = { verify: true, ca: "/c/ca.pem" };
    expect(parseHost("tcp://box", tls)).toEqual({ kind: "tcp", hostname: "box", port: 2376, url: "tcp://box:2376", tls });
    expect(parseHost("tcp://[::1]:2376")).toMatchObject({ hostname: "::1", url: "tcp://[::1]:2376" });
    expect(() => parseHost("tcp://box:2376/path")).toThrow(/takes no path/);
  });

  test("ssh:// with user and port; passwords and paths are refused", () => {
    expect(parseHost("ssh://me@box:2222")).toEqual({ kind: "ssh", hostname: "box", user: "me", port: 2222, url: "ssh://me@box:2222" });
    expect(parseHost("ssh://box")).toEqual({ kind: "ssh", hostname: "box", user: undefined, port: undefined, url: "ssh://box" });
    expect(() => parseHost("ssh://me:secret@box")).toThrow(/password/);
    expect(() => parseHost("ssh://me@box/var/run/docker.sock")).toThrow(/no path/);
  });

  test("other schemes and relative paths are refused with a reason", () => {
    expect(() => parseHost("npipe:////./pipe/docker")).toThrow(/want unix:\/\/, tcp:\/\/ or ssh:\/\//);
    expect(() => parseHost("unix://relative.sock")).toThrow(/must be absolute/);
    expect(() => parseHost("garbage")).toThrow(/invalid host/);
  });
});

describe("the ssh command line", () => {
  test("as Docker's connection helper: -l USER -p PORT -- HOST bunker system dial-stdio, BUNKER_SSH_OPTS first", () => {
    const saved = process.env.BUNKER_SSH_OPTS;
    try {
      process.env.BUNKER_SSH_OPTS = "-F /tmp/cfg  -o ConnectTimeout=5";
      const t = new SshTransport(parseHost("ssh://me@box:2222") as Extract<ReturnType<typeof parseHost>, { kind: "ssh" }>);
      expect(t.sshArgs()).toEqual(["-F", "/tmp/cfg", "-o", "ConnectTimeout=5", "-T", "-l", "me", "-p", "2222", "--", "box", "bunker", "system", "dial-stdio"]);
      delete process.env.BUNKER_SSH_OPTS;
      const bare = new SshTransport(parseHost("ssh://box") as Extract<ReturnType<typeof parseHost>, { kind: "ssh" }>);
      expect(bare.sshArgs()).toEqual(["-T", "--", "box", "bunker", "system", "dial-stdio"]);
    } finally {
      if (saved === undefined) delete process.env.BUNKER_SSH_OPTS;
      else process.env.BUNKER_SSH_OPTS = saved;
    }
  });
});
