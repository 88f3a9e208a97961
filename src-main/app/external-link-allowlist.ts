// Hosts the app may open in the holder's browser (https only, exact host match). Empty by
// default: a deployment adds its provincial CA's holder portal here (for example the renewal
// page) at build time. Kept in code, not in a setting or environment variable, so nothing a
// page or another local process can influence widens it.
export const externalLinkHosts: readonly string[] = [];
