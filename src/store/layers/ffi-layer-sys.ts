/**
 * The LayerSys of production: mknod and the l*xattr calls through the C helper (sys/), so
 * device nodes, overlay whiteouts, opaque directories and file xattrs all work. Errors are
 * sys/'s SyscallError, whose `code` is the errno name, as LayerSys asks.
 */
import { getXattr, listXattrs, makeNode, NodeKind, SyscallError, setXattr } from "../../sys/index.ts";
import type { LayerSys, NodeType } from "./layer-sys.ts";

const KIND: Record<NodeType, number> = { c: NodeKind.characterDevice, b: NodeKind.blockDevice, p: NodeKind.fifo };
const EOPNOTSUPP = 95;

export const ffiLayerSys: LayerSys = {
  mknod(path, type, mode, major, minor) {
    makeNode(path, KIND[type] | (mode & 0o7777), type === "p" ? 0 : major, type === "p" ? 0 : minor);
  },
  lsetxattr(path, name, value) {
    setXattr(path, name, value);
  },
  lgetxattr(path, name) {
    return getXattr(path, name);
  },
  llistxattr(path) {
    try {
      return listXattrs(path);
    } catch (err) {
      // A file system without xattrs has none to list.
      if (err instanceof SyscallError && err.errno === EOPNOTSUPP) return [];
      throw err;
    }
  },
};
