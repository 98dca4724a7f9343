/** `import path from "x.so" with { type: "file" }`: Bun hands back the file's path. */
declare module "*.so" {
  const path: string;
  export default path;
}
