/** Accepts a SHA-256 fingerprint with or without colons, any case, or a unique prefix of it. */
export function normalizeFingerprint(input: string): string {
  return input.replace(/[:\s]/g, '').toUpperCase();
}

export function fingerprintMatches(fingerprint: string, wanted: string): boolean {
  const normalizedWanted = normalizeFingerprint(wanted);
  return normalizedWanted.length >= 8 && normalizeFingerprint(fingerprint).startsWith(normalizedWanted);
}
