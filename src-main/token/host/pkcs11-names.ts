// Names for the PKCS#11 numbers a helpdesk reads in the diagnostics report: slot, token and
// mechanism flags, and the mechanisms USBKEYs commonly offer (PKCS#11 v2.40 values). A number
// not in the table stays a number; a vendor-defined mechanism says so.
import { builtOnFirstUse } from '../../contract/built-on-first-use';
import { knownSm2Numberings } from '../sm2-numberings';

const slotFlags: [number, string][] = [
  [0x1, 'CKF_TOKEN_PRESENT'],
  [0x2, 'CKF_REMOVABLE_DEVICE'],
  [0x4, 'CKF_HW_SLOT'],
];

const tokenFlags: [number, string][] = [
  [0x1, 'CKF_RNG'],
  [0x2, 'CKF_WRITE_PROTECTED'],
  [0x4, 'CKF_LOGIN_REQUIRED'],
  [0x8, 'CKF_USER_PIN_INITIALIZED'],
  [0x20, 'CKF_RESTORE_KEY_NOT_NEEDED'],
  [0x40, 'CKF_CLOCK_ON_TOKEN'],
  [0x100, 'CKF_PROTECTED_AUTHENTICATION_PATH'],
  [0x200, 'CKF_DUAL_CRYPTO_OPERATIONS'],
  [0x400, 'CKF_TOKEN_INITIALIZED'],
  [0x800, 'CKF_SECONDARY_AUTHENTICATION'],
  [0x10000, 'CKF_USER_PIN_COUNT_LOW'],
  [0x20000, 'CKF_USER_PIN_FINAL_TRY'],
  [0x40000, 'CKF_USER_PIN_LOCKED'],
  [0x80000, 'CKF_USER_PIN_TO_BE_CHANGED'],
  [0x100000, 'CKF_SO_PIN_COUNT_LOW'],
  [0x200000, 'CKF_SO_PIN_FINAL_TRY'],
  [0x400000, 'CKF_SO_PIN_LOCKED'],
  [0x800000, 'CKF_SO_PIN_TO_BE_CHANGED'],
  [0x1000000, 'CKF_ERROR_STATE'],
];

const mechanismFlags: [number, string][] = [
  [0x1, 'CKF_HW'],
  [0x100, 'CKF_ENCRYPT'],
  [0x200, 'CKF_DECRYPT'],
  [0x400, 'CKF_DIGEST'],
  [0x800, 'CKF_SIGN'],
  [0x1000, 'CKF_SIGN_RECOVER'],
  [0x2000, 'CKF_VERIFY'],
  [0x4000, 'CKF_VERIFY_RECOVER'],
  [0x8000, 'CKF_GENERATE'],
  [0x10000, 'CKF_GENERATE_KEY_PAIR'],
  [0x20000, 'CKF_WRAP'],
  [0x40000, 'CKF_UNWRAP'],
  [0x80000, 'CKF_DERIVE'],
  [0x100000, 'CKF_EC_F_P'],
  [0x200000, 'CKF_EC_F_2M'],
  [0x400000, 'CKF_EC_ECPARAMETERS'],
  [0x800000, 'CKF_EC_NAMEDCURVE'],
  [0x1000000, 'CKF_EC_UNCOMPRESS'],
  [0x2000000, 'CKF_EC_COMPRESS'],
];

