// Library API of the virtual USBKEY: every operation takes the home directory explicitly so
// tests run in-process against a temp home. The CLI (main.ts) is a thin wrapper.
export {
  caCertificatePath,
  defaultHome,
  ensureHome,
  modulePath,
  sm2CaCertificatePath,
  softhsmLibraryPath,
  VusbkeyError,
} from './paths';
export {
  injectFault,
  isPlugged,
  keyStatus,
  listLabels,
  plug,
  readPinState,
  setLatency,
  status,
  unplug,
  type FaultOptions,
  type KeyStatus,
  type PinState,
} from './key-state';
export {
  addCertificate,
  generateKeyPairOnly,
  initKey,
  testIdNumber,
  writeRawCertificateObject,
  type AddCertificateOptions,
  type InitKeyOptions,
  type InitKeyResult,
  type ObjectId,
  type ProvisionedCertificate,
} from './key-provisioning';
export { ensureTestCa } from './test-ca';
export { ensureSm2TestCa, sm2DefaultUserId } from './sm2-test-ca';
export { sm2Spki } from './sm2-key-pair';
export { sm2Vendors, type Sm2Vendor } from './token-worker-protocol';
export { enableCallLog, readCallLog, type LoggedCall } from './call-log';
