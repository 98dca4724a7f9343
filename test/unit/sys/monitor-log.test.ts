/**
 * The monitor's json-file writer and time formatting (ffi/monitor-log.c) through its test
 * entry points: Docker's exact line format and escaping, 16 KiB splitting, rotation.
 */
import { afterAll, expect, test } from "bun:test";
import { FFIType } from "bun:ffi";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { bindHelper, withMessage } from "../../../src/sys/_ffi.ts";

const { i32, i64, u32, u64, ptr } = FFIType;
const helper = bindHelper({
  bunker_monitor_format_time: { args: [i64, i32, ptr], returns: i32 },
  bunker_monitor_log_test: { args: [ptr, u64, u32, ptr, u32, i64, i32, ptr, i32], returns: i32 },
});

const dir = mkdtempSync("/tmp/bk-monlog-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function formatTime(sec: number, nsec: number): string {
  const out = Buffer.alloc(48);
  const n = helper().bunker_monitor_format_time(sec, nsec, out);
  return out.toString("latin1", 0, n);
}

type Rec = [0 | 1 | 2 | 3, string | Uint8Array];
function records(recs: Rec[]): Buffer {
  return Buffer.concat(
    recs.map(([kind, data]) => {
      const body = typeof data === "string" ? Buffer.from(data) : Buffer.from(data);
      const head = Buffer.alloc(5);
      head[0] = kind;
      head.writeUInt32LE(body.length, 1);
      return Buffer.concat([head, body]);
    }),
  );
}

let n = 0;
function writeLog(recs: Rec[], opts: { maxSize?: number; maxFiles?: number; sec?: number; nsec?: number } = {}): string {
  const path = join(dir, `log-${++n}`, "c.log");
  mkdirSync(join(dir, `log-${n}`), { recursive: true });
  const buf = records(recs);
  const { rc, message } = withMessage((msg, len) =>
    helper().bunker_monitor_log_test(Buffer.from(`${path}\0`), opts.maxSize ?? 0, opts.maxFiles ?? 1, buf.length ? buf : Buffer.alloc(1), buf.length, opts.sec ?? 1700000000, opts.nsec ?? 123456789, msg, len),
  );
  if (rc < 0) throw new Error(message);
  return path;
}

test("RFC3339Nano in UTC, trailing zeros trimmed as Go does", () => {
  expect(formatTime(0, 0)).toBe("1970-01-01T00:00:00Z");
  expect(formatTime(1700000000, 123456789)).toBe("2023-11-14T22:13:20.123456789Z");
  expect(formatTime(1700000000, 120000000)).toBe("2023-11-14T22:13:20.12Z");
  expect(formatTime(1700000000, 1)).toBe("2023-11-14T22:13:20.000000001Z");
  expect(formatTime(951782400, 0)).toBe("2000-02-29T00:00:00Z"); // leap day
  expect(formatTime(4107542399, 0)).toBe("2100-02-28T23:59:59Z"); // 2100 is no leap year
  expect(formatTime(4107542400, 0)).toBe("2100-03-01T00:00:00Z");
  for (const s of [0, 86399, 68169600, 1234567890, 1709164800, 2000000000, 253402300799]) {
    expect(formatTime(s, 0)).toBe(new Date(s * 1000).toISOString().replace(".000Z", "Z"));
  }
});

test("a line as Docker's json-file driver writes it", () => {
  const path = writeLog([[0, "hello\n"], [1, "oops\n"]]);
  expect(readFileSync(path, "utf8")).toBe(
    '{"log":"hello\\n","stream":"stdout","time":"2023-11-14T22:13:20.123456789Z"}\n' +
      '{"log":"oops\\n","stream":"stderr","time":"2023-11-14T22:13:20.123456789Z"}\n',
  );
});

test("escaping: quotes, backslash, controls as \\u00XX, <>&, U+2028, invalid UTF-8 as \\ufffd", () => {
  const bytes = Buffer.concat([
    Buffer.from('q"b\\t\tc\x01\x1f\r<>&é€😀\u2028\u2029'),
    Buffer.from([0xff, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0xe2, 0x82]), // invalid, overlong, surrogate, truncated
    Buffer.from("\n"),
  ]);
  const path = writeLog([[0, bytes]]);
  const line = readFileSync(path, "utf8");
  expect(line).toBe(
    '{"log":"q\\"b\\\\t\\u0009c\\u0001\\u001f\\r\\u003c\\u003e\\u0026é€😀\\u2028\\u2029' +
      "\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd" +
      '\\n","stream":"stdout","time":"2023-11-14T22:13:20.123456789Z"}\n',
  );
  expect((JSON.parse(line) as { log: string }).log.startsWith('q"b\\t\tc')).toBe(true);
});

test("lines split across writes are joined; a last line without newline is written at the end", () => {
  const path = writeLog([[0, "hel"], [1, "err"], [0, "lo\nwor"], [0, "ld"], [2, ""], [3, ""]]);
  const lines: unknown[] = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l) as unknown);
  const time = "2023-11-14T22:13:20.123456789Z";
  expect(lines).toEqual([
    { log: "hello\n", stream: "stdout", time },
    { log: "world", stream: "stdout", time },
    { log: "err", stream: "stderr", time },
  ]);
});

test("a line longer than 16 KiB is split", () => {
  const long = "a".repeat(40000);
  const path = writeLog([[0, `${long}\n`]]);
  const logs = readFileSync(path, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { log: string }).log);
  expect(logs.map((l) => l.length)).toEqual([16384, 16384, 40000 - 32768 + 1]);
  expect(logs.join("")).toBe(`${long}\n`);
});

test("rotation keeps max-files files, none larger than max-size", () => {
  const lines: Rec[] = Array.from({ length: 100 }, (_, i) => [0, `line ${i}\n`]);
  const path = writeLog(lines, { maxSize: 500, maxFiles: 3 });
  const base = join(path, "..");
  expect(readdirSync(base).sort()).toEqual(["c.log", "c.log.1", "c.log.2"]);
  for (const f of readdirSync(base)) expect(statSync(join(base, f)).size).toBeLessThanOrEqual(500);
  const all = ["c.log.2", "c.log.1", "c.log"].flatMap((f) => readFileSync(join(base, f), "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { log: string }).log));
  expect(all.at(-1)).toBe("line 99\n");
  const first = Number(all[0]?.split(" ")[1]);
  expect(all).toEqual(Array.from({ length: 100 - first }, (_, i) => `line ${first + i}\n`));
});

test("max-files 1 truncates in place", () => {
  const lines: Rec[] = Array.from({ length: 50 }, (_, i) => [0, `line ${i}\n`]);
  const path = writeLog(lines, { maxSize: 300, maxFiles: 1 });
  expect(existsSync(`${path}.1`)).toBe(false);
  const text = readFileSync(path, "utf8");
  expect(text.length).toBeLessThanOrEqual(300);
  expect(text).toContain('"line 49\\n"');
});

test("an unwritable log path fails with the reason", () => {
  expect(() => writeLog([[0, "x\n"]], {})).not.toThrow();
  const { rc, message } = withMessage((msg, len) =>
    helper().bunker_monitor_log_test(Buffer.from("/nonexistent/dir/c.log\0"), 0, 1, Buffer.alloc(1), 0, 0, 0, msg, len),
  );
  expect(rc).toBe(-2);
  expect(message).toContain("/nonexistent/dir/c.log");
});
