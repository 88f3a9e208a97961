/* SM2 signing (C_SignInit, C_Sign, C_SignUpdate, C_SignFinal) under the key's vendor numbering, run
 * by the module itself, and the per-session state of the operations the module runs; any other
 * mechanism goes to SoftHSM. The latency, faults, presence and PIN rules of the virtual key apply
 * exactly as for SoftHSM's mechanisms (vk_begin_session_call). */
#include "vusbkey.h"

void vk_ops_end_sign(vk_ops *ops)
{
    vk_sm3_free(ops->sign_md);
    ops->sign_md = NULL;
    ops->sign_active = 0;
    ops->sign_updated = 0;
    vk_wipe(ops->priv, sizeof ops->priv);
}

void vk_ops_end_digest(vk_ops *ops)
{
    vk_sm3_free(ops->digest_md);
    ops->digest_md = NULL;
    ops->digest_active = 0;
}

void vk_ops_free(vk_ops *ops)
{
    if (!ops)
        return;
    vk_ops_end_sign(ops);
    vk_ops_end_digest(ops);
    vk_ops_end_verify(ops);
    free(ops->found);
    free(ops);
}

static int is_logged_in(CK_SESSION_HANDLE real)
{
    CK_SESSION_INFO info;
    if (VK_HSM(vk_hsm->C_GetSessionInfo(real, &info)) != CKR_OK)
        return 0;
    return info.state == CKS_RO_USER_FUNCTIONS || info.state == CKS_RW_USER_FUNCTIONS;
}

/* Starts an SM2 signature; the scalar stays in the session until the operation ends. */
static CK_RV sm2_sign_init(const vk_call *call, vk_ops *ops, const vk_sm2_sign_mech *mech,
                           const CK_MECHANISM *mechanism, CK_OBJECT_HANDLE key)
{
    if (ops->sign_active)
        return CKR_OPERATION_ACTIVE;
    CK_RV rv = vk_key_usage_allows(call->real, key, CKA_SIGN);
    if (rv != CKR_OK || (rv = vk_sm2_load_private(call->real, key, ops->priv, ops->point)) != CKR_OK)
        return rv;
    if ((rv = vk_sm2_start_message_hash(mech, mechanism, ops->point, &ops->sign_md)) != CKR_OK) {
        vk_ops_end_sign(ops); /* wipes the scalar just loaded */
        return rv;
    }
    ops->sign_mech = *mech;
    ops->sign_active = 1;
    return CKR_OK;
}

VK_EXPORT CK_RV C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_SignInit", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    vk_pin_state pin; /* a real key refuses to sign until its initial PIN has been changed */
    vk_pin_read(call.dir, &pin);
    if (pin.to_be_changed)
        return CKR_PIN_EXPIRED;
    if (!pMechanism)
        return CKR_ARGUMENTS_BAD;
    const vk_sm2_sign_mech *mech = vk_sm2_sign_mech_for(call.dir, pMechanism->mechanism);
    vk_obj_kind kind = vk_sm2_object_kind(call.real, hKey);
    if (kind == VK_OBJ_BACKING)
        return CKR_KEY_HANDLE_INVALID;
    if (!mech && kind != VK_OBJ_SM2_PRIVATE)
        return VK_HSM(vk_hsm->C_SignInit(call.real, pMechanism, hKey));
    if (!mech) /* SoftHSM would run ECDSA over the SM2 curve: not an SM2 signature */
        return CKR_KEY_TYPE_INCONSISTENT;
    if (!is_logged_in(call.real)) /* as for any private key: SoftHSM answers the same */
        return CKR_USER_NOT_LOGGED_IN;
    if (kind != VK_OBJ_SM2_PRIVATE) { /* a key of another type, or no object at all */
        CK_OBJECT_CLASS cls;
        CK_ATTRIBUTE class_attr = {CKA_CLASS, &cls, sizeof cls};
        return VK_HSM(vk_hsm->C_GetAttributeValue(call.real, hKey, &class_attr, 1)) == CKR_OK
                   ? CKR_KEY_TYPE_INCONSISTENT
                   : CKR_KEY_HANDLE_INVALID;
    }
    vk_ops *ops = vk_session_take_ops(hSession, &rv);
    if (!ops)
        return rv;
    rv = sm2_sign_init(&call, ops, mech, pMechanism, hKey);
    vk_session_put_ops(hSession, ops);
    return rv;
}

static CK_ULONG signature_length(const vk_ops *ops)
{
    return ops->sign_mech.format == VK_SM2_SIG_RS ? VK_SM2_RS_LEN : VK_SM2_DER_MAX;
}

/* Signs e and writes the vendor's format. The operation ends unless the buffer was too small. */
static CK_RV finish_signature(vk_ops *ops, const unsigned char e[32], CK_BYTE_PTR out, CK_ULONG_PTR out_len)
{
    unsigned char rs[VK_SM2_RS_LEN];
    CK_RV rv = CKR_OK;
    if (!vk_sm2_sign_e(ops->priv, ops->point, e, rs)) {
        rv = CKR_FUNCTION_FAILED;
    } else if (ops->sign_mech.format == VK_SM2_SIG_RS) {
        memcpy(out, rs, sizeof rs);
        *out_len = sizeof rs;
    } else {
        size_t der_len = *out_len;
        if (!vk_sm2_rs_to_der(rs, out, &der_len))
            rv = CKR_FUNCTION_FAILED;
        *out_len = der_len;
    }
    vk_ops_end_sign(ops);
    return rv;
}

