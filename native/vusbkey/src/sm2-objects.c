/* SM2 key objects. SoftHSM cannot sign with SM2, so an SM2 key pair is three SoftHSM objects:
 *  - the public key: CKK_EC with CKA_EC_PARAMS = the SM2 curve and CKA_EC_POINT;
 *  - the private key: CKK_EC, SM2 curve, sensitive and not extractable as asked, with
 *    CKA_PUBLIC_KEY_INFO (the SM2 SubjectPublicKeyInfo) naming its public point;
 *  - the backing object: a private CKO_DATA (CKA_APPLICATION "vusbkey-sm2-backing",
 *    CKA_OBJECT_ID = the public point) holding the private scalar the module signs with.
 * Callers see the vendor's CKK for both keys, and never see the backing object: searches skip
 * it and every call naming its handle answers CKR_OBJECT_HANDLE_INVALID. */
#include "vusbkey.h"

#include <stdio.h>

const unsigned char vk_sm2_oid[10] = {0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d};
/* SEQUENCE { SEQUENCE { id-ecPublicKey, SM2 curve }, BIT STRING { 04 || x || y } } */
static const unsigned char spki_prefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                            0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x81, 0x1c,
                                            0xcf, 0x55, 0x01, 0x82, 0x2d, 0x03, 0x42, 0x00};
#define SPKI_LEN (sizeof spki_prefix + VK_SM2_POINT_LEN)
static const char backing_application[] = "vusbkey-sm2-backing";
static const unsigned char backing_magic[6] = {'V', 'K', 'S', 'M', '2', 1};
#define BACKING_LEN (sizeof backing_magic + VK_SM2_PRIV_LEN)

static CK_RV get_attribute(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type, void *value,
                           CK_ULONG *len)
{
    CK_ATTRIBUTE attribute = {type, value, *len};
    CK_RV rv = VK_HSM(vk_hsm->C_GetAttributeValue(real, object, &attribute, 1));
    *len = attribute.ulValueLen;
    return rv;
}

vk_obj_kind vk_sm2_object_kind(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE object)
{
    CK_OBJECT_CLASS cls;
    CK_ULONG len = sizeof cls;
    if (get_attribute(real, object, CKA_CLASS, &cls, &len) != CKR_OK)
        return VK_OBJ_OTHER;
    if (cls == CKO_DATA) {
        char application[sizeof backing_application + 1];
        len = sizeof application;
        if (get_attribute(real, object, CKA_APPLICATION, application, &len) == CKR_OK &&
            len == sizeof backing_application - 1 && memcmp(application, backing_application, len) == 0)
            return VK_OBJ_BACKING;
        return VK_OBJ_OTHER;
    }
    if (cls != CKO_PRIVATE_KEY && cls != CKO_PUBLIC_KEY)
        return VK_OBJ_OTHER;
    CK_KEY_TYPE key_type;
    unsigned char params[32];
    len = sizeof key_type;
    if (get_attribute(real, object, CKA_KEY_TYPE, &key_type, &len) != CKR_OK || key_type != CKK_EC)
        return VK_OBJ_OTHER;
    len = sizeof params;
    if (get_attribute(real, object, CKA_EC_PARAMS, params, &len) != CKR_OK || len != sizeof vk_sm2_oid ||
        memcmp(params, vk_sm2_oid, len) != 0)
        return VK_OBJ_OTHER;
    return cls == CKO_PRIVATE_KEY ? VK_OBJ_SM2_PRIVATE : VK_OBJ_SM2_PUBLIC;
}

