/* Object calls that must treat SM2 objects specially: the vendor's key type is reported, the
 * backing object answers CKR_OBJECT_HANDLE_INVALID to everyone, and what ties an SM2 key to its
 * backing (or makes it SM2) cannot be changed, copied, imported or forged. */
#include "vusbkey.h"

static CK_BBOOL bool_attribute(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type)
{
    CK_BBOOL value = CK_FALSE;
    CK_ULONG len = sizeof value;
    if (vk_get_attribute(real, object, type, &value, &len) != CKR_OK)
        return CK_FALSE;
    return value;
}

/* A session call naming an object: the backing object of an SM2 key does not exist for callers. */
static CK_RV begin_object_call(const char *fn, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object, vk_call *call,
                               vk_obj_kind *kind)
{
    CK_RV rv = vk_begin_session_call(fn, session, call);
    if (rv != CKR_OK)
        return rv;
    *kind = vk_sm2_object_kind(call->real, object);
    return *kind == VK_OBJ_BACKING ? CKR_OBJECT_HANDLE_INVALID : CKR_OK;
}

VK_EXPORT CK_RV C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                                    CK_ULONG ulCount)
{
    vk_call call;
    vk_obj_kind kind;
    CK_RV rv = begin_object_call("C_GetAttributeValue", hSession, hObject, &call, &kind);
    if (rv != CKR_OK)
        return rv;
    rv = VK_HSM(vk_hsm->C_GetAttributeValue(call.real, hObject, pTemplate, ulCount));
    if (kind == VK_OBJ_OTHER || !pTemplate)
        return rv;
    /* SoftHSM stores an imported CKK_EC key; the caller sees the key the token generated. */
    const vk_sm2_vendor *vendor = vk_sm2_vendor_of(call.dir);
    for (CK_ULONG i = 0; i < ulCount; i++) {
        CK_ATTRIBUTE *a = &pTemplate[i];
        if (!a->pValue || a->ulValueLen == CK_UNAVAILABLE_INFORMATION)
            continue;
        if (a->type == CKA_KEY_TYPE && vendor && a->ulValueLen == sizeof(CK_KEY_TYPE))
            *(CK_KEY_TYPE *)a->pValue = vendor->key_type;
        if (kind != VK_OBJ_SM2_PRIVATE || a->ulValueLen != sizeof(CK_BBOOL))
            continue;
        if (a->type == CKA_LOCAL)
            *(CK_BBOOL *)a->pValue = CK_TRUE;
        else if (a->type == CKA_ALWAYS_SENSITIVE) /* SENSITIVE can only ever be switched on */
            *(CK_BBOOL *)a->pValue = bool_attribute(call.real, hObject, CKA_SENSITIVE);
        else if (a->type == CKA_NEVER_EXTRACTABLE) /* EXTRACTABLE can only ever be switched off */
            *(CK_BBOOL *)a->pValue = !bool_attribute(call.real, hObject, CKA_EXTRACTABLE);
    }
    return rv;
}

/* What ties the three objects together, and what makes them SM2, cannot be changed. */
static CK_RV refuse_structural(const CK_ATTRIBUTE *template, CK_ULONG count)
{
    for (CK_ULONG i = 0; template && i < count; i++)
        if (vk_sm2_is_structural(template[i].type))
            return CKR_ATTRIBUTE_READ_ONLY;
    return CKR_OK;
}

VK_EXPORT CK_RV C_SetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                                    CK_ULONG ulCount)
{
    vk_call call;
    vk_obj_kind kind;
    CK_RV rv = begin_object_call("C_SetAttributeValue", hSession, hObject, &call, &kind);
    if (rv != CKR_OK)
        return rv;
    if (kind != VK_OBJ_OTHER && (rv = refuse_structural(pTemplate, ulCount)) != CKR_OK)
        return rv;
    return VK_HSM(vk_hsm->C_SetAttributeValue(call.real, hObject, pTemplate, ulCount));
}

