export * from './one-stop.js';
export * from './tracking.js';
export * from './results.js';
export type { Applicant, Procedure, Official, ReturnChannel } from './common.js';
export { RETURN_CHANNELS } from './common.js';
export { verificationUrl, type IssuerHeader, type RenderedForm, type SignatureArea, type Rect } from './layout.js';
export { formatDate, formatDateTime, placeAndDate, numberToWords, dateInWords } from './format.js';
export { signatureAuthority, withAuthority, isDeputyTitle } from './decree30.js';
export { formatMoney, longDate } from './format.js';
