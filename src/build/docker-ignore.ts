import { NotImplemented } from "../lib/index.ts";

/** A .dockerignore file's patterns, matched as Docker matches them. */
export class DockerIgnore {
  constructor(text: string) {
    void text;
  }
  /** Whether `relPath` (slash-separated, relative to the context root) is left out of the context. */
  ignores(relPath: string, isDir: boolean): boolean {
    void relPath, isDir;
    throw new NotImplemented(".dockerignore: in progress");
  }
  /** Whether an ignored directory may still hold re-included (`!pattern`) files, so it must be walked. */
  mayReincludeUnder(dirRelPath: string): boolean {
    void dirRelPath;
    throw new NotImplemented(".dockerignore: in progress");
  }
}
