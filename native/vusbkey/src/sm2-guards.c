/* Operations SoftHSM would run on an SM2 key as if it were an ordinary EC key (ECDH, wrapping):
 * refused, and never on a backing object. Verification: sm2-verify.c. */
#include "vusbkey.h"

static CK_RV refuse_sm2_key(const vk_call *call, CK_OBJECT_HANDLE key)
{
    vk_obj_kind kind = vk_sm2_object_kind(call->real, key);
    if (kind == VK_OBJ_BACKING)
        return CKR_KEY_HANDLE_INVALID;
    return kind == VK_OBJ_OTHER ? CKR_OK : CKR_KEY_TYPE_INCONSISTENT;
}

VK_EXPORT CK_RV C_DeriveKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hBaseKey,
                            CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_DeriveKey", hSession, &call);
    if (rv != CKR_OK || (rv = refuse_sm2_key(&call, hBaseKey)) != CKR_OK)
        return rv;
    return VK_HSM(vk_hsm->C_DeriveKey(call.real, pMechanism, hBaseKey, pTemplate, ulAttributeCount, phKey));
}

VK_EXPORT CK_RV C_WrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hWrappingKey,
                          CK_OBJECT_HANDLE hKey, CK_BYTE_PTR pWrappedKey, CK_ULONG_PTR pulWrappedKeyLen)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_WrapKey", hSession, &call);
    if (rv != CKR_OK || (rv = refuse_sm2_key(&call, hKey)) != CKR_OK ||
        (rv = refuse_sm2_key(&call, hWrappingKey)) != CKR_OK)
        return rv;
    return VK_HSM(vk_hsm->C_WrapKey(call.real, pMechanism, hWrappingKey, hKey, pWrappedKey, pulWrappedKeyLen));
}
