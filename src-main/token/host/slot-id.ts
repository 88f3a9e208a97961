// PKCS#11 slot handles are native CK_ULONG buffers (8 bytes on Unix, 4 on Windows); the rest
// of the app sees them as decimal strings.
export function slotIdOf(handle: Buffer): string {
  return handle.length >= 8 ? handle.readBigUInt64LE(0).toString() : handle.readUInt32LE(0).toString();
}