VK_EXPORT CK_RV C_CopyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                             CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phNewObject)
{
    vk_call call;
    vk_obj_kind kind;
    CK_RV rv = begin_object_call("C_CopyObject", hSession, hObject, &call, &kind);
    if (rv != CKR_OK)
        return rv;
    if (kind == VK_OBJ_SM2_PRIVATE) /* a copy would share, and then outlive, its backing object */
        return CKR_ACTION_PROHIBITED;
    if (kind == VK_OBJ_SM2_PUBLIC && (rv = refuse_structural(pTemplate, ulCount)) != CKR_OK)
        return rv;
    return VK_HSM(vk_hsm->C_CopyObject(call.real, hObject, pTemplate, ulCount, phNewObject));
}

VK_EXPORT CK_RV C_DestroyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject)
{
    vk_call call;
    vk_obj_kind kind;
    CK_RV rv = begin_object_call("C_DestroyObject", hSession, hObject, &call, &kind);
    if (rv != CKR_OK)
        return rv;
    unsigned char point[VK_SM2_POINT_LEN];
    int has_point = kind == VK_OBJ_SM2_PRIVATE && vk_sm2_public_point_of(call.real, hObject, point) == CKR_OK;
    rv = VK_HSM(vk_hsm->C_DestroyObject(call.real, hObject));
    if (rv == CKR_OK && has_point) { /* the key is gone: so is the scalar behind it */
        CK_OBJECT_HANDLE backing[8];
        CK_ULONG count = 0;
        if (vk_sm2_find_backing(call.real, point, backing, 8, &count) == CKR_OK)
            for (CK_ULONG i = 0; i < count; i++)
                VK_HSM(vk_hsm->C_DestroyObject(call.real, backing[i]));
    }
    return rv;
}

VK_EXPORT CK_RV C_GetObjectSize(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ULONG_PTR pulSize)
{
    vk_call call;
    vk_obj_kind kind;
    CK_RV rv = begin_object_call("C_GetObjectSize", hSession, hObject, &call, &kind);
    if (rv != CKR_OK)
        return rv;
    return VK_HSM(vk_hsm->C_GetObjectSize(call.real, hObject, pulSize));
}

/* Private SM2 keys come only from C_GenerateKeyPair (no import), and nobody forges a backing
 * object; public SM2 keys may be created with the vendor's CKK. */
VK_EXPORT CK_RV C_CreateObject(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
                               CK_OBJECT_HANDLE_PTR phObject)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_CreateObject", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    if (!pTemplate && ulCount > 0)
        return CKR_ARGUMENTS_BAD;
    const vk_sm2_vendor *vendor = vk_sm2_vendor_for_template(call.dir, pTemplate, ulCount);
    CK_OBJECT_CLASS cls = (CK_OBJECT_CLASS)-1;
    int sm2 = 0, vendor_key_type = -1;
    for (CK_ULONG i = 0; i < ulCount; i++) {
        const CK_ATTRIBUTE *a = &pTemplate[i];
        if (!a->pValue)
            continue;
        if (a->type == CKA_CLASS && a->ulValueLen == sizeof cls)
            cls = *(CK_OBJECT_CLASS *)a->pValue;
        if (vk_sm2_is_vendor_key_type(a, vendor))
            sm2 = 1, vendor_key_type = (int)i;
        if (vk_sm2_is_sm2_params(a))
            sm2 = 1;
        if (a->type == CKA_APPLICATION && a->ulValueLen == sizeof vk_sm2_backing_application - 1 &&
            !memcmp(a->pValue, vk_sm2_backing_application, a->ulValueLen))
            return CKR_ATTRIBUTE_VALUE_INVALID;
    }
    if (sm2 && cls == CKO_PRIVATE_KEY)
        return CKR_TEMPLATE_INCONSISTENT;
    if (vendor_key_type < 0)
        return VK_HSM(vk_hsm->C_CreateObject(call.real, pTemplate, ulCount, phObject));
    CK_ATTRIBUTE *copy = calloc(ulCount, sizeof *copy);
    if (!copy)
        return CKR_HOST_MEMORY;
    memcpy(copy, pTemplate, ulCount * sizeof *copy);
    CK_KEY_TYPE ec = CKK_EC;
    copy[vendor_key_type].pValue = &ec;
    rv = VK_HSM(vk_hsm->C_CreateObject(call.real, copy, ulCount, phObject));
    free(copy);
    return rv;
}
