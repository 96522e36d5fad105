import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook, methodNotAllowed } from "../services/postal/api.server";

export const loader = () => methodNotAllowed("POST");
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  request.method === "POST" ? handleWebhook(context.services, request, params.partner ?? "") : methodNotAllowed("POST");
