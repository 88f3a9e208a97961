// The part of the holder façade the API needs. Declared as a Pick so the dispatcher follows
// HolderService as it evolves, and tests or a "no module" stand-in can supply their own.
import type { HolderService } from '../holder/holder-service';

export type HolderPort = Pick<
  HolderService,
  | 'listTokens'
  | 'listAll'
  | 'login'
  | 'logout'
  | 'logoutAll'
  | 'changePin'
  | 'sign'
  | 'signEach'
  | 'signingCertificateFor'
  | 'verify'
  | 'certificateDer'
  | 'certificateChain'
  | 'diagnostics'
  | 'onEvent'
>;
