// The pkcs11js addon, imported once for the whole token host. A bundle turns each module's
// `import pkcs11js from 'pkcs11js'` into its own copy of the addon's ~660 exports (esbuild's
// CommonJS interop: one getter per name); with one importer that copy is made once, not six
// times, at every start of the host (issue 11).
export { default } from 'pkcs11js';
