import { expect, test } from "bun:test";
import { responseLines } from "../../../src/cli/response-lines.ts";

function response(chunks: Uint8Array[]): Response {
  return new Response(new ReadableStream<Uint8Array>({ start(c) { for (const x of chunks) c.enqueue(x); c.close(); } }));
}

test("lines of a streamed body: CRLF or LF, split anywhere (inside a UTF-8 character too), the last one without an ending", async () => {
  const bytes = new TextEncoder().encode('{"a":1}\r\n{"s":"é"}\n\n{"last":true}');
  const cut = bytes.indexOf(0xc3) + 1; // inside é
  const lines: string[] = [];
  for await (const l of responseLines(response([bytes.subarray(0, 3), bytes.subarray(3, cut), bytes.subarray(cut)]))) lines.push(l);
  expect(lines).toEqual(['{"a":1}', '{"s":"é"}', "", '{"last":true}']);
});
