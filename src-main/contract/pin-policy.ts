// The rules a new PIN must meet (provincial rules art. 18: hard to guess). Pure, so the
// renderer can give live feedback and the main process enforces the same rules before the
// key is touched.

export type PinPolicyViolation =
  | 'too-short'
  | 'too-long'
  | 'not-printable'
  | 'repeated-character'
  | 'simple-sequence'
  | 'same-as-old'
  | 'confirmation-mismatch';

export interface PinPolicyInput {
  newPin: string;
  oldPin?: string;
  /** Omit to skip the confirmation check (e.g. the CLI reads the PIN once). */
  confirmation?: string;
  minLength?: number;
  maxLength?: number;
}

export const defaultPinLengthLimits = { minLength: 6, maxLength: 16 } as const;

/**
 * A key counts a PIN's length in bytes (ulMinPinLen/ulMaxPinLen), and what it does with bytes
 * beyond ASCII differs from maker to maker (a full-width digit typed with a Chinese input
 * method is three UTF-8 bytes). So every PIN is measured in UTF-8 bytes, and only printable
 * ASCII (0x20–0x7E) is ever sent to a key.
 */
export function pinByteLength(pin: string): number {
  return new TextEncoder().encode(pin).length;
}

const printableAscii = /^[\x20-\x7e]*$/;
/** New PINs also leave out the space: invisible, and trimmed by some middleware. */
const printableAsciiWithoutSpace = /^[\x21-\x7e]*$/;

/**
 * Checks a PIN the holder typed to log in or as the current PIN, before it reaches the key.
 * Returns the first problem, or null: a PIN set by another tool may contain a space, so only
 * the key's own limits and the ASCII rule apply here, not the new-PIN rules.
 */
export function checkEnteredPin(input: {
  pin: string;
  minLength: number;
  maxLength: number;
}): 'not-printable' | 'too-short' | 'too-long' | null {
  if (!printableAscii.test(input.pin)) return 'not-printable';
  const bytes = pinByteLength(input.pin);
  if (bytes < input.minLength) return 'too-short';
  if (bytes > input.maxLength) return 'too-long';
  return null;
}

function isSimpleSequence(pin: string): boolean {
  if (pin.length < 3) return false;
  const steps = new Set<number>();
  for (let index = 1; index < pin.length; index++) {
    steps.add(pin.charCodeAt(index) - pin.charCodeAt(index - 1));
  }
  // 123456, 654321, abcdef: one constant step of ±1.
  return steps.size === 1 && (steps.has(1) || steps.has(-1));
}

/** Returns every rule the new PIN breaks; an empty list means it is acceptable. */
export function checkNewPin(input: PinPolicyInput): PinPolicyViolation[] {
  const { newPin } = input;
  const minLength = input.minLength ?? defaultPinLengthLimits.minLength;
  const maxLength = input.maxLength ?? defaultPinLengthLimits.maxLength;
  const violations: PinPolicyViolation[] = [];
  const bytes = pinByteLength(newPin);
  if (bytes < minLength) violations.push('too-short');
  if (bytes > maxLength) violations.push('too-long');
  if (!printableAsciiWithoutSpace.test(newPin)) violations.push('not-printable');
  if (newPin.length > 1 && new Set(newPin).size === 1) violations.push('repeated-character');
  if (isSimpleSequence(newPin)) violations.push('simple-sequence');
  if (input.oldPin !== undefined && input.oldPin === newPin) violations.push('same-as-old');
  if (input.confirmation !== undefined && input.confirmation !== newPin)
    violations.push('confirmation-mismatch');
  return violations;
}

export const pinPolicyMessages: Record<PinPolicyViolation, { zh: string; en: string }> = {
  'too-short': { zh: 'PIN码太短', en: 'The PIN is too short' },
  'too-long': { zh: 'PIN码太长', en: 'The PIN is too long' },
  'not-printable': {
    zh: 'PIN码只能包含英文字母、数字和英文符号，不能有空格或中文、全角字符',
    en: 'Use only English letters, digits and ASCII symbols: no spaces, Chinese or full-width characters',
  },
  'repeated-character': { zh: 'PIN码不能是同一个字符重复', en: 'The PIN cannot be one repeated character' },
  'simple-sequence': {
    zh: 'PIN码不能是简单序列（如123456）',
    en: 'The PIN cannot be a simple sequence like 123456',
  },
  'same-as-old': { zh: '新PIN码不能与旧PIN码相同', en: 'The new PIN must differ from the old one' },
  'confirmation-mismatch': { zh: '两次输入的新PIN码不一致', en: 'The confirmation does not match' },
};
