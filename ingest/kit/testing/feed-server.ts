import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A canned answer, or a handler for anything fancier (slow bodies, redirects, counters). */
export type Route =
  | { status?: number; headers?: Record<string, string>; body?: string | Buffer }
  | ((req: http.IncomingMessage, res: http.ServerResponse) => void);

export interface FeedServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  url(path: string): string;
  /** Replace or add a route while running. */
  route(path: string, r: Route): void;
  /** Requests received, in order, with their headers. */
  requests: Array<{ path: string; headers: http.IncomingHttpHeaders }>;
  /** The query parameters of each request received on `pathname`, in order. */
  queries(pathname: string): URLSearchParams[];
  close(): Promise<void>;
}

/** A fixture HTTP server on 127.0.0.1 (port 0) for connector tests. */
export async function startFeedServer(routes: Record<string, Route> = {}): Promise<FeedServer> {
  const table = new Map(Object.entries(routes));
  const requests: FeedServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const r = table.get(path) ?? table.get(path.split('?')[0]!);
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not found</body></html>');
      return;
    }
    if (typeof r === 'function') return r(req, res);
    res.writeHead(r.status ?? 200, r.headers ?? {}).end(r.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: (p) => `${base}${p}`,
    route: (p, r) => void table.set(p, r),
    requests,
    queries: (pathname) => requests.map((r) => new URL(r.path, base)).filter((u) => u.pathname === pathname).map((u) => u.searchParams),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
