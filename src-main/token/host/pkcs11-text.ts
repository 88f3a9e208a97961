/** PKCS#11 strings are fixed-size, blank-padded and sometimes NUL-filled: the readable part. */
export function pkcs11Text(value: string): string {
  return value.replace(/\0/g, '').trim();
}
