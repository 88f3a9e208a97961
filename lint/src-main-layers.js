// The layers of src-main (docs/architecture.md), as one table that eslint.config.js turns into
// import rules and test/unit/lint/layer-rules.test.ts checks pair by pair.
//   doors (cli, web, app, demo) → core (holder-api: the contract's server side and composition)
//   → holder façade → lifecycle → cmp | token | certs | signing → sm2 (public SM2/SM3 maths) → contract
// Each folder names the folders it may import besides its own (or, as 'folder/file', one plain file
// of a folder it may not import otherwise); every other folder of the table is forbidden to it. A new
// layer is one line. A door never reaches the token host, certificates or
// CMS code directly: it goes through the façade, so no use case is written twice.

/** @type {Record<string, readonly string[]>} */
export const mayImport = {
  contract: [],
  sm2: ['contract'],
  certs: ['contract', 'sm2'],
  signing: ['contract', 'sm2', 'certs'],
  token: ['contract', 'sm2'],
  // CMP/CRMF messages, protection and transport: pure except for HTTP; shared with the backend.
  cmp: ['contract', 'sm2', 'certs'],
  // The request journal and workflows: compose cmp, token, certs and signing for the façade.
  lifecycle: ['contract', 'sm2', 'certs', 'signing', 'token', 'cmp'],
  holder: ['contract', 'sm2', 'certs', 'signing', 'token', 'cmp', 'lifecycle'],
  'holder-api': ['contract', 'sm2', 'certs', 'signing', 'token', 'cmp', 'lifecycle', 'holder'],
  // The EMR bridge: a door for web pages that browser mode, the Electron shell and the demo
  // start; it reaches the key only through the holder façade and holder-api's core.
  bridge: ['contract', 'holder', 'holder-api'],
  cli: ['contract', 'holder', 'holder-api'],
  web: ['contract', 'holder', 'holder-api', 'bridge'],
  app: ['contract', 'holder', 'holder-api', 'bridge'],
  demo: ['contract', 'holder', 'holder-api', 'bridge', 'web'],
  // Outside the layers: the SDK runs in hospitals' web pages (nothing of src-main but the bridge's
  // zod-free constants and SM2's pure maths), the verifier on EMR servers (CMS and certificate code only).
  // SM2 in the page (SOF_VerifySignedData): sm2/'s two pure, Buffer- and BigInt-literal-free files.
  'bridge-sdk': ['contract/bridge-constants', 'sm2/sm2-curve', 'sm2/sm3'],
  'bridge-verifier': ['contract', 'certs', 'signing'],
};

/** Single files ('folder/file') that `folder` may import from a folder forbidden to it. */
export function allowedFilesFor(folder) {
  return (mayImport[folder] ?? []).filter((entry) => entry.includes('/'));
}

/** Folders of src-main that files in `folder` must not import. */
export function forbiddenFor(folder) {
  const allowed = mayImport[folder] ?? [];
  return Object.keys(mayImport).filter((other) => other !== folder && !allowed.includes(other));
}
