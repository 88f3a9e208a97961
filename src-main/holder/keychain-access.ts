// lifecycle/'s keychain access (keytar on demand, the call bound) for the doors that keep their
// own keychain entries (bridge/integrity-key.ts), which may not import lifecycle/ themselves.
export { loadKeytar, withKeychainTimeout } from '../lifecycle/keychain-access';