/* Every backing object of `point` (normally exactly one). */
static CK_RV find_backing(CK_SESSION_HANDLE real, const unsigned char point[VK_SM2_POINT_LEN],
                          CK_OBJECT_HANDLE *found, CK_ULONG max, CK_ULONG *count)
{
    CK_OBJECT_CLASS cls = CKO_DATA;
    CK_ATTRIBUTE template[] = {
        {CKA_CLASS, &cls, sizeof cls},
        {CKA_APPLICATION, (void *)backing_application, sizeof backing_application - 1},
        {CKA_OBJECT_ID, (void *)point, VK_SM2_POINT_LEN},
    };
    vk_hsm_enter();
    CK_RV rv = vk_hsm->C_FindObjectsInit(real, template, 3);
    if (rv == CKR_OK) {
        rv = vk_hsm->C_FindObjects(real, found, max, count);
        vk_hsm->C_FindObjectsFinal(real);
    }
    return vk_hsm_leave(rv);
}

static CK_RV public_point_of(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE key, unsigned char point[VK_SM2_POINT_LEN])
{
    unsigned char spki[SPKI_LEN + 8];
    CK_ULONG len = sizeof spki;
    CK_RV rv = get_attribute(real, key, CKA_PUBLIC_KEY_INFO, spki, &len);
    if (rv != CKR_OK)
        return rv == CKR_OBJECT_HANDLE_INVALID ? CKR_KEY_HANDLE_INVALID : rv;
    if (len != SPKI_LEN || memcmp(spki, spki_prefix, sizeof spki_prefix) != 0)
        return CKR_KEY_HANDLE_INVALID;
    memcpy(point, spki + sizeof spki_prefix, VK_SM2_POINT_LEN);
    return CKR_OK;
}

CK_RV vk_sm2_load_private(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE key, unsigned char priv[VK_SM2_PRIV_LEN],
                          unsigned char point[VK_SM2_POINT_LEN])
{
    CK_RV rv = public_point_of(real, key, point);
    if (rv != CKR_OK)
        return rv;
    CK_OBJECT_HANDLE backing;
    CK_ULONG count = 0;
    if ((rv = find_backing(real, point, &backing, 1, &count)) != CKR_OK)
        return rv;
    if (count == 0) /* private objects are invisible before C_Login */
        return CKR_KEY_HANDLE_INVALID;
    unsigned char blob[BACKING_LEN];
    CK_ULONG len = sizeof blob;
    rv = get_attribute(real, backing, CKA_VALUE, blob, &len);
    if (rv == CKR_OK && (len != BACKING_LEN || memcmp(blob, backing_magic, sizeof backing_magic) != 0))
        rv = CKR_DEVICE_ERROR; /* corrupt token content */
    if (rv == CKR_OK)
        memcpy(priv, blob + sizeof backing_magic, VK_SM2_PRIV_LEN);
    vk_wipe(blob, sizeof blob);
    return rv;
}

/* ---- search ---------------------------------------------------------------------------- */

VK_EXPORT CK_RV C_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_FindObjectsInit", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    if (!pTemplate && ulCount > 0)
        return CKR_ARGUMENTS_BAD;
    /* The vendor's CKK is stored as CKK_EC + the SM2 curve; CKK_EC asks for real EC keys only. */
    const vk_sm2_vendor *vendor = NULL;
    for (CK_ULONG i = 0; i < ulCount && !vendor; i++)
        if (pTemplate[i].type == CKA_KEY_TYPE)
            vendor = vk_sm2_vendor_of(call.dir);
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
        if (pTemplate[i].type == CKA_KEY_TYPE && pTemplate[i].pValue && pTemplate[i].ulValueLen == sizeof(CK_KEY_TYPE)) {
            CK_KEY_TYPE wanted = *(CK_KEY_TYPE *)pTemplate[i].pValue;
            if (vendor && wanted == vendor->key_type) {
                template[count].pValue = &ec;
                only_sm2 = 1;
            } else if (wanted == CKK_EC) {
                no_sm2 = 1;
            }
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

/* ---- attributes ------------------------------------------------------------------------ */

static CK_BBOOL bool_attribute(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type)
{
    CK_BBOOL value = CK_FALSE;
    CK_ULONG len = sizeof value;
    if (get_attribute(real, object, type, &value, &len) != CKR_OK)
        return CK_FALSE;
    return value;
}

VK_EXPORT CK_RV C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                                    CK_ULONG ulCount)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_GetAttributeValue", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    vk_obj_kind kind = vk_sm2_object_kind(call.real, hObject);
    if (kind == VK_OBJ_BACKING)
        return CKR_OBJECT_HANDLE_INVALID;
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
    for (CK_ULONG i = 0; template && i < count; i++) {
        switch (template[i].type) {
        case CKA_CLASS:
        case CKA_KEY_TYPE:
        case CKA_EC_PARAMS:
        case CKA_EC_POINT:
        case CKA_PUBLIC_KEY_INFO:
        case CKA_VALUE:
            return CKR_ATTRIBUTE_READ_ONLY;
        default:
            break;
        }
    }
    return CKR_OK;
}

