import { describe, expect, test } from "bun:test";
import { GoStruct, Template, TemplateExecError, TemplateParseError, goPrint, renderInspect } from "../../../src/cli/format/index.ts";

const run = (text: string, data: unknown) => Template.parse(text).execute(data);
const parseError = (text: string) => {
  try {
    Template.parse(text);
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateParseError);
    return (err as Error).message;
  }
  throw new Error(`${text} parsed`);
};
const execError = (text: string, data: unknown) => {
  try {
    run(text, data);
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateExecError);
    return (err as Error).message;
  }
  throw new Error(`${text} ran`);
};

const doc = {
  Name: "web",
  State: { Status: "running", Pid: 1234, Running: true, ExitCode: 0 },
  Config: { Labels: { "com.example.team": "core", tier: "front" }, Env: ["A=1", "B=2"], Entrypoint: null },
  Mounts: [{ Source: "/a", Destination: "/data" }],
  NetworkSettings: { Networks: { bridge: { IPAddress: "10.0.0.2" } } },
  Ratio: 0.25,
};

describe("Go text/template: actions and data", () => {
  test("fields, nested fields, variables and the root", () => {
    expect(run("{{.Name}} {{.State.Status}} {{.State.Pid}}", doc)).toBe("web running 1234");
    expect(run("{{with .State}}{{$.Name}}:{{.Status}}{{end}}", doc)).toBe("web:running");
    expect(run("{{$n := .Name}}{{$n}}-{{$n}}", doc)).toBe("web-web");
    expect(run("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", doc)).toBe("2");
    expect(run("{{.}}", "plain")).toBe("plain");
  });

  test("Go's printing of maps, slices, nil and missing keys", () => {
    expect(run("{{.Config.Labels}}", doc)).toBe("map[com.example.team:core tier:front]");
    expect(run("{{.Config.Env}}", doc)).toBe("[A=1 B=2]");
    expect(run("{{.Mounts}}", doc)).toBe("[map[Destination:/data Source:/a]]");
    expect(run("{{.Config.Entrypoint}}", doc)).toBe("<nil>");
    expect(run("{{.Nope}}", doc)).toBe("<no value>");
    expect(run("{{.Ratio}} {{.State.Running}}", doc)).toBe("0.25 true");
    expect(goPrint(1234567.5)).toBe("1.2345675e+06");
  });

  test("index, len, slice", () => {
    expect(run('{{index .Config.Labels "com.example.team"}}', doc)).toBe("core");
    expect(run('{{index .Config.Labels "missing"}}', doc)).toBe("");
    expect(run("{{index .Config.Env 1}}", doc)).toBe("B=2");
    expect(run('{{(index .NetworkSettings.Networks "bridge").IPAddress}}', doc)).toBe("10.0.0.2");
    expect(run("{{len .Config.Env}} {{len .Config.Labels}} {{len .Name}}", doc)).toBe("2 2 3");
    expect(run("{{slice .Name 1}} {{slice .Config.Env 0 1}}", doc)).toBe("eb [A=1]");
  });

  test("if / else if / else, with, comparisons and logic", () => {
    const t = "{{if eq .State.Status \"exited\"}}down{{else if .State.Running}}up{{else}}?{{end}}";
    expect(run(t, doc)).toBe("up");
    expect(run(t, { State: { Status: "exited" } })).toBe("down");
    expect(run("{{with .Missing}}yes{{else}}no{{end}}", doc)).toBe("no");
    expect(run('{{if and .State.Running (ne .Name "db")}}ok{{end}}', doc)).toBe("ok");
    expect(run("{{and 1 0 2}} {{or 0 \"\" \"z\"}} {{not 0}} {{not .Name}}", doc)).toBe("0 z true false");
    expect(run("{{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge \"b\" \"a\"}} {{eq .State.Pid 7 1234}}", doc)).toBe("true true false true true");
    expect(run("{{if .Config.Env}}has env{{end}}{{if .Config.Entrypoint}}has ep{{end}}", doc)).toBe("has env");
  });

  test("range over slices, maps (sorted keys) and integers, with else, break and continue", () => {
    expect(run("{{range .Config.Env}}[{{.}}]{{end}}", doc)).toBe("[A=1][B=2]");
    expect(run("{{range $i, $e := .Config.Env}}{{$i}}={{$e}} {{end}}", doc)).toBe("0=A=1 1=B=2 ");
    expect(run("{{range $k, $v := .Config.Labels}}{{$k}}:{{$v}};{{end}}", doc)).toBe("com.example.team:core;tier:front;");
    expect(run("{{range .Nope}}x{{else}}empty{{end}}", doc)).toBe("empty");
    expect(run("{{range $n, $v := .NetworkSettings.Networks}}{{$n}} {{$v.IPAddress}}{{end}}", doc)).toBe("bridge 10.0.0.2");
    expect(run("{{range 3}}{{.}}{{end}}", null)).toBe("012");
    expect(run('{{range .}}{{if eq . "b"}}{{continue}}{{end}}{{if eq . "d"}}{{break}}{{end}}{{.}}{{end}}', ["a", "b", "c", "d", "e"])).toBe("ac");
  });

  test("pipelines, parentheses and literals", () => {
    expect(run("{{.Name | upper}}", doc)).toBe("WEB");
    expect(run('{{.Name | printf "%s-%s" "x"}}', doc)).toBe("x-web");
    expect(run("{{.Config.Env | len}}", doc)).toBe("2");
    expect(run("{{'a'}} {{0x10}} {{1e3}} {{-2}} {{1.5}} {{true}} {{\"a\\tb\"}} {{`raw\\n`}}", null)).toBe("97 16 1000 -2 1.5 true a\tb raw\\n");
  });

  test("trim markers and comments", () => {
    expect(run("a  {{- .Name -}}  b", doc)).toBe("awebb");
    expect(run("{{/* a comment */}}x {{- /* trimmed */ -}} y", doc)).toBe("xy");
    expect(run("{{range .Config.Env}}\n  {{- .}}\n{{end}}", doc)).toBe("A=1\nB=2\n");
    expect(run("{{3 -}} < {{- 4}}", null)).toBe("3<4");
  });

  test("printf, print and println as Go's fmt", () => {
    expect(run('{{printf "%-5s|%5s|%03d|%.2f|%q|%v|%t|%x|%%" "ab" "cd" 7 3.14159 "q" .Config.Env true 255}}', doc)).toBe('ab   |   cd|007|3.14|"q"|[A=1 B=2]|true|ff|%');
    expect(run('{{printf "%d"}} {{printf "%d" "s"}}', null)).toBe("%!d(MISSING) %!d(string=s)");
    expect(run('{{print 1 2 "a" 3}}|{{println "x" 1}}', null)).toBe("1 2a3|x 1\n");
  });
});

