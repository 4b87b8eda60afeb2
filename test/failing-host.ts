// A loopback HTTP server that plays every way a download host can fail. The first path segment
// picks the behaviour, the last names the file, served from `files`:
//   /files/NAME     200 with Content-Length (the good case)
//   /moved/NAME     302 to /files/NAME
//   /nolength/NAME  the first half of the file (cut at a line end), no length, connection closed
//   /chunkcut/NAME  chunked encoding, half the file, then the connection is destroyed
//   /partial/NAME   announces the full length, sends half, then hangs up
//   /html/NAME      an HTML page with status 200
//   /swap/NAME      another file's bytes (Outside.csv for DFT_data.csv and back)
//   /tampered/NAME  the file with one digit changed (same size)
//   /empty/NAME     200 with an empty body
//   /trickle/NAME   200, then one byte every 100 ms for ever
//   /stall/NAME     200 headers, then nothing
//   /silent/NAME    no answer at all
//   /404/NAME, /500/NAME   those statuses
//   /loop/NAME      302 to itself (a redirect loop)
//   /ftp/NAME       302 to an ftp:// URL
import * as http from "http";
import * as path from "path";
import { AddressInfo } from "net";

/** A running failing host. */
export interface FailingHost {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Requested paths, in order. */
  hits: string[];
  close(): Promise<void>;
}

function tamper(body: Buffer): Buffer {
  const copy = Buffer.from(body);
  const at = copy.indexOf(",", Math.floor(copy.length / 2)) + 1;
  copy[at] = copy[at] === 0x31 ? 0x32 : 0x31; // a digit after a comma in the middle: "1" <-> "2"
  return copy;
}

/** Starts the host on a free loopback port. */
export async function startFailingHost(files: Record<string, Buffer>): Promise<FailingHost> {
  const hits: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const srv = http.createServer((req, res) => {
    const url = req.url ?? "/";
    hits.push(url);
    const mode = url.split("/")[1];
    const name = path.basename(url);
    const body = files[name];
    if (mode === "silent") return; // never answers; the client's timers must end it
    if (mode === "404") return void res.writeHead(404, "Not Found").end("not found");
    if (mode === "500") return void res.writeHead(500, "Internal Server Error").end("oops");
    if (mode === "loop") return void res.writeHead(302, { location: url }).end();
    if (mode === "ftp") return void res.writeHead(302, { location: `ftp://127.0.0.1/${name}` }).end();
    if (mode === "moved") return void res.writeHead(302, { location: `/files/${name}` }).end();
    if (mode === "html") {
      const page = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in to continue.</body></html>\n";
      return void res.writeHead(200, { "content-type": "text/html", "content-length": Buffer.byteLength(page) }).end(page);
    }
    if (!body) return void res.writeHead(404).end("not found");
    if (mode === "files") return void res.writeHead(200, { "content-length": body.length }).end(body);
    if (mode === "empty") return void res.writeHead(200, { "content-length": 0 }).end();
    if (mode === "tampered") {
      const t = tamper(body);
      return void res.writeHead(200, { "content-length": t.length }).end(t);
    }
    if (mode === "swap") {
      const other = files[name === "DFT_data.csv" ? "Outside.csv" : "DFT_data.csv"];
      return void res.writeHead(200, { "content-length": other.length }).end(other);
    }
    const half = body.subarray(0, body.lastIndexOf("\n", body.length >> 1) + 1 || body.length >> 1);
    if (mode === "nolength") {
      // HTTP/1.0 style: no Content-Length, no chunking; the end of the connection ends the body.
      req.socket.write("HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\nconnection: close\r\n\r\n");
      req.socket.end(half);
      return;
    }
    if (mode === "chunkcut") {
      res.writeHead(200, { "content-type": "text/csv" });
      res.write(half);
      const t = setTimeout(() => res.destroy(), 20);
      timers.add(t);
      return;
    }
    if (mode === "partial") {
      res.writeHead(200, { "content-length": body.length });
      res.write(half);
      const t = setTimeout(() => res.destroy(), 20);
      timers.add(t);
      return;
    }
    if (mode === "trickle" || mode === "stall") {
      res.writeHead(200, { "content-length": body.length });
      res.flushHeaders();
      if (mode === "trickle") {
        let i = 0;
        const t = setInterval(() => res.write(body.subarray(i, ++i)), 100);
        timers.add(t);
        res.on("close", () => clearInterval(t));
      }
      return;
    }
    res.writeHead(400).end(`unknown mode ${mode}`);
  });
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const port = (srv.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
  };
}