VK_EXPORT CK_RV C_SetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                                    CK_ULONG ulCount)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_SetAttributeValue", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    vk_obj_kind kind = vk_sm2_object_kind(call.real, hObject);
    if (kind == VK_OBJ_BACKING)
        return CKR_OBJECT_HANDLE_INVALID;
    if (kind != VK_OBJ_OTHER && (rv = refuse_structural(pTemplate, ulCount)) != CKR_OK)
        return rv;
    return VK_HSM(vk_hsm->C_SetAttributeValue(call.real, hObject, pTemplate, ulCount));
}

VK_EXPORT CK_RV C_CopyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                             CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phNewObject)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_CopyObject", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    vk_obj_kind kind = vk_sm2_object_kind(call.real, hObject);
    if (kind == VK_OBJ_BACKING)
        return CKR_OBJECT_HANDLE_INVALID;
    if (kind == VK_OBJ_SM2_PRIVATE) /* a copy would share, and then outlive, its backing object */
        return CKR_ACTION_PROHIBITED;
    if (kind == VK_OBJ_SM2_PUBLIC && (rv = refuse_structural(pTemplate, ulCount)) != CKR_OK)
        return rv;
    return VK_HSM(vk_hsm->C_CopyObject(call.real, hObject, pTemplate, ulCount, phNewObject));
}

VK_EXPORT CK_RV C_DestroyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_DestroyObject", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    vk_obj_kind kind = vk_sm2_object_kind(call.real, hObject);
    if (kind == VK_OBJ_BACKING)
        return CKR_OBJECT_HANDLE_INVALID;
    unsigned char point[VK_SM2_POINT_LEN];
    int has_point = kind == VK_OBJ_SM2_PRIVATE && public_point_of(call.real, hObject, point) == CKR_OK;
    rv = VK_HSM(vk_hsm->C_DestroyObject(call.real, hObject));
    if (rv == CKR_OK && has_point) { /* the key is gone: so is the scalar behind it */
        CK_OBJECT_HANDLE backing[8];
        CK_ULONG count = 0;
        if (find_backing(call.real, point, backing, 8, &count) == CKR_OK)
            for (CK_ULONG i = 0; i < count; i++)
                VK_HSM(vk_hsm->C_DestroyObject(call.real, backing[i]));
    }
    return rv;
}