describe("Docker's template functions", () => {
  test("json, join, split, lower, upper, title, truncate, pad", () => {
    expect(run("{{json .State}}", doc)).toBe('{"Status":"running","Pid":1234,"Running":true,"ExitCode":0}');
    expect(run("{{json .Config.Entrypoint}} {{json .Name}}", doc)).toBe('null "web"');
    expect(run('{{join .Config.Env ","}}', doc)).toBe("A=1,B=2");
    expect(run('{{split "a:b:c" ":"}} {{index (split "a:b" ":") 1}}', null)).toBe("[a b c] b");
    expect(run('{{lower "AbC"}} {{upper "abc"}} {{title "hello big world"}}', null)).toBe("abc ABC Hello Big World");
    expect(run('{{truncate "abcdef" 3}} {{truncate "ab" 3}}', null)).toBe("abc ab");
    expect(run('[{{pad "x" 1 2}}][{{pad "" 1 2}}]', null)).toBe("[ x  ][]");
  });

  test("context objects: methods with and without arguments, and {{json .}} of the context", () => {
    const ctx = new GoStruct("*formatter.ContainerContext", { ID: () => "abc", Names: () => "web", Label: (k: unknown) => (k === "tier" ? "front" : "") });
    expect(run('{{.ID}} {{.Names}} {{.Label "tier"}}', ctx)).toBe("abc web front");
    expect(run("{{json .}}", ctx)).toBe('{"ID":"abc","Names":"web"}');
    expect(execError("{{.Nope}}", ctx)).toBe('template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext');
    expect(execError("{{.Label}}", ctx)).toBe('template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0');
  });
});

