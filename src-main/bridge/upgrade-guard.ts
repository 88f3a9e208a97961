// Who may open a bridge WebSocket, decided from the HTTP upgrade request alone, before ws reads
// a single frame. A page on any site can point a WebSocket at 127.0.0.1, and a hostile site can
// resolve its own name to 127.0.0.1 (DNS rebinding): the Host must name loopback on our port,
// and the Origin must be a real web origin — https, or http only where hospital IT's policy
// lists it. Whether the origin is approved is decided later (yikey.hello asks the holder).
import { webOriginSchema } from '../contract/admin-policy';

export type UpgradeVerdict = { ok: true; origin: string } | { ok: false; status: string };

const loopbackHosts = (port: number): string[] => [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];

export function checkUpgrade(request: {
  url: string | undefined;
  host: string | undefined;
  origin: string | undefined;
  port: number;
  /** True for an origin the page may connect from (https, or http listed by IT). */
  mayConnect: (origin: string) => boolean;
}): UpgradeVerdict {
  if (request.url !== '/') return { ok: false, status: '404 Not Found' };
  if (request.host === undefined || !loopbackHosts(request.port).includes(request.host.toLowerCase()))
    return { ok: false, status: '403 Forbidden' };
  const origin = webOriginSchema.safeParse(request.origin);
  if (!origin.success || !request.mayConnect(origin.data)) return { ok: false, status: '403 Forbidden' };
  return { ok: true, origin: origin.data };
}
