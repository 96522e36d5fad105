import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleGetOrder, methodNotAllowed } from "../services/postal/api.server";

export const loader = ({ request, params, context }: LoaderFunctionArgs) => handleGetOrder(context.services, request, params.orderNumber ?? "");
export const action = () => methodNotAllowed("GET");
