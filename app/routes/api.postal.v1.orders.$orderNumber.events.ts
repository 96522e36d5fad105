import type { ActionFunctionArgs } from "@remix-run/node";
import { handlePostEvent, methodNotAllowed } from "../services/postal/api.server";

export const loader = () => methodNotAllowed("POST");
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  request.method === "POST" ? handlePostEvent(context.services, request, params.orderNumber ?? "") : methodNotAllowed("POST");
