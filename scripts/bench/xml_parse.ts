/**
 * CPU-only micro-benchmark of our XML layer, run in a fresh process so that neither side's
 * heap or JIT state depends on what ran before: parse a recorded GetItem or FindItem reply
 * (`parseXml`), and parse it into Message objects as `getMessages` / `findMessages` do.
 *
 * Usage: xml_parse.ts FILE ITERATIONS WARMUP   (prints one JSON line)
 */
import { readFileSync } from "node:fs";
import process from "node:process";
import { readMessage } from "../../ews/ops/read_item.ts";
import { parseSoapReply, responseMessages } from "../../ews/soap/reply.ts";
import { find, parseXml } from "../../ews/xml/mod.ts";
import { time } from "./timing.ts";

const [file, iterations, warmup] = process.argv.slice(2);
const document = readFileSync(file, "utf8");

const parse = () => parseXml(document);
const parseAndMap = () =>
  responseMessages(parseSoapReply(document, 200)).flatMap((m) =>
    (find(m.element, "m:Items") ?? find(m.element, "m:RootFolder/t:Items"))!.children.map(
      readMessage,
    )
  );

const n = Number(iterations);
const w = Number(warmup);
console.log(JSON.stringify({
  messages: parseAndMap().length,
  parse: await time(parse, n, w),
  parse_and_map: await time(parseAndMap, n, w),
}));
