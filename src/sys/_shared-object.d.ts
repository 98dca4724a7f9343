/** `import path from "x.so" with { type: "file" }`: Bun hands back the file's path. */
declare module "*.so" {
  const path: string;
  export default path;
}

/** The monitor program, embedded like the shared object (`with { type: "file" }`). */
declare module "*/bunker-monitor" {
  const path: string;
  export default path;
}
