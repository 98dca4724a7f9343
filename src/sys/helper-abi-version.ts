import { helper } from "./_ffi.ts";

/** The C helper's ABI version (1); also proves the embedded shared object loads. */
export function helperAbiVersion(): number {
  return helper().bunker_abi_version();
}
