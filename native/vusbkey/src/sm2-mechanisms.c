/* Mechanism list and info: SoftHSM's, plus the SM2 ones of the key's vendor numbering. */
#include "vusbkey.h"

static CK_RV slot_vendor(CK_SLOT_ID slotID, const char *fn, const vk_sm2_vendor **vendor, vk_call *call)
{
    CK_RV rv = vk_begin_slot_call(fn, slotID, 1, call);
    *vendor = rv == CKR_OK ? vk_sm2_vendor_of(call->dir) : NULL;
    return rv;
}

VK_EXPORT CK_RV C_GetMechanismList(CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList, CK_ULONG_PTR pulCount)
{
    vk_call call;
    const vk_sm2_vendor *vendor;
    CK_RV rv = slot_vendor(slotID, "C_GetMechanismList", &vendor, &call);
    if (rv != CKR_OK)
        return rv;
    if (!pulCount)
        return CKR_ARGUMENTS_BAD;
    CK_ULONG extra = vendor ? 2 + vendor->sign_count : 0;
    CK_ULONG own = 0;
    if ((rv = VK_HSM(vk_hsm->C_GetMechanismList(call.softhsm_slot, NULL, &own))) != CKR_OK)
        return rv;
    if (!pMechanismList) {
        *pulCount = own + extra;
        return CKR_OK;
    }
    if (*pulCount < own + extra) {
        *pulCount = own + extra;
        return CKR_BUFFER_TOO_SMALL;
    }
    CK_ULONG got = own;
    if ((rv = VK_HSM(vk_hsm->C_GetMechanismList(call.softhsm_slot, pMechanismList, &got))) != CKR_OK)
        return rv;
    if (vendor) {
        pMechanismList[got++] = vendor->key_pair_gen;
        pMechanismList[got++] = vendor->digest;
        for (size_t i = 0; i < vendor->sign_count; i++)
            pMechanismList[got++] = vendor->sign[i].type;
    }
    *pulCount = got;
    return CKR_OK;
}

VK_EXPORT CK_RV C_GetMechanismInfo(CK_SLOT_ID slotID, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR pInfo)
{
    vk_call call;
    const vk_sm2_vendor *vendor;
    CK_RV rv = slot_vendor(slotID, "C_GetMechanismInfo", &vendor, &call);
    if (rv != CKR_OK)
        return rv;
    if (!pInfo)
        return CKR_ARGUMENTS_BAD;
    if (vendor && (type == vendor->key_pair_gen || type == vendor->digest || vk_sm2_sign_mech_of(vendor, type))) {
        pInfo->ulMinKeySize = pInfo->ulMaxKeySize = 256;
        pInfo->flags = CKF_HW | (type == vendor->key_pair_gen ? CKF_GENERATE_KEY_PAIR
                                 : type == vendor->digest     ? CKF_DIGEST
                                                              : CKF_SIGN | CKF_VERIFY);
        if (type == vendor->digest)
            pInfo->ulMinKeySize = pInfo->ulMaxKeySize = 0;
        return CKR_OK;
    }
    return VK_HSM(vk_hsm->C_GetMechanismInfo(call.softhsm_slot, type, pInfo));
}
