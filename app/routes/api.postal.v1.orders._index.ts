import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleListOrders, methodNotAllowed } from "../services/postal/api.server";

export const loader = ({ request, context }: LoaderFunctionArgs) => handleListOrders(context.services, request);
export const action = () => methodNotAllowed("GET");
