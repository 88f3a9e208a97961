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
  if (newPin.length < minLength) violations.push('too-short');
  if (newPin.length > maxLength) violations.push('too-long');
  // Tokens differ in what they accept beyond printable ASCII; refuse the rest up front.
  if (!/^[\x21-\x7e]*$/.test(newPin)) violations.push('not-printable');
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
  'not-printable': { zh: 'PIN码只能包含字母、数字和符号', en: 'Use only letters, digits and symbols' },
  'repeated-character': { zh: 'PIN码不能是同一个字符重复', en: 'The PIN cannot be one repeated character' },
  'simple-sequence': {
    zh: 'PIN码不能是简单序列（如123456）',
    en: 'The PIN cannot be a simple sequence like 123456',
  },
  'same-as-old': { zh: '新PIN码不能与旧PIN码相同', en: 'The new PIN must differ from the old one' },
  'confirmation-mismatch': { zh: '两次输入的新PIN码不一致', en: 'The confirmation does not match' },
};
