/** RUN --mount values as Docker reads them once variables are known. */
import { describe, expect, test } from "bun:test";
import { parseRunMount } from "../../../src/build/index.ts";
import { InvalidArgument } from "../../../src/lib/index.ts";

describe("parseRunMount", () => {
  test("defaults: a read-only bind; cache and tmpfs are writable", () => {
    expect(parseRunMount("target=/src")).toEqual({ type: "bind", target: "/src", readOnly: true, required: false });
    expect(parseRunMount("type=cache,target=/root/.cache,id=pip,sharing=locked,mode=0700,uid=1000,gid=1000")).toEqual({
      type: "cache", target: "/root/.cache", id: "pip", sharing: "locked", mode: 0o700, uid: 1000, gid: 1000,
      readOnly: false, required: false,
    });
    expect(parseRunMount("type=tmpfs,dst=/tmp,size=64m")).toEqual({
      type: "tmpfs", target: "/tmp", sizeLimit: 64 * 1024 * 1024, readOnly: false, required: false,
    });
  });

  test("aliases, booleans and quoted CSV fields", () => {
    expect(parseRunMount("type=bind,from=build,src=/out,destination=/in,rw")).toMatchObject({
      from: "build", source: "/out", target: "/in", readOnly: false,
    });
    expect(parseRunMount("type=cache,target=/c,ro=true")).toMatchObject({ readOnly: true });
    expect(parseRunMount("type=bind,target=/c,readwrite=false")).toMatchObject({ readOnly: true });
    expect(parseRunMount('type=secret,id=tok,"target=/run/a,b",required,env=TOKEN')).toMatchObject({
      type: "secret", id: "tok", target: "/run/a,b", required: true, env: "TOKEN", readOnly: true,
    });
  });

  test("values go through the expander", () => {
    const vars: Record<string, string> = { DIR: "/cache", ID: "npm" };
    const expand = (w: string) => w.replace(/\$(\w+)/g, (_, n: string) => vars[n] ?? "");
    expect(parseRunMount("type=cache,target=$DIR,id=$ID", expand)).toMatchObject({ target: "/cache", id: "npm" });
  });

  const errors: [string, string][] = [
    ["type=volume,target=/x", 'unsupported mount type "volume"'],
    ["type=cahce,target=/x", 'unsupported mount type "cahce" (did you mean cache?)'],
    ["type=cache,target=/x,sharing=open", 'unsupported sharing value "open"'],
    ["target=/x,size=1m", "unexpected key 'size' for mount type 'bind'"],
    ["target=/x,required", "unexpected key 'required' for mount type 'bind'"],
    ["target=/x,mode=0644", 'mode not allowed for "bind" type mounts'],
    ["type=cache,target=/x,mode=9", "invalid value 9 for mode"],
    ["type=cache,target=/x,uid=-1", "invalid value -1 for uid"],
    ["target=/x,ro=maybe", "invalid value for ro: maybe"],
    ["target=/x,bogus", "invalid field 'bogus' must be a key=value pair"],
    ["target=/x,tagret=/y", "unexpected key 'tagret' in 'tagret=/y' (did you mean target?)"],
    ["type=secret", "invalid secret mount. one of source, target required"],
    ["type=secret,id=a,src=b", "both source and id can't be set"],
    ["type=secret,id=a,from=x", "secret mount should not have a from"],
    ["type=bind,target=/x,sharing=shared", "invalid cache sharing set for bind mount"],
    ['target="/x', 'failed to parse csv mounts: bare " in non-quoted-field'],
  ];
  for (const [spec, message] of errors) {
    test(`${spec} → ${message}`, () => {
      expect(() => parseRunMount(spec)).toThrow(InvalidArgument);
      expect(() => parseRunMount(spec)).toThrow(message);
    });
  }
});
