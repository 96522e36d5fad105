/**
 * The payment platform in tests: the real sandbox simulator on loopback, and a loopback HTTP
 * server standing in for the portal's callback route (it runs the route's own function).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startPaymentSimulator, type PaymentSimulator } from "../simulators/payment-sim";
import type { AppServices } from "../services/context.server";
import { PAYMENT_CALLBACK_PATH, paymentCallbackAnswer } from "../services/payments/payments.server";

export const TEST_GATEWAY_KEY = "sandbox-shared-secret-for-tests-only";
export const TEST_MERCHANT = "000.00.00.H54";

export type PortalCallbackServer = { url: string; answers: Array<{ status: number; body: unknown }>; close(): Promise<void> };

/** A server on port 0 that answers the callback path with `paymentCallbackAnswer`, once `services()` is ready. */
export async function startCallbackServer(services: () => AppServices | undefined): Promise<PortalCallbackServer> {
  const answers: PortalCallbackServer["answers"] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const ready = services();
      if (req.method !== "POST" || req.url !== PAYMENT_CALLBACK_PATH || !ready) {
        res.writeHead(404).end();
        return;
      }
      paymentCallbackAnswer(ready, Buffer.concat(chunks).toString("utf8")).then(
        (answer) => {
          answers.push({ status: answer.status, body: answer.body });
          res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
        },
        (error: unknown) => {
          answers.push({ status: 500, body: String(error) });
          res.writeHead(500).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function startTestSimulator(): Promise<PaymentSimulator> {
  return startPaymentSimulator({ port: 0, secret: TEST_GATEWAY_KEY, merchantCode: TEST_MERCHANT });
}

/** The citizen on the simulator's page: posts the form (pay or cancel) and returns where the browser is sent. */
export async function actOnGatewayPage(paymentUrl: string, action: "thanh-toan" | "huy"): Promise<URL> {
  const page = await fetch(paymentUrl);
  if (page.status !== 200) throw new Error(`payment page answered ${page.status}`);
  const response = await fetch(paymentUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ hanhDong: action }).toString(),
    redirect: "manual",
  });
  if (response.status !== 303) throw new Error(`payment form answered ${response.status}`);
  return new URL(response.headers.get("location")!);
}
