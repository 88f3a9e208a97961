// The PKCS#11 module in use and the trusted CA files, as the settings screen and the
// diagnostics report both show them. Apart from holder-api-schemas.ts so that the diagnostics
// schemas, which the token host and the CLI load at start-up, do not construct the whole
// renderer contract with them (issue 11: zod schemas cost start-up time to build).
import { z } from 'zod';
import { serializedErrorSchema } from './wire-primitives';

export const trustedCaViewSchema = z.object({
  path: z.string(),
  source: z.enum(['setting', 'environment']),
  certificates: z.array(
    z.object({ commonName: z.string().nullable(), dn: z.string(), sha256Fingerprint: z.string() }),
  ),
  /** Why the file is not in use (it went missing after it was saved, or the environment's is bad). */
  error: serializedErrorSchema.nullable(),
});
export type TrustedCaView = z.infer<typeof trustedCaViewSchema>;

export const moduleViewSchema = z.object({
  path: z.string(),
  source: z.enum(['setting', 'environment', 'detected']),
  vendor: z.string().nullable(),
});
export type ModuleView = z.infer<typeof moduleViewSchema>;