VK_EXPORT CK_RV C_GetObjectSize(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ULONG_PTR pulSize)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_GetObjectSize", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    if (vk_sm2_object_kind(call.real, hObject) == VK_OBJ_BACKING)
        return CKR_OBJECT_HANDLE_INVALID;
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
    const vk_sm2_vendor *vendor = NULL;
    for (CK_ULONG i = 0; i < ulCount && !vendor; i++)
        if (pTemplate[i].type == CKA_KEY_TYPE)
            vendor = vk_sm2_vendor_of(call.dir);
    CK_OBJECT_CLASS cls = (CK_OBJECT_CLASS)-1;
    int sm2 = 0, vendor_key_type = -1;
    for (CK_ULONG i = 0; i < ulCount; i++) {
        const CK_ATTRIBUTE *a = &pTemplate[i];
        if (!a->pValue)
            continue;
        if (a->type == CKA_CLASS && a->ulValueLen == sizeof cls)
            cls = *(CK_OBJECT_CLASS *)a->pValue;
        if (a->type == CKA_KEY_TYPE && a->ulValueLen == sizeof(CK_KEY_TYPE) && vendor &&
            *(CK_KEY_TYPE *)a->pValue == vendor->key_type)
            sm2 = 1, vendor_key_type = (int)i;
        if (a->type == CKA_EC_PARAMS && a->ulValueLen == sizeof vk_sm2_oid && !memcmp(a->pValue, vk_sm2_oid, sizeof vk_sm2_oid))
            sm2 = 1;
        if (a->type == CKA_APPLICATION && a->ulValueLen == sizeof backing_application - 1 &&
            !memcmp(a->pValue, backing_application, a->ulValueLen))
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

/* ---- key pair generation --------------------------------------------------------------- */

static const CK_ATTRIBUTE *find_attribute(const CK_ATTRIBUTE *template, CK_ULONG count, CK_ATTRIBUTE_TYPE type)
{
    for (CK_ULONG i = 0; template && i < count; i++)
        if (template[i].type == type)
            return &template[i];
    return NULL;
}

static int is_sm2_params(const CK_ATTRIBUTE *a)
{
    return a && a->pValue && a->ulValueLen == sizeof vk_sm2_oid && memcmp(a->pValue, vk_sm2_oid, sizeof vk_sm2_oid) == 0;
}

/* The caller's template minus what the module sets itself, plus `extra`. */
static CK_ATTRIBUTE *merge_template(const CK_ATTRIBUTE *template, CK_ULONG count, const CK_ATTRIBUTE *extra,
                                    CK_ULONG extra_count, CK_ULONG *out_count, CK_RV *rv)
{
    CK_ATTRIBUTE *out = calloc(count + extra_count, sizeof *out);
    *rv = CKR_HOST_MEMORY;
    if (!out)
        return NULL;
    CK_ULONG n = 0;
    for (CK_ULONG i = 0; template && i < count; i++) {
        switch (template[i].type) {
        case CKA_CLASS:
        case CKA_KEY_TYPE:
        case CKA_EC_PARAMS:
        case CKA_EC_POINT:
        case CKA_VALUE:
        case CKA_PUBLIC_KEY_INFO:
        case CKA_LOCAL:
            continue; /* checked by the caller or set by the module */
        default:
            out[n++] = template[i];
        }
    }
    memcpy(out + n, extra, extra_count * sizeof *extra);
    *out_count = n + extra_count;
    *rv = CKR_OK;
    return out;
}

static CK_RV check_key_type(const CK_ATTRIBUTE *template, CK_ULONG count, const vk_sm2_vendor *vendor,
                            CK_OBJECT_CLASS expected_class)
{
    const CK_ATTRIBUTE *kt = find_attribute(template, count, CKA_KEY_TYPE);
    if (kt && (!kt->pValue || kt->ulValueLen != sizeof(CK_KEY_TYPE) ||
               (*(CK_KEY_TYPE *)kt->pValue != vendor->key_type && *(CK_KEY_TYPE *)kt->pValue != CKK_EC)))
        return CKR_TEMPLATE_INCONSISTENT;
    const CK_ATTRIBUTE *cls = find_attribute(template, count, CKA_CLASS);
    if (cls && (!cls->pValue || cls->ulValueLen != sizeof(CK_OBJECT_CLASS) ||
                *(CK_OBJECT_CLASS *)cls->pValue != expected_class))
        return CKR_TEMPLATE_INCONSISTENT;
    const CK_ATTRIBUTE *params = find_attribute(template, count, CKA_EC_PARAMS);
    if (params && !is_sm2_params(params))
        return CKR_DOMAIN_PARAMS_INVALID;
    return CKR_OK;
}

static CK_RV generate_sm2(const vk_call *call, const vk_sm2_vendor *vendor, const CK_ATTRIBUTE *pub_t,
                          CK_ULONG pub_n, const CK_ATTRIBUTE *priv_t, CK_ULONG priv_n, CK_OBJECT_HANDLE *pub,
                          CK_OBJECT_HANDLE *priv)
{
    CK_RV rv;
    if ((rv = check_key_type(pub_t, pub_n, vendor, CKO_PUBLIC_KEY)) != CKR_OK ||
        (rv = check_key_type(priv_t, priv_n, vendor, CKO_PRIVATE_KEY)) != CKR_OK)
        return rv;
    unsigned char scalar[VK_SM2_PRIV_LEN], point[VK_SM2_POINT_LEN];
    if (!vk_sm2_generate(scalar, point))
        return CKR_FUNCTION_FAILED;
    unsigned char ec_point[2 + VK_SM2_POINT_LEN] = {0x04, VK_SM2_POINT_LEN}; /* DER OCTET STRING */
    memcpy(ec_point + 2, point, VK_SM2_POINT_LEN);
    unsigned char spki[SPKI_LEN];
    memcpy(spki, spki_prefix, sizeof spki_prefix);
    memcpy(spki + sizeof spki_prefix, point, VK_SM2_POINT_LEN);
    unsigned char blob[BACKING_LEN];
    memcpy(blob, backing_magic, sizeof backing_magic);
    memcpy(blob + sizeof backing_magic, scalar, VK_SM2_PRIV_LEN);

    CK_OBJECT_CLASS pub_class = CKO_PUBLIC_KEY, priv_class = CKO_PRIVATE_KEY, data_class = CKO_DATA;
    CK_KEY_TYPE ec = CKK_EC;
    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    /* Unless the caller says otherwise, the private key is what a USBKEY's key always is. */
    const CK_ATTRIBUTE *token_attr = find_attribute(priv_t, priv_n, CKA_TOKEN);
    CK_BBOOL on_token = token_attr && token_attr->pValue && token_attr->ulValueLen == 1 ? *(CK_BBOOL *)token_attr->pValue : CK_FALSE;
    CK_ATTRIBUTE pub_extra[] = {
        {CKA_CLASS, &pub_class, sizeof pub_class},
        {CKA_KEY_TYPE, &ec, sizeof ec},
        {CKA_EC_PARAMS, (void *)vk_sm2_oid, sizeof vk_sm2_oid},
        {CKA_EC_POINT, ec_point, sizeof ec_point},
    };
    CK_ATTRIBUTE priv_extra[8] = {
        {CKA_CLASS, &priv_class, sizeof priv_class},
        {CKA_KEY_TYPE, &ec, sizeof ec},
        {CKA_EC_PARAMS, (void *)vk_sm2_oid, sizeof vk_sm2_oid},
        {CKA_VALUE, scalar, sizeof scalar},
        {CKA_PUBLIC_KEY_INFO, spki, sizeof spki},
    };
    CK_ULONG priv_extra_n = 5;
    if (!find_attribute(priv_t, priv_n, CKA_SENSITIVE))
        priv_extra[priv_extra_n++] = (CK_ATTRIBUTE){CKA_SENSITIVE, &yes, sizeof yes};
    if (!find_attribute(priv_t, priv_n, CKA_EXTRACTABLE))
        priv_extra[priv_extra_n++] = (CK_ATTRIBUTE){CKA_EXTRACTABLE, &no, sizeof no};
    if (!find_attribute(priv_t, priv_n, CKA_PRIVATE))
        priv_extra[priv_extra_n++] = (CK_ATTRIBUTE){CKA_PRIVATE, &yes, sizeof yes};
    CK_ATTRIBUTE data_template[] = {
        {CKA_CLASS, &data_class, sizeof data_class},
        {CKA_TOKEN, &on_token, sizeof on_token},
        {CKA_PRIVATE, &yes, sizeof yes},
        {CKA_MODIFIABLE, &no, sizeof no},
        {CKA_APPLICATION, (void *)backing_application, sizeof backing_application - 1},
        {CKA_OBJECT_ID, point, sizeof point},
        {CKA_VALUE, blob, sizeof blob},
    };

    CK_ULONG pub_count = 0, priv_count = 0;
    CK_ATTRIBUTE *pub_full = merge_template(pub_t, pub_n, pub_extra, 4, &pub_count, &rv);
    CK_ATTRIBUTE *priv_full = pub_full ? merge_template(priv_t, priv_n, priv_extra, priv_extra_n, &priv_count, &rv) : NULL;
    CK_OBJECT_HANDLE data = CK_INVALID_HANDLE, pub_h = CK_INVALID_HANDLE, priv_h = CK_INVALID_HANDLE;
    if (priv_full) {
        vk_hsm_enter();
        rv = vk_hsm->C_CreateObject(call->real, data_template, sizeof data_template / sizeof data_template[0], &data);
        if (rv == CKR_OK)
            rv = vk_hsm->C_CreateObject(call->real, pub_full, pub_count, &pub_h);
        if (rv == CKR_OK)
            rv = vk_hsm->C_CreateObject(call->real, priv_full, priv_count, &priv_h);
        if (rv != CKR_OK) { /* all three or nothing */
            if (pub_h != CK_INVALID_HANDLE)
                vk_hsm->C_DestroyObject(call->real, pub_h);
            if (data != CK_INVALID_HANDLE)
                vk_hsm->C_DestroyObject(call->real, data);
        }
        vk_hsm_leave(CKR_OK);
    }
    free(pub_full);
    free(priv_full);
    vk_wipe(scalar, sizeof scalar);
    vk_wipe(blob, sizeof blob);
    if (rv == CKR_OK) {
        *pub = pub_h;
        *priv = priv_h;
    }
    return rv;
}

VK_EXPORT CK_RV C_GenerateKeyPair(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                                  CK_ATTRIBUTE_PTR pPublicKeyTemplate, CK_ULONG ulPublicKeyAttributeCount,
                                  CK_ATTRIBUTE_PTR pPrivateKeyTemplate, CK_ULONG ulPrivateKeyAttributeCount,
                                  CK_OBJECT_HANDLE_PTR phPublicKey, CK_OBJECT_HANDLE_PTR phPrivateKey)
{
    vk_call call;
    CK_RV rv = vk_begin_session_call("C_GenerateKeyPair", hSession, &call);
    if (rv != CKR_OK)
        return rv;
    if (!pMechanism || !phPublicKey || !phPrivateKey || (!pPublicKeyTemplate && ulPublicKeyAttributeCount) ||
        (!pPrivateKeyTemplate && ulPrivateKeyAttributeCount))
        return CKR_ARGUMENTS_BAD;
    const vk_sm2_vendor *vendor =
        pMechanism->mechanism == CKM_EC_KEY_PAIR_GEN || (pMechanism->mechanism & CKM_VENDOR_DEFINED)
            ? vk_sm2_vendor_of(call.dir)
            : NULL;
    int sm2 = vendor && (pMechanism->mechanism == vendor->key_pair_gen ||
                         (pMechanism->mechanism == CKM_EC_KEY_PAIR_GEN &&
                          is_sm2_params(find_attribute(pPublicKeyTemplate, ulPublicKeyAttributeCount, CKA_EC_PARAMS))));
    if (!sm2)
        return VK_HSM(vk_hsm->C_GenerateKeyPair(call.real, pMechanism, pPublicKeyTemplate, ulPublicKeyAttributeCount,
                                                pPrivateKeyTemplate, ulPrivateKeyAttributeCount, phPublicKey,
                                                phPrivateKey));
    return generate_sm2(&call, vendor, pPublicKeyTemplate, ulPublicKeyAttributeCount, pPrivateKeyTemplate,
                        ulPrivateKeyAttributeCount, phPublicKey, phPrivateKey);
}
