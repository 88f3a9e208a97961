/* Object search. C_FindObjectsInit runs the whole SoftHSM search at once, so the backing objects of
 * SM2 keys can be left out of the answer, and translates the vendor's SM2 key type (stored as
 * CKK_EC on the SM2 curve). C_FindObjects then pages through the kept handles. */
#include "vusbkey.h"

VK_EXPORT CK_RV C_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_FindObjectsInit", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    if (!pTemplate && ulCount > 0)
        return CKR_ARGUMENTS_BAD;
    /* The vendor's CKK is stored as CKK_EC + the SM2 curve; CKK_EC asks for real EC keys only. */
    const vk_sm2_vendor *vendor = vk_sm2_vendor_for_template(call.dir, pTemplate, ulCount);
    CK_ATTRIBUTE *template = calloc(ulCount + 1, sizeof *template);
    if (!template)
        return CKR_HOST_MEMORY;
    CK_ULONG count = 0;
    CK_KEY_TYPE ec = CKK_EC;
    int only_sm2 = 0, no_sm2 = 0, has_params = 0;
    for (CK_ULONG i = 0; i < ulCount; i++) {
        template[count] = pTemplate[i];
        if (pTemplate[i].type == CKA_EC_PARAMS)
            has_params = 1;
        if (vk_sm2_is_vendor_key_type(&pTemplate[i], vendor)) {
            template[count].pValue = &ec;
            only_sm2 = 1;
        } else if (pTemplate[i].type == CKA_KEY_TYPE && pTemplate[i].pValue &&
                   pTemplate[i].ulValueLen == sizeof(CK_KEY_TYPE) && *(CK_KEY_TYPE *)pTemplate[i].pValue == CKK_EC) {
            no_sm2 = 1;
        }
        count++;
    }
    if (only_sm2 && !has_params)
        template[count++] = (CK_ATTRIBUTE){CKA_EC_PARAMS, (void *)vk_sm2_oid, sizeof vk_sm2_oid};

    vk_ops *ops = vk_session_take_ops(hSession, &rv);
    if (!ops) {
        free(template);
        return rv;
    }
    if (ops->find_active) {
        vk_session_put_ops(hSession, ops);
        free(template);
        return CKR_OPERATION_ACTIVE;
    }
    /* The whole search runs now, so the hidden objects can be left out of the answer. */
    CK_OBJECT_HANDLE *found = NULL;
    CK_ULONG found_count = 0, capacity = 0;
    vk_hsm_enter();
    rv = vk_hsm->C_FindObjectsInit(call.real, template, count);
    while (rv == CKR_OK) {
        if (found_count == capacity) {
            CK_ULONG grown = capacity ? capacity * 2 : 32;
            CK_OBJECT_HANDLE *bigger = realloc(found, grown * sizeof *found);
            if (!bigger) {
                rv = CKR_HOST_MEMORY;
                break;
            }
            found = bigger;
            capacity = grown;
        }
        CK_ULONG got = 0;
        rv = vk_hsm->C_FindObjects(call.real, found + found_count, capacity - found_count, &got);
        if (rv != CKR_OK || got == 0)
            break;
        found_count += got;
    }
    if (rv != CKR_OPERATION_ACTIVE)
        vk_hsm->C_FindObjectsFinal(call.real);
    vk_hsm_leave(CKR_OK);
    free(template);

    CK_ULONG kept = 0;
    for (CK_ULONG i = 0; rv == CKR_OK && i < found_count; i++) {
        vk_obj_kind kind = vk_sm2_object_kind(call.real, found[i]);
        if (kind == VK_OBJ_BACKING || (no_sm2 && (kind == VK_OBJ_SM2_PRIVATE || kind == VK_OBJ_SM2_PUBLIC)))
            continue;
        found[kept++] = found[i];
    }
    if (rv == CKR_OK) {
        ops->find_active = 1;
        ops->found = found;
        ops->found_count = kept;
        ops->found_next = 0;
    } else {
        free(found);
    }
    vk_session_put_ops(hSession, ops);
    return rv;
}

VK_EXPORT CK_RV C_FindObjects(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject, CK_ULONG ulMaxObjectCount,
                              CK_ULONG_PTR pulObjectCount)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_FindObjects", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    if (!phObject || !pulObjectCount)
        return CKR_ARGUMENTS_BAD;
    vk_ops *ops = vk_session_take_ops(hSession, &rv);
    if (!ops)
        return rv;
    if (!ops->find_active) {
        rv = CKR_OPERATION_NOT_INITIALIZED;
    } else {
        CK_ULONG n = 0;
        while (n < ulMaxObjectCount && ops->found_next < ops->found_count)
            phObject[n++] = ops->found[ops->found_next++];
        *pulObjectCount = n;
    }
    vk_session_put_ops(hSession, ops);
    return rv;
}

VK_EXPORT CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE hSession)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_FindObjectsFinal", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    vk_ops *ops = vk_session_take_ops(hSession, &rv);
    if (!ops)
        return rv;
    if (!ops->find_active)
        rv = CKR_OPERATION_NOT_INITIALIZED;
    free(ops->found);
    ops->found = NULL;
    ops->find_active = 0;
    ops->found_count = ops->found_next = 0;
    vk_session_put_ops(hSession, ops);
    return rv;
}
