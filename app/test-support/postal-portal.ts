/**
 * The portal's postal API routes behind a real HTTP server on loopback, for the postal simulator to
 * call: each request is turned into a Fetch Request and given to the route module's own loader or
 * action, with the test's services as load context.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AppServices } from "../services/context.server";
import * as webhooks from "../routes/api.postal.v1.webhooks.$partner";
import * as orders from "../routes/api.postal.v1.orders._index";
import * as order from "../routes/api.postal.v1.orders.$orderNumber._index";
import * as events from "../routes/api.postal.v1.orders.$orderNumber.events";

type RouteModule = { loader: (args: never) => Response | Promise<Response>; action: (args: never) => Response | Promise<Response> };
const ROUTES: Array<[RegExp, RouteModule, string[]]> = [
  [/^\/api\/postal\/v1\/webhooks\/([^/]+)$/, webhooks as RouteModule, ["partner"]],
  [/^\/api\/postal\/v1\/orders$/, orders as RouteModule, []],
  [/^\/api\/postal\/v1\/orders\/([^/]+)$/, order as RouteModule, ["orderNumber"]],
  [/^\/api\/postal\/v1\/orders\/([^/]+)\/events$/, events as RouteModule, ["orderNumber"]],
];

export async function startPortalApi(services: AppServices) {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(url, { method: req.method, headers, body: req.method === "GET" ? undefined : Buffer.concat(chunks) });
    let response = new Response(JSON.stringify({ error: { code: "not_found", message: "?" } }), { status: 404 });
    for (const [pattern, module, names] of ROUTES) {
      const match = pattern.exec(url.pathname);
      if (!match) continue;
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1])]));
      const handler = req.method === "GET" ? module.loader : module.action;
      response = await handler({ request, params, context: { services } } as never);
      break;
    }
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