describe("inspect documents as Docker's typed structs", () => {
  test("a null slice or map prints [] or map[], is empty, and stays null in JSON", () => {
    const inspect = (f: string) => renderInspect(f, [{ Config: { Entrypoint: null, Volumes: null, Image: null } }]);
    expect(inspect("{{.Config.Entrypoint}} {{.Config.Volumes}} {{.Config.Image}} {{json .Config.Entrypoint}} {{len .Config.Volumes}} {{if .Config.Entrypoint}}y{{else}}n{{end}}").text).toBe("[] map[] <nil> null 0 n\n");
    expect(inspect("{{.Nope}}").errors).toEqual(['template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"']);
    expect(inspect("").text).toBe('[\n    {\n        "Config": {\n            "Entrypoint": null,\n            "Volumes": null,\n            "Image": null\n        }\n    }\n]\n');
  });
});

describe("errors in Go's words", () => {
  test("parse errors", () => {
    expect(parseError("{{.Name}")).toBe("template: :1: bad character U+007D '}'");
    expect(parseError("{{.Name")).toBe("template: :1: unclosed action");
    expect(parseError("{{nosuch .Name}}")).toBe('template: :1: function "nosuch" not defined');
    expect(parseError("{{if .Name}}x")).toBe("template: :1: unexpected EOF");
    expect(parseError("{{end}}")).toBe("template: :1: unexpected {{end}}");
    expect(parseError("{{$x}}")).toBe('template: :1: undefined variable "$x"');
    expect(parseError("a\n{{range .}}{{else}}{{else}}{{end}}")).toBe("template: :2: expected end; found {{else}}");
    expect(parseError("{{}}")).toBe("template: :1: missing value for command");
    expect(parseError("{{break}}")).toBe("template: :1: {{break}} outside {{range}}");
  });

  test("execution errors name the line, column and action", () => {
    expect(execError("{{.Name.X}}", doc)).toBe('template: :1:7: executing "" at <.Name.X>: can\'t evaluate field X in type string');
    expect(execError("x\n  {{.Config.Entrypoint.X}}", doc)).toBe('template: :2:11: executing "" at <.Config.Entrypoint.X>: nil pointer evaluating interface {}.X');
    expect(execError("{{index .Config.Env 5}}", doc)).toBe('template: :1:2: executing "" at <index .Config.Env 5>: error calling index: index out of range: 5');
    expect(execError("{{upper 5}}", null)).toBe('template: :1:2: executing "" at <upper 5>: wrong type for value; expected string; got int');
    expect(execError("{{join .Config.Env}}", doc)).toBe('template: :1:2: executing "" at <join .Config.Env>: wrong number of args for join: want 2 got 1');
    expect(execError("{{eq .Name 1}}", doc)).toBe('template: :1:2: executing "" at <eq .Name 1>: error calling eq: incompatible types for comparison');
    expect(execError("{{.Name 1}}", doc)).toBe('template: :1:2: executing "" at <.Name>: Name is not a method but has arguments');
    expect(() => Template.parse("{{.Nope}}").execute(doc, { missingKeyError: true })).toThrow('map has no entry for key "Nope"');
  });
});
