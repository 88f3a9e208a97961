/* SM2 verification (C_VerifyInit, C_Verify; single-part) under the key's vendor numbering, with an
 * SM2 public key object: the same mechanisms and inputs as signing (sm2-sign.c) — e, or the message
 * the token hashes with or without Z — and the vendor's signature format. Multi-part verification
 * (C_VerifyUpdate/C_VerifyFinal) of SM2 is not offered: SoftHSM answers those calls as it would with
 * no operation. Any other mechanism or key goes to SoftHSM, which is refused an SM2 key. */
#include "vusbkey.h"

void vk_ops_end_verify(vk_ops *ops)
{
    vk_sm3_free(ops->verify_md);
    ops->verify_md = NULL;
    ops->verify_active = 0;
}

/* The point of an SM2 public key object: CKA_EC_POINT is the DER OCTET STRING 04 41 || 04 x y. */
static CK_RV public_point(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE key, unsigned char point[VK_SM2_POINT_LEN])
{
    unsigned char value[VK_SM2_POINT_LEN + 2];
    CK_ULONG len = sizeof value;
    CK_RV rv = vk_get_attribute(real, key, CKA_EC_POINT, value, &len);
    if (rv != CKR_OK)
        return CKR_KEY_HANDLE_INVALID;
    if (len != sizeof value || value[0] != 0x04 || value[1] != VK_SM2_POINT_LEN || value[2] != 0x04)
        return CKR_KEY_HANDLE_INVALID;
    memcpy(point, value + 2, VK_SM2_POINT_LEN);
    return CKR_OK;
}

static CK_RV sm2_verify_init(const vk_call *call, vk_ops *ops, const vk_sm2_sign_mech *mech,
                             const CK_MECHANISM *mechanism, CK_OBJECT_HANDLE key)
{
    if (ops->verify_active)
        return CKR_OPERATION_ACTIVE;
    CK_RV rv = vk_key_usage_allows(call->real, key, CKA_VERIFY);
    if (rv != CKR_OK || (rv = public_point(call->real, key, ops->verify_point)) != CKR_OK)
        return rv;
    if ((rv = vk_sm2_start_message_hash(mech, mechanism, ops->verify_point, &ops->verify_md)) != CKR_OK) {
        vk_ops_end_verify(ops);
        return rv;
    }
    ops->verify_mech = *mech;
    ops->verify_active = 1;
    return CKR_OK;
}

VK_EXPORT CK_RV C_VerifyInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_VerifyInit", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    if (!pMechanism)
        return CKR_ARGUMENTS_BAD;
    const vk_sm2_sign_mech *mech = vk_sm2_sign_mech_for(call.dir, pMechanism->mechanism);
    vk_obj_kind kind = vk_sm2_object_kind(call.real, hKey);
    if (kind == VK_OBJ_BACKING)
        return CKR_KEY_HANDLE_INVALID;
    if (!mech && kind == VK_OBJ_OTHER)
        return VK_HSM(vk_hsm->C_VerifyInit(call.real, pMechanism, hKey));
    /* ECDSA over the SM2 curve is not SM2; an SM2 mechanism needs an SM2 public key. */
    if (!mech || kind != VK_OBJ_SM2_PUBLIC)
        return CKR_KEY_TYPE_INCONSISTENT;
    vk_ops *ops = vk_session_take_ops(hSession, &rv);
    if (!ops)
        return rv;
    rv = sm2_verify_init(&call, ops, mech, pMechanism, hKey);
    vk_session_put_ops(hSession, ops);
    return rv;
}

VK_EXPORT CK_RV C_Verify(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
                         CK_ULONG ulSignatureLen)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_Verify", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    vk_ops *ops = vk_session_take_ops(hSession, &rv);
    if (!ops)
        return rv;
    if (!ops->verify_active) {
        vk_session_put_ops(hSession, ops);
        return VK_HSM(vk_hsm->C_Verify(call.real, pData, ulDataLen, pSignature, ulSignatureLen));
    }
    unsigned char e[32];
    if ((!pData && ulDataLen) || !pSignature)
        rv = CKR_ARGUMENTS_BAD;
    else
        rv = vk_sm2_message_e(&ops->verify_mech, ops->verify_md, pData, ulDataLen, e);
    if (rv == CKR_OK) {
        int der = ops->verify_mech.format == VK_SM2_SIG_DER;
        if (!der && ulSignatureLen != VK_SM2_RS_LEN)
            rv = CKR_SIGNATURE_LEN_RANGE;
        else if (der && (ulSignatureLen < 8 || ulSignatureLen > VK_SM2_DER_MAX))
            rv = CKR_SIGNATURE_LEN_RANGE;
        else if (!vk_sm2_verify_e(ops->verify_point, e, pSignature, ulSignatureLen, der))
            rv = CKR_SIGNATURE_INVALID;
    }
    vk_ops_end_verify(ops); /* C_Verify always ends the operation, whatever its result */
    vk_session_put_ops(hSession, ops);
    return rv;
}
