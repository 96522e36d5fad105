import { postalOpenApi } from "../services/postal/openapi";
import { apiJson, methodNotAllowed } from "../services/postal/api.server";

export const loader = () => apiJson(postalOpenApi);
export const action = () => methodNotAllowed("GET");
