/**
 * An HTTP proxy in front of the sandbox that rewrites answers, to play an AWS emulator that leaves
 * fields out. Requests pass unchanged (their SigV4 signatures stay valid: the Host header is kept).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RewritingProxy {
  endpoint: string;
  close(): Promise<void>;
}

/** `rewrite` gets the request body (an IAM query: Action=...) and the answer's body, and returns the body to send. */
export async function startRewritingProxy(
  target: string,
  rewrite: (requestBody: string, responseBody: string) => string,
): Promise<RewritingProxy> {
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = http.request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const out = Buffer.from(rewrite(body.toString(), Buffer.concat(parts).toString()));
            res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'content-length': String(out.length) }).end(out);
          });
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The answer with `tags` removed inside the one section named `section` (e.g. <Policies>…</Policies>). */
export function withoutTagsIn(xml: string, section: string, tags: readonly string[]): string {
  const open = xml.indexOf(`<${section}>`);
  const close = xml.indexOf(`</${section}>`, open);
  if (open < 0 || close < 0) return xml;
  let inner = xml.slice(open, close);
  for (const tag of tags) inner = inner.replace(new RegExp(`<${tag}>[^<]*</${tag}>`, 'g'), '');
  return xml.slice(0, open) + inner + xml.slice(close);
}
