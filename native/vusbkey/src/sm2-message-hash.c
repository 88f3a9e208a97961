/* Where an SM2 signature or verification over a message starts: SM3 over nothing yet, or over Z
 * (GM/T 0003's hash of the signer's ID and public key) for the mechanisms that hash Z || M. Sign
 * and verify take the same mechanisms and the same ID rule, so both start here. */
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
