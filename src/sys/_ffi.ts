/**
 * The C helper (ffi/*.c → ffi/build/libbunker.so), embedded in the compiled binary and opened
 * on first use, so importing sys/ costs nothing until a call. The only bun:ffi import.
 */
import { dlopen, FFIType, type ConvertFns, type FFIFunction } from "bun:ffi";
import { SystemError } from "../lib/index.ts";
import so from "../../ffi/build/libbunker.so" with { type: "file" };

const { i32, ptr } = FFIType;

const symbols = {
  bunker_abi_version: { args: [], returns: i32 },
  bunker_flock: { args: [i32, ptr, i32], returns: i32 },
  bunker_probe_userns: { args: [ptr, i32], returns: i32 },
  bunker_probe_overlay: { args: [ptr, i32, ptr, i32], returns: i32 },
} as const;

/**
 * Lazily bind a group of the helper's functions. Each sys/ file declares the symbols it uses,
 * so adding a C function never means editing a shared table; dlopen of the same object is
 * reference-counted by the dynamic linker.
 */
export function bindHelper<const S extends Record<string, FFIFunction>>(defs: S): () => ConvertFns<S> {
  let bound: ConvertFns<S> | undefined;
  return () => {
    if (bound) return bound;
    try {
      bound = dlopen(so, defs).symbols as ConvertFns<S>;
    } catch (err) {
      throw new SystemError(`cannot load the C helper ${so}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return bound;
  };
}

/** The helper's basic functions (version, lock, probes). */
export const helper = bindHelper(symbols);

const MESSAGE_BYTES = 1024;

/** Calls a helper function with a fresh message buffer; returns its result and the message. */
export function withMessage(call: (msg: Buffer, msglen: number) => number): { rc: number; message: string } {
  const msg = Buffer.alloc(MESSAGE_BYTES);
  const rc = call(msg, MESSAGE_BYTES);
  const end = msg.indexOf(0);
  return { rc, message: msg.toString("utf8", 0, end < 0 ? MESSAGE_BYTES : end) };
}

/** A NUL-terminated copy of a string, for `const char *` arguments. */
export function cString(value: string): Buffer {
  return Buffer.from(`${value}\0`, "utf8");
}
