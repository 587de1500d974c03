import { createServer, type AddressInfo, type Server, type Socket } from "node:net";

/** One message the sink accepted. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** Raw DATA (headers + body), dot-unstuffed. */
  data: string;
  headers: Record<string, string>;
  /** Body decoded from quoted-printable when so encoded. */
  text: string;
}

/**
 * A minimal SMTP server for tests on 127.0.0.1: EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET,
 * NOOP, QUIT. `failNextData(n, code)` answers the next n DATA commands with an error reply.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  private server: Server | undefined;
  private sockets = new Set<Socket>();
  private failures: number[] = [];

  async start(): Promise<number> {
    this.server = createServer((socket) => this.session(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as AddressInfo).port;
  }

  failNextData(times: number, replyCode: number): void {
    for (let i = 0; i < times; i++) this.failures.push(replyCode);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.setEncoding("utf8");
    const reply = (line: string): void => void socket.write(`${line}\r\n`);
    let buffer = "";
    let inData = false;
    let from = "";
    let to: string[] = [];
    reply("220 127.0.0.1 test SMTP sink ready");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const data = buffer.slice(0, end + 2).replace(/^\.\./gm, ".");
          buffer = buffer.slice(end + 5);
          inData = false;
          const failure = this.failures.shift();
          if (failure !== undefined) {
            reply(`${failure} temporary test failure`);
          } else {
            this.mails.push(parseMail(from, to, data));
            reply("250 2.0.0 OK queued");
          }
          from = "";
          to = [];
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") {
          reply("250-127.0.0.1 greets you");
          reply("250-8BITMIME");
          reply("250 SMTPUTF8");
        } else if (verb === "HELO") reply("250 127.0.0.1");
        else if (verb === "MAIL") {
          from = /<([^>]*)>/.exec(line)?.[1] ?? "";
          reply("250 2.1.0 OK");
        } else if (verb === "RCPT") {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          reply("250 2.1.5 OK");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 end data with <CR><LF>.<CR><LF>");
        } else if (verb === "RSET") {
          from = "";
          to = [];
          reply("250 OK");
        } else if (verb === "NOOP") reply("250 OK");
        else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
          return;
        } else reply("502 5.5.2 command not implemented");
      }
    });
  }
}

function parseMail(from: string, to: string[], data: string): ReceivedMail {
  const split = data.indexOf("\r\n\r\n");
  const head = data.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = data.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const qp = /quoted-printable/i.test(headers["content-transfer-encoding"] ?? "");
  const text = qp ? decodeQuotedPrintable(body) : body;
  return { from, to, data, headers, text: text.replace(/\r\n$/, "") };
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) in a header value. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === "b"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

function decodeQuotedPrintable(s: string): string {
  const bytes = s.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, "%25"));
}
