// Placeholder until the CMP codec (src-main/cmp) is merged.
import type { BackendService } from '../workflow/backend-service';

export function createCmpEndpoint(_service: BackendService, _options: { caCertificateDer: Buffer }) {
  return (_der: Buffer): Uint8Array => new Uint8Array();
}
