// Response headers for everything app://yikey serves. Same policy as browser mode
// (src-main/web/security-headers.ts) except that the renderer talks to main over IPC, so it
// needs no connection at all: connect-src 'none'. Not imported from web/ because the app layer
// does not depend on browser mode, and that policy is built around a loopback port.
import { mediaTypeOf } from '../renderer-assets/media-types';

export const appContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function appResponseHeaders(filePath: string): Record<string, string> {
  return {
    'Content-Type': mediaTypeOf(filePath),
    'Content-Security-Policy': appContentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}
