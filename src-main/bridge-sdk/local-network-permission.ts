// Chrome ≥ 142 asks the holder before a public https page may reach 127.0.0.1 (Local Network
// Access; WebSockets from Chrome 147, the permission later split into 'loopback-network' and
// 'local-network'). A refused permission looks like "nothing listening" to the page, so the SDK
// asks the Permissions API which of the two it was. Browsers without these names throw: unknown.

export type PermissionState = 'granted' | 'denied' | 'prompt' | 'unknown';

interface PermissionsLike {
  query(descriptor: { name: string }): Promise<{ state: string }>;
}

const permissionNames = ['loopback-network', 'local-network-access'];

export async function localNetworkPermission(): Promise<PermissionState> {
  const permissions = (globalThis as { navigator?: { permissions?: PermissionsLike } }).navigator
    ?.permissions;
  if (!permissions) return 'unknown';
  for (const name of permissionNames) {
    try {
      const { state } = await permissions.query({ name });
      if (state === 'granted' || state === 'denied' || state === 'prompt') return state;
    } catch {
      // This browser does not know the name; try the older one.
    }
  }
  return 'unknown';
}
