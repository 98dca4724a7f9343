import { goFloat, goPrint, goQuote, goTypeName } from "./go-values.ts";

function pad(s: string, width: number | undefined, minus: boolean, zero: boolean): string {
  if (width === undefined || [...s].length >= width) return s;
  const fill = width - [...s].length;
  if (minus) return s + " ".repeat(fill);
  if (zero && /^[+-]?[0-9.a-fA-FxX]/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0]! : "";
    return sign + "0".repeat(fill) + s.slice(sign.length);
  }
  return " ".repeat(fill) + s;
}

/** fmt.Sprintf for the verbs templates use: %v %s %q %d %f %e %g %t %x %X %o %b %c %%. */
export function goSprintf(format: string, args: unknown[]): string {
  let out = "";
  let argi = 0;
  const re = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const [, flags = "", w, p, verb = ""] = m;
    if (verb === "%") {
      out += "%";
      continue;
    }
    const width = w === undefined ? undefined : Number(w);
    const prec = p === undefined ? undefined : Number(p || "0");
    const minus = flags.includes("-");
    const plus = flags.includes("+");
    const zero = flags.includes("0") && !minus;
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argi++];
    const bad = () => `%!${verb}(${goTypeName(arg)}=${goPrint(arg)})`;
    let s: string;
    switch (verb) {
      case "v":
        s = typeof arg === "number" && plus && arg >= 0 ? `+${goFloat(arg)}` : goPrint(arg);
        break;
      case "s":
        s = typeof arg === "string" ? arg : goPrint(arg);
        if (prec !== undefined) s = [...s].slice(0, prec).join("");
        break;
      case "q":
        s = typeof arg === "string" ? goQuote(arg) : typeof arg === "number" && Number.isInteger(arg) ? `'${String.fromCodePoint(arg)}'` : bad();
        break;
      case "t":
        s = typeof arg === "boolean" ? String(arg) : bad();
        break;
      case "d":
      case "x":
      case "X":
      case "o":
      case "b":
      case "c": {
        if (typeof arg === "string" && (verb === "x" || verb === "X")) {
          s = Buffer.from(arg).toString("hex");
          if (verb === "X") s = s.toUpperCase();
          break;
        }
        if (typeof arg !== "number" || !Number.isInteger(arg)) {
          s = bad();
          break;
        }
        if (verb === "c") {
          s = String.fromCodePoint(arg);
          break;
        }
        const radix = { d: 10, x: 16, X: 16, o: 8, b: 2 }[verb];
        s = Math.abs(arg).toString(radix);
        if (verb === "X") s = s.toUpperCase();
        if (prec !== undefined) s = s.padStart(prec, "0");
        s = (arg < 0 ? "-" : plus ? "+" : "") + s;
        break;
      }
      case "f":
      case "F":
      case "e":
      case "g":
        if (typeof arg !== "number") {
          s = bad();
          break;
        }
        if (verb === "e") {
          const [mant, e] = arg.toExponential(prec ?? 6).split("e");
          s = `${mant}e${Number(e) < 0 ? "-" : "+"}${String(Math.abs(Number(e))).padStart(2, "0")}`;
        } else if (verb === "g") s = prec === undefined ? goFloat(arg) : String(Number(arg.toPrecision(prec || 1)));
        else s = arg.toFixed(prec ?? 6);
        if (plus && arg >= 0) s = `+${s}`;
        break;
      default:
        s = `%!${verb}(${goTypeName(arg)}=${goPrint(arg)})`;
    }
    out += pad(s, width, minus, zero);
  }
  out += format.slice(last);
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => `${goTypeName(a)}=${goPrint(a)}`).join(", ")})`;
  return out;
}
