// The keychain call bound of lifecycle/ for the doors that keep their own keychain entries
// (bridge/integrity-key.ts), which may not import lifecycle/ themselves.
export { withKeychainTimeout } from '../lifecycle/keychain-timeout';
