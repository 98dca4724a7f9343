import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { messageOf } from "../lib/index.ts";
import type { Host } from "./host.ts";
import type { Transport } from "./transport.ts";

type SshHost = Extract<Host, { kind: "ssh" }>;

/** The command every connection runs on the remote machine, as Docker's `docker system dial-stdio`. */
export const remoteDialCommand = ["bunker", "system", "dial-stdio"];

/**
 * ssh://: every connection to the daemon is an `ssh … bunker system dial-stdio` process speaking
 * HTTP over its stdin/stdout, as Docker's connection helper does. Bun's fetch only speaks to
 * sockets, so the transport serves a private unix socket (in a 0700 temp dir) and pipes each
 * connection accepted there to a fresh ssh process; fetch and hijacks then work unchanged.
 */
export class SshTransport implements Transport {
  private proxy?: Promise<string>;
  private server?: Server;
  private dir?: string;
  private readonly children = new Set<ChildProcess>();
  /** The outcome of the latest ssh process: undefined when it succeeded, else why it failed. */
  private lastOutcome?: Promise<string | undefined>;
  private readonly onExit = () => this.close();

  constructor(private readonly host: SshHost) {}

  /** ssh's arguments: BUNKER_SSH_OPTS first (e.g. `-F FILE`), then user, port, host, the remote command. */
  sshArgs(): string[] {
    const { user, port, hostname } = this.host;
    const extra = (process.env.BUNKER_SSH_OPTS ?? "").split(/\s+/).filter(Boolean);
    return [...extra, "-T", ...(user ? ["-l", user] : []), ...(port ? ["-p", String(port)] : []), "--", hostname, ...remoteDialCommand];
  }

  private start(): Promise<string> {
    this.proxy ??= new Promise((resolve, reject) => {
      this.dir = mkdtempSync(join(tmpdir(), "bunker-ssh-")); // 0700
      const path = join(this.dir, "proxy.sock");
      const server = createServer({ allowHalfOpen: true }, (conn) => this.relay(conn));
      this.server = server;
      server.once("error", reject);
      server.listen(path, () => {
        server.off("error", reject);
        server.unref();
        resolve(path);
      });
      process.once("exit", this.onExit);
    });
    return this.proxy;
  }

  /** Pipe one accepted connection to a new ssh process, both ways, half-closes included. */
  private relay(conn: Socket): void {
    const child = spawn("ssh", this.sshArgs(), { stdio: ["pipe", "pipe", "pipe"] });
    this.children.add(child);
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    this.lastOutcome = new Promise((resolve) => {
      child.once("error", (err: NodeJS.ErrnoException) => {
        this.children.delete(child);
        conn.destroy();
        resolve(err.code === "ENOENT" ? "ssh is not installed (Debian's openssh-client package)" : `cannot run ssh: ${err.message}`);
      });
      child.once("close", (code, signal) => {
        this.children.delete(child);
        resolve(code === 0 ? undefined : this.failure(code, signal, stderr.trim()));
      });
    });
    child.stdin!.on("error", () => undefined);
    conn.on("error", () => child.kill());
    conn.pipe(child.stdin!);
    child.stdout!.pipe(conn);
    conn.once("close", () => child.stdin!.end());
  }

  private failure(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
    const how = code !== null ? `exit status ${code}` : `signal ${signal}`;
    const hint = code === 127 ? " (is Bunker installed on the remote host, and `bunker` on the PATH of a non-interactive ssh session?)" : "";
    return `ssh to ${this.host.url} failed (${how})${stderr ? `: ${stderr.split("\n").join("; ")}` : ""}${hint}`;
  }

  async target() {
    return { origin: "http://bunker", options: { unix: await this.start() } };
  }

  async dial(): Promise<Socket> {
    const path = await this.start();
    return new Promise((resolve, reject) => {
      const socket = connect({ path, allowHalfOpen: true });
      socket.once("error", reject);
      socket.once("connect", () => {
        socket.off("error", reject);
        resolve(socket);
      });
    });
  }

  /** ssh's own words when the connection failed because of it (auth, host key, no bunker there). */
  async explain(err: unknown): Promise<string> {
    const outcome = await Promise.race([this.lastOutcome ?? Promise.resolve(undefined), Bun.sleep(5000).then(() => undefined)]);
    return outcome ?? messageOf(err);
  }

  /** Stop the proxy and its ssh processes; resolves once they have exited (at most 2 s). */
  close(): Promise<void> {
    process.off("exit", this.onExit);
    const exited = [...this.children].map((child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("close", () => resolve()))));
    for (const child of this.children) child.kill();
    this.server?.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    return Promise.race([Promise.all(exited).then(() => undefined), Bun.sleep(2000)]);
  }
}
