// The holder's ID number (证件号, the subject's serialNumber attribute) is personal data: it is
// shown masked everywhere, as Chinese ID numbers are on receipts — first 6 and last 4 kept
// (region and check digits, enough for the support desk to match a record), the rest '*'.
// Pure functions, so the rule is tested without a browser.

const keptStart = 6;
const keptEnd = 4;

/**
 * 110101198503218727 → 110101********8727. A value of 10 characters or fewer (a staff number,
 * a 工号) cannot keep 6 + 4 and still hide anything: only its first and last quarter are kept.
 */
export function maskIdNumber(value: string): string {
  const characters = [...value];
  const length = characters.length;
  const [start, end] =
    length > keptStart + keptEnd ? [keptStart, keptEnd] : [Math.floor(length / 4), Math.floor(length / 4)];
  return characters
    .map((character, index) => (index < start || index >= length - end ? character : '*'))
    .join('');
}

// A DN value runs until an unescaped ',' or '+' (RFC 4514); '\,' inside a value is kept.
const serialNumberInDn = /(^|[,+]\s*)(SERIALNUMBER=)((?:\\.|[^,+\\])*)/gi;

/** The same mask inside a distinguished name string: "CN=张三, SERIALNUMBER=110101********8727". */
export function maskIdNumberInDn(dn: string): string {
  return dn.replace(
    serialNumberInDn,
    (_match, separator: string, attribute: string, value: string) =>
      `${separator}${attribute}${maskIdNumber(value)}`,
  );
}