/* NULL output: the length only (the operation goes on); too small: CKR_BUFFER_TOO_SMALL. */
static int length_query(const vk_ops *ops, CK_BYTE_PTR out, CK_ULONG_PTR out_len, CK_RV *rv)
{
    CK_ULONG needed = signature_length(ops);
    if (out && *out_len >= needed)
        return 0;
    *rv = out ? CKR_BUFFER_TOO_SMALL : CKR_OK;
    *out_len = needed;
    return 1;
}

/* The session's operations while the module runs an SM2 signature. NULL with *forward set: no SM2
 * signature is active and SoftHSM answers the call; NULL otherwise: *rv says why. */
static vk_ops *take_sm2_sign(const char *fn, CK_SESSION_HANDLE session, vk_call *call, CK_RV *rv, int *forward)
{
    *forward = 0;
    if ((*rv = vk_begin_session_call(fn, session, call)) != CKR_OK)
        return NULL;
    vk_ops *ops = vk_session_take_ops(session, rv);
    if (ops && !ops->sign_active) {
        vk_session_put_ops(session, ops);
        *forward = 1;
        return NULL;
    }
    return ops;
}

VK_EXPORT CK_RV C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
                       CK_ULONG_PTR pulSignatureLen)
{
    vk_call call;
    CK_RV rv;
    int forward;
    vk_ops *ops = take_sm2_sign("C_Sign", hSession, &call, &rv, &forward);
    if (forward)
        return VK_HSM(vk_hsm->C_Sign(call.real, pData, ulDataLen, pSignature, pulSignatureLen));
    if (!ops)
        return rv;
    if (!pulSignatureLen || (!pData && ulDataLen)) {
        rv = CKR_ARGUMENTS_BAD;
        vk_ops_end_sign(ops);
    } else if (ops->sign_updated) {
        rv = CKR_OPERATION_ACTIVE; /* multi-part was started: C_SignFinal ends it */
    } else if (length_query(ops, pSignature, pulSignatureLen, &rv)) {
        /* rv and the length are set */
    } else {
        unsigned char e[32];
        if ((rv = vk_sm2_message_e(&ops->sign_mech, ops->sign_md, pData, ulDataLen, e)) == CKR_OK)
            rv = finish_signature(ops, e, pSignature, pulSignatureLen);
        else
            vk_ops_end_sign(ops);
    }
    vk_session_put_ops(hSession, ops);
    return rv;
}

VK_EXPORT CK_RV C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen)
{
    vk_call call;
    CK_RV rv;
    int forward;
    vk_ops *ops = take_sm2_sign("C_SignUpdate", hSession, &call, &rv, &forward);
    if (forward)
        return VK_HSM(vk_hsm->C_SignUpdate(call.real, pPart, ulPartLen));
    if (!ops)
        return rv;
    if (ops->sign_mech.input == VK_SM2_INPUT_E) { /* e is one 32-byte value: single-part only */
        rv = CKR_FUNCTION_NOT_SUPPORTED;
        vk_ops_end_sign(ops);
    } else if (!pPart && ulPartLen) {
        rv = CKR_ARGUMENTS_BAD;
        vk_ops_end_sign(ops);
    } else if (ulPartLen && !vk_sm3_update(ops->sign_md, pPart, ulPartLen)) {
        rv = CKR_FUNCTION_FAILED;
        vk_ops_end_sign(ops);
    } else {
        ops->sign_updated = 1;
    }
    vk_session_put_ops(hSession, ops);
    return rv;
}

VK_EXPORT CK_RV C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen)
{
    vk_call call;
    CK_RV rv;
    int forward;
    vk_ops *ops = take_sm2_sign("C_SignFinal", hSession, &call, &rv, &forward);
    if (forward)
        return VK_HSM(vk_hsm->C_SignFinal(call.real, pSignature, pulSignatureLen));
    if (!ops)
        return rv;
    unsigned char e[32];
    if (!pulSignatureLen) {
        rv = CKR_ARGUMENTS_BAD;
        vk_ops_end_sign(ops);
    } else if (ops->sign_mech.input == VK_SM2_INPUT_E) {
        rv = CKR_FUNCTION_NOT_SUPPORTED;
        vk_ops_end_sign(ops);
    } else if (length_query(ops, pSignature, pulSignatureLen, &rv)) {
        /* rv and the length are set */
    } else if (!vk_sm3_final(ops->sign_md, e)) {
        rv = CKR_FUNCTION_FAILED;
        vk_ops_end_sign(ops);
    } else {
        rv = finish_signature(ops, e, pSignature, pulSignatureLen);
    }
    vk_session_put_ops(hSession, ops);
    return rv;
}
