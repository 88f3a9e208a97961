/* SM3 digests under the vendor's digest mechanism (SoftHSM has no SM3); other digests go to
 * SoftHSM. */
#include "vusbkey.h"

VK_EXPORT CK_RV C_DigestInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_DigestInit", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    const vk_sm2_vendor *vendor =
        pMechanism && (pMechanism->mechanism & CKM_VENDOR_DEFINED) ? vk_sm2_vendor_of(call.dir) : NULL;
    if (!pMechanism || !vendor || pMechanism->mechanism != vendor->digest)
        return VK_HSM(vk_hsm->C_DigestInit(call.real, pMechanism));
    vk_ops *ops = vk_session_take_ops(hSession, &rv);
    if (!ops)
        return rv;
    if (ops->digest_active)
        rv = CKR_OPERATION_ACTIVE;
    else if (!(ops->digest_md = vk_sm3_new()))
        rv = CKR_HOST_MEMORY;
    else
        ops->digest_active = 1;
    vk_session_put_ops(hSession, ops);
    return rv;
}

/* mode: 0 = C_Digest (data then final), 1 = C_DigestUpdate, 2 = C_DigestFinal */
static CK_RV digest_step(const char *fn, CK_SESSION_HANDLE hSession, int mode, CK_BYTE_PTR data, CK_ULONG len,
                         CK_BYTE_PTR out, CK_ULONG_PTR out_len)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call(fn, hSession, &call);
    if (rv != CKR_OK)
        return rv;
    vk_ops *ops = vk_session_take_ops(hSession, &rv);
    if (!ops)
        return rv;
    if (!ops->digest_active) {
        vk_session_put_ops(hSession, ops);
        if (mode == 0)
            return VK_HSM(vk_hsm->C_Digest(call.real, data, len, out, out_len));
        if (mode == 1)
            return VK_HSM(vk_hsm->C_DigestUpdate(call.real, data, len));
        return VK_HSM(vk_hsm->C_DigestFinal(call.real, out, out_len));
    }
    if ((mode != 2 && !data && len) || (mode != 1 && !out_len)) {
        vk_ops_end_digest(ops);
        rv = CKR_ARGUMENTS_BAD;
    } else if (mode != 1 && (!out || *out_len < 32)) {
        rv = out ? CKR_BUFFER_TOO_SMALL : CKR_OK;
        *out_len = 32;
    } else if ((mode != 2 && len && !vk_sm3_update(ops->digest_md, data, len)) ||
               (mode != 1 && !vk_sm3_final(ops->digest_md, out))) {
        vk_ops_end_digest(ops);
        rv = CKR_FUNCTION_FAILED;
    } else if (mode != 1) {
        *out_len = 32;
        vk_ops_end_digest(ops);
    }
    vk_session_put_ops(hSession, ops);
    return rv;
}

VK_EXPORT CK_RV C_Digest(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pDigest,
                         CK_ULONG_PTR pulDigestLen)
{
    return digest_step("C_Digest", hSession, 0, pData, ulDataLen, pDigest, pulDigestLen);
}

VK_EXPORT CK_RV C_DigestUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen)
{
    return digest_step("C_DigestUpdate", hSession, 1, pPart, ulPartLen, NULL, NULL);
}

VK_EXPORT CK_RV C_DigestFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen)
{
    return digest_step("C_DigestFinal", hSession, 2, NULL, 0, pDigest, pulDigestLen);
}
