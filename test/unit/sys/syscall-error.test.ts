import { expect, test } from "bun:test";
import { SystemError } from "../../../src/lib/index.ts";
import { errnoName, SyscallError } from "../../../src/sys/index.ts";

test("SyscallError is a SystemError carrying a positive errno and its name", () => {
  const err = SyscallError.fromReturn(-2, "open(/x): No such file or directory");
  expect(err).toBeInstanceOf(SystemError);
  expect(err.status).toBe(500);
  expect(err.name).toBe("SyscallError");
  expect(err.errno).toBe(2);
  expect(err.code).toBe("ENOENT");
  expect(err.message).toBe("open(/x): No such file or directory");
});

test("errno names", () => {
  expect(errnoName(1)).toBe("EPERM");
  expect(errnoName(11)).toBe("EAGAIN");
  expect(errnoName(100000)).toBe("E100000");
  expect(SyscallError.fromReturn(-22, "").message).toContain("EINVAL");
});
