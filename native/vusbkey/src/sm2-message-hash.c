/* Where an SM2 signature or verification over a message starts: SM3 over nothing yet, or over Z
 * (GM/T 0003's hash of the signer's ID and public key) for the mechanisms that hash Z || M; and
 * what both need before and after: the key's usage attribute, and e for a single-part call. Sign
 * and verify take the same mechanisms and the same ID rule, so both use these. */
#include "vusbkey.h"

static const unsigned char default_id[] = "1234567812345678"; /* GM/T 0009 */

CK_RV vk_sm2_start_message_hash(const vk_sm2_sign_mech *mech, const CK_MECHANISM *mechanism,
                                const unsigned char point[VK_SM2_POINT_LEN], void **md)
{
    *md = NULL;
    if (mech->input == VK_SM2_INPUT_E) /* e is passed in: nothing to hash, no ID to take */
        return mechanism->pParameter || mechanism->ulParameterLen ? CKR_MECHANISM_PARAM_INVALID : CKR_OK;
    /* Hashing with Z: the default ID unless the caller passes one as the mechanism parameter
     * (what several vendor libraries accept; our choice for the virtual key). */
    const unsigned char *id = default_id;
    size_t id_len = sizeof default_id - 1;
    int with_z = mech->input == VK_SM2_INPUT_SM3_Z;
    if (with_z && mechanism->pParameter && mechanism->ulParameterLen > 0) {
        id = mechanism->pParameter;
        id_len = mechanism->ulParameterLen;
    }
    unsigned char z[32];
    *md = vk_sm3_new();
    if (*md && (!with_z || (vk_sm2_z(id, id_len, point, z) && vk_sm3_update(*md, z, sizeof z))))
        return CKR_OK;
    vk_sm3_free(*md);
    *md = NULL;
    return with_z && id_len > 8191 ? CKR_MECHANISM_PARAM_INVALID : CKR_FUNCTION_FAILED;
}

CK_RV vk_key_usage_allows(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE key, CK_ATTRIBUTE_TYPE usage)
{
    CK_BBOOL allowed = CK_FALSE;
    CK_ATTRIBUTE attr = {usage, &allowed, sizeof allowed};
    if (VK_HSM(vk_hsm->C_GetAttributeValue(real, key, &attr, 1)) != CKR_OK)
        return CKR_KEY_HANDLE_INVALID;
    return allowed ? CKR_OK : CKR_KEY_FUNCTION_NOT_PERMITTED;
}

CK_RV vk_sm2_message_e(const vk_sm2_sign_mech *mech, void *md, const CK_BYTE *data, CK_ULONG len,
                       unsigned char e[32])
{
    if (mech->input == VK_SM2_INPUT_E) {
        if (len != 32)
            return CKR_DATA_LEN_RANGE;
        memcpy(e, data, 32);
        return CKR_OK;
    }
    if ((len && !vk_sm3_update(md, data, len)) || !vk_sm3_final(md, e))
        return CKR_FUNCTION_FAILED;
    return CKR_OK;
}
