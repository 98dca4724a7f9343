/**
 * The attach-socket client (src/sys/monitor-connection.ts) and its framing against a fake
 * monitor: frames both ways, events and async iteration, START_OK / START_ERR, close.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { connectMonitor, encodeFrame, FrameDecoder, FrameType, HelloFlag, MonitorConnection, MonitorStartError, type MonitorEvent } from "../../../src/sys/index.ts";

const dir = mkdtempSync("/tmp/bk-monconn-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("frames: header layout and decoding across chunk boundaries", () => {
  const f = encodeFrame(FrameType.stdout, Buffer.from("hi"));
  expect([...f]).toEqual([16, 0, 0, 0, 0, 0, 0, 2, 104, 105]);
  const d = new FrameDecoder();
  const two = Buffer.concat([f, encodeFrame(FrameType.exit, Buffer.from([0, 0, 0, 3, 0, 0, 0, 0]))]);
  const got = [...two].flatMap((b) => d.push(Buffer.from([b])));
  expect(got.map((x) => x.type)).toEqual([16, 18]);
  expect(got[0]?.payload.toString()).toBe("hi");
  expect(d.buffered).toBe(0);
  expect(() => new FrameDecoder().push(Buffer.from([16, 0, 0, 0, 0x7f, 0, 0, 0]))).toThrow();
});

/** A fake monitor: records the frames it gets, lets the test answer. */
async function fakeMonitor(onFrame: (sock: Socket, type: number, payload: Buffer) => void): Promise<{ path: string; server: Server; got: { type: number; payload: Buffer }[] }> {
  const path = join(dir, `m${Math.random().toString(36).slice(2)}.sock`);
  const got: { type: number; payload: Buffer }[] = [];
  const server = createServer((sock) => {
    const dec = new FrameDecoder();
    sock.on("data", (chunk: Buffer) => {
      for (const f of dec.push(chunk)) {
        got.push(f);
        onFrame(sock, f.type, f.payload);
      }
    });
    sock.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { path, server, got };
}

function be32(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeInt32BE(v, 4 * i));
  return b;
}

test("hello, pid, output events, exit, close; client frames are encoded as runtime.h says", async () => {
  const { path, server, got } = await fakeMonitor((sock, type) => {
    if (type === FrameType.hello) {
      sock.write(encodeFrame(FrameType.pid, be32(4242)));
      sock.write(Buffer.concat([encodeFrame(FrameType.stdout, Buffer.from("out")), encodeFrame(FrameType.stderr, Buffer.from("err"))]));
    }
    if (type === FrameType.signal) {
      sock.write(encodeFrame(FrameType.exit, be32(137, 9)));
      sock.end();
    }
  });
  const c = await connectMonitor(path, { output: true, replay: true });
  const events: MonitorEvent[] = [];
  const iterating = (async () => {
    for await (const e of c) events.push(e);
  })();
  const out: string[] = [];
  c.onStdout((d) => out.push(`o:${d}`));
  c.onStderr((d) => out.push(`e:${d}`));
  await new Promise<void>((r) => c.on("pid", () => r()));
  expect(c.pid).toBe(4242);
  c.writeStdin(Buffer.alloc(100 * 1024, 1));
  c.closeStdin();
  c.resize(30, 100);
  c.signal(9);
  expect(await c.waitExit()).toEqual({ exitCode: 137, signal: 9 });
  await iterating;
  expect(out).toEqual(["o:out", "e:err"]);
  expect(events.map((e) => e.type)).toEqual(["pid", "stdout", "stderr", "exit"]);
  expect(got[0]).toEqual({ type: FrameType.hello, payload: be32(HelloFlag.output | HelloFlag.replay) });
  expect(got.filter((f) => f.type === FrameType.stdin).map((f) => f.payload.length)).toEqual([65536, 100 * 1024 - 65536]);
  expect(got.find((f) => f.type === FrameType.stdinClose)?.payload.length).toBe(0);
  expect([...(got.find((f) => f.type === FrameType.resize)?.payload ?? [])]).toEqual([0, 30, 0, 100]);
  expect(got.find((f) => f.type === FrameType.signal)?.payload).toEqual(be32(9));
  expect(c.closed).toBe(true);
  server.close();
});

test("start(): START_OK resolves, START_ERR rejects with the exit code and message", async () => {
  let n = 0;
  const { path, server } = await fakeMonitor((sock, type) => {
    if (type !== FrameType.start) return;
    if (n++ === 0) sock.write(encodeFrame(FrameType.startOk));
    else sock.write(encodeFrame(FrameType.startErr, Buffer.concat([be32(127), Buffer.from("exec /bin/nope: No such file or directory")])));
  });
  const c = await MonitorConnection.connect(path);
  c.hello();
  await c.start();
  let caught: unknown;
  try {
    await c.start();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(MonitorStartError);
  expect((caught as MonitorStartError).exitCode).toBe(127);
  expect((caught as MonitorStartError).message).toBe("exec /bin/nope: No such file or directory");
  c.close();
  server.close();
});

test("a connection that closes before START is answered rejects; connect to nothing fails", async () => {
  const { path, server } = await fakeMonitor((sock, type) => {
    if (type === FrameType.start) sock.destroy();
  });
  const c = await connectMonitor(path);
  await expect(c.start()).rejects.toBeInstanceOf(MonitorStartError);
  expect(await c.waitExit()).toBeUndefined();
  server.close();
  await expect(MonitorConnection.connect(join(dir, "none.sock"))).rejects.toThrow("connect to monitor");
});

test("greeted(): waits for the monitor's answer to hello (its PID frame), or the close", async () => {
  let answer!: () => void;
  const { path, server } = await fakeMonitor((sock, type) => {
    if (type === FrameType.hello) answer = () => sock.write(encodeFrame(FrameType.pid, be32(7)));
  });
  const c = await connectMonitor(path, { output: true });
  let greeted = false;
  const waiting = c.greeted().then(() => (greeted = true));
  await Bun.sleep(50);
  expect(greeted).toBe(false);
  answer();
  await waiting;
  expect(c.pid).toBe(7);
  await c.greeted(); // already greeted: at once

  const silent = await connectMonitor(path);
  const closing = silent.greeted();
  silent.close();
  await closing;
  expect(silent.pid).toBeUndefined();
  server.close();
});
