/* PKCS#11 has no standard SM2 numbers (OASIS pkcs11 issue #119), so every vendor library uses
 * its own. A virtual key speaks one numbering, named in keys/<label>/sm2-vendor at init, as a
 * real token's library would. Where each value comes from is in README.md ("SM2"). */
#include "vusbkey.h"

/* Longmai mToken GM3000 (values read from libgm3000_pkcs11.so). */
static const vk_sm2_sign_mech longmai_sign[] = {
    {0x83000000UL, VK_SM2_INPUT_E, VK_SM2_SIG_RS},     /* CKM_SM2: e in, r||s out */
    {0x83000001UL, VK_SM2_INPUT_SM3_Z, VK_SM2_SIG_RS}, /* CKM_SM3_SM2: token computes SM3(Z||M) */
};

/* Sansec / TASS / Koal (swpkcs11.h: CKM_SM2 = CKM_VENDOR_DEFINED + 0x8000). */
static const vk_sm2_sign_mech sansec_sign[] = {
    {0x80008100UL, VK_SM2_INPUT_SM3, VK_SM2_SIG_RS},    /* CKM_SM3_SM2: SM3(M) WITHOUT Z */
    {0x80008101UL, VK_SM2_INPUT_SM3, VK_SM2_SIG_DER},   /* CKM_SM3_SM2_DER */
    {0x80008102UL, VK_SM2_INPUT_SM3_Z, VK_SM2_SIG_RS},  /* CKM_SM3_SM2_APPID1: Z with the default ID */
    {0x80008103UL, VK_SM2_INPUT_SM3_Z, VK_SM2_SIG_DER}, /* CKM_SM3_SM2_APPID1_DER */
    {0x80008104UL, VK_SM2_INPUT_E, VK_SM2_SIG_DER},     /* CKM_SM2_SIGN: e in, DER out */
    {0x80008105UL, VK_SM2_INPUT_E, VK_SM2_SIG_RS},      /* CKM_SM2_SIGN_NO_DER: e in, r||s out */
};

static const vk_sm2_vendor vendors[] = {
    {
        .name = "longmai",
        .key_type = 0x84000020UL,
        /* UNVERIFIED: no Longmai key-pair-generation number was found in public material; this
         * value is our choice. CKM_EC_KEY_PAIR_GEN with the SM2 curve works on every numbering. */
        .key_pair_gen = 0x83000010UL,
        .digest = 0x83000300UL, /* CKM_SM3 */
        .sign = longmai_sign,
        .sign_count = sizeof longmai_sign / sizeof longmai_sign[0],
    },
    {
        .name = "sansec",
        .key_type = 0x80000004UL,     /* CKK_SM2 = CKK_VENDOR_DEFINED + 4 */
        .key_pair_gen = 0x80008001UL, /* CKM_SM2_KEY_PAIR_GEN = CKM_SM2 + 1 (swpkcs11.h) */
        .digest = 0x80009001UL,       /* CKM_SM3_HASH = CKM_VENDOR_DEFINED + 0x9001 (swpkcs11.h) */
        .sign = sansec_sign,
        .sign_count = sizeof sansec_sign / sizeof sansec_sign[0],
    },
};

const vk_sm2_vendor *vk_sm2_vendor_of(const char *dir)
{
    char path[PATH_MAX], name[32];
    if (dir[0] == '\0' || vk_path(path, sizeof path, dir, "sm2-vendor") != 0 ||
        vk_read_file(path, name, sizeof name) <= 0)
        return NULL;
    for (size_t i = 0; i < sizeof vendors / sizeof vendors[0]; i++)
        if (strcmp(vendors[i].name, name) == 0)
            return &vendors[i];
    return NULL;
}

const vk_sm2_sign_mech *vk_sm2_sign_mech_of(const vk_sm2_vendor *vendor, CK_MECHANISM_TYPE type)
{
    for (size_t i = 0; vendor && i < vendor->sign_count; i++)
        if (vendor->sign[i].type == type)
            return &vendor->sign[i];
    return NULL;
}

const vk_sm2_vendor *vk_sm2_vendor_for_template(const char *dir, const CK_ATTRIBUTE *template, CK_ULONG count)
{
    for (CK_ULONG i = 0; template && i < count; i++)
        if (template[i].type == CKA_KEY_TYPE)
            return vk_sm2_vendor_of(dir);
    return NULL;
}

int vk_sm2_is_vendor_key_type(const CK_ATTRIBUTE *a, const vk_sm2_vendor *vendor)
{
    return vendor && a->type == CKA_KEY_TYPE && a->pValue && a->ulValueLen == sizeof(CK_KEY_TYPE) &&
           *(const CK_KEY_TYPE *)a->pValue == vendor->key_type;
}

/* Standard mechanisms never need the vendor file read (the common, RSA/ECDSA case). */
const vk_sm2_sign_mech *vk_sm2_sign_mech_for(const char *dir, CK_MECHANISM_TYPE type)
{
    return type & CKM_VENDOR_DEFINED ? vk_sm2_sign_mech_of(vk_sm2_vendor_of(dir), type) : NULL;
}
