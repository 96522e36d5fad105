import { createContext, useContext } from "react";

/** The response's CSP nonce on the server; empty in the browser, which hides nonces from scripts. */
export const NonceContext = createContext("");
export const useNonce = () => useContext(NonceContext);