const mechanismNames = new Map<number, string>([
  [0x0, 'CKM_RSA_PKCS_KEY_PAIR_GEN'],
  [0x1, 'CKM_RSA_PKCS'],
  [0x2, 'CKM_RSA_9796'],
  [0x3, 'CKM_RSA_X_509'],
  [0x4, 'CKM_MD2_RSA_PKCS'],
  [0x5, 'CKM_MD5_RSA_PKCS'],
  [0x6, 'CKM_SHA1_RSA_PKCS'],
  [0x9, 'CKM_RSA_PKCS_OAEP'],
  [0xd, 'CKM_RSA_PKCS_PSS'],
  [0x10, 'CKM_DSA_KEY_PAIR_GEN'],
  [0x11, 'CKM_DSA'],
  [0x12, 'CKM_DSA_SHA1'],
  [0x13, 'CKM_DSA_SHA224'],
  [0x14, 'CKM_DSA_SHA256'],
  [0x15, 'CKM_DSA_SHA384'],
  [0x16, 'CKM_DSA_SHA512'],
  [0x20, 'CKM_DH_PKCS_KEY_PAIR_GEN'],
  [0x21, 'CKM_DH_PKCS_DERIVE'],
  [0xe, 'CKM_SHA1_RSA_PKCS_PSS'],
  [0x40, 'CKM_SHA256_RSA_PKCS'],
  [0x41, 'CKM_SHA384_RSA_PKCS'],
  [0x42, 'CKM_SHA512_RSA_PKCS'],
  [0x43, 'CKM_SHA256_RSA_PKCS_PSS'],
  [0x44, 'CKM_SHA384_RSA_PKCS_PSS'],
  [0x45, 'CKM_SHA512_RSA_PKCS_PSS'],
  [0x46, 'CKM_SHA224_RSA_PKCS'],
  [0x47, 'CKM_SHA224_RSA_PKCS_PSS'],
  [0x120, 'CKM_DES_KEY_GEN'],
  [0x121, 'CKM_DES_ECB'],
  [0x122, 'CKM_DES_CBC'],
  [0x125, 'CKM_DES_CBC_PAD'],
  [0x130, 'CKM_DES2_KEY_GEN'],
  [0x131, 'CKM_DES3_KEY_GEN'],
  [0x132, 'CKM_DES3_ECB'],
  [0x133, 'CKM_DES3_CBC'],
  [0x136, 'CKM_DES3_CBC_PAD'],
  [0x138, 'CKM_DES3_CMAC'],
  [0x210, 'CKM_MD5'],
  [0x211, 'CKM_MD5_HMAC'],
  [0x220, 'CKM_SHA_1'],
  [0x221, 'CKM_SHA_1_HMAC'],
  [0x250, 'CKM_SHA256'],
  [0x251, 'CKM_SHA256_HMAC'],
  [0x255, 'CKM_SHA224'],
  [0x256, 'CKM_SHA224_HMAC'],
  [0x260, 'CKM_SHA384'],
  [0x261, 'CKM_SHA384_HMAC'],
  [0x270, 'CKM_SHA512'],
  [0x271, 'CKM_SHA512_HMAC'],
  [0x350, 'CKM_GENERIC_SECRET_KEY_GEN'],
  [0x1040, 'CKM_EC_KEY_PAIR_GEN'],
  [0x1041, 'CKM_ECDSA'],
  [0x1042, 'CKM_ECDSA_SHA1'],
  [0x1043, 'CKM_ECDSA_SHA224'],
  [0x1044, 'CKM_ECDSA_SHA256'],
  [0x1045, 'CKM_ECDSA_SHA384'],
  [0x1046, 'CKM_ECDSA_SHA512'],
  [0x1050, 'CKM_ECDH1_DERIVE'],
  [0x1055, 'CKM_EC_EDWARDS_KEY_PAIR_GEN'],
  [0x1057, 'CKM_EDDSA'],
  [0x1080, 'CKM_AES_KEY_GEN'],
  [0x1081, 'CKM_AES_ECB'],
  [0x1082, 'CKM_AES_CBC'],
  [0x1085, 'CKM_AES_CBC_PAD'],
  [0x1086, 'CKM_AES_CTR'],
  [0x1087, 'CKM_AES_GCM'],
  [0x108a, 'CKM_AES_CMAC'],
  [0x1100, 'CKM_DES_ECB_ENCRYPT_DATA'],
  [0x1101, 'CKM_DES_CBC_ENCRYPT_DATA'],
  [0x1102, 'CKM_DES3_ECB_ENCRYPT_DATA'],
  [0x1103, 'CKM_DES3_CBC_ENCRYPT_DATA'],
  [0x1104, 'CKM_AES_ECB_ENCRYPT_DATA'],
  [0x1105, 'CKM_AES_CBC_ENCRYPT_DATA'],
  [0x2000, 'CKM_DSA_PARAMETER_GEN'],
  [0x2001, 'CKM_DH_PKCS_PARAMETER_GEN'],
  [0x2109, 'CKM_AES_KEY_WRAP'],
  [0x210a, 'CKM_AES_KEY_WRAP_PAD'],
]);

const vendorDefined = 0x80000000;

function namesOf(table: [number, string][], flags: number): string[] {
  // Flags above 2^31 do not survive JavaScript's 32-bit bitwise operators; none of ours are there.
  return table.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
}

export const slotFlagNames = (flags: number): string[] => namesOf(slotFlags, flags);
export const tokenFlagNames = (flags: number): string[] => namesOf(tokenFlags, flags);
export const mechanismFlagNames = (flags: number): string[] => namesOf(mechanismFlags, flags);

/**
 * Vendor SM2 mechanisms by their number (token/sm2-numberings.ts), with the numbering that uses
 * it: a vendor number means something else to another vendor, so the report says whose it is.
 */
const sm2MechanismNames = builtOnFirstUse(() => {
  const names = new Map<number, string>();
  for (const numbering of knownSm2Numberings()) {
    for (const mechanism of numbering.mechanisms) {
      const named = `${mechanism.name} (${numbering.id} SM2)`;
      const earlier = names.get(mechanism.value);
      // The report allows 64 characters per name (contract/module-diagnostics-schemas.ts).
      names.set(mechanism.value, (earlier ? `${earlier} / ${named}` : named).slice(0, 64));
    }
  }
  return names;
});

export function mechanismName(type: number): string | null {
  const known = mechanismNames.get(type) ?? sm2MechanismNames().get(type);
  if (known) return known;
  return type >= vendorDefined ? `CKM_VENDOR_DEFINED+0x${(type - vendorDefined).toString(16)}` : null;
}
