/* SM2 key objects. SoftHSM cannot sign with SM2, so an SM2 key pair is three SoftHSM objects:
 *  - the public key: CKK_EC with CKA_EC_PARAMS = the SM2 curve and CKA_EC_POINT;
 *  - the private key: CKK_EC, SM2 curve, sensitive and not extractable as asked, with
 *    CKA_PUBLIC_KEY_INFO (the SM2 SubjectPublicKeyInfo) naming its public point;
 *  - the backing object: a private CKO_DATA (CKA_APPLICATION "vusbkey-sm2-backing",
 *    CKA_OBJECT_ID = the public point) holding the private scalar the module signs with.
 * Callers see the vendor's CKK for both keys, and never see the backing object: searches skip
 * it and every call naming its handle answers CKR_OBJECT_HANDLE_INVALID. */
#include "vusbkey.h"

const unsigned char vk_sm2_oid[10] = {0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d};
/* SEQUENCE { SEQUENCE { id-ecPublicKey, SM2 curve }, BIT STRING { 04 || x || y } } */
const unsigned char vk_sm2_spki_prefix[VK_SM2_SPKI_PREFIX_LEN] = {
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
    0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d, 0x03, 0x42, 0x00,
};
const char vk_sm2_backing_application[20] = "vusbkey-sm2-backing";
const unsigned char vk_sm2_backing_magic[6] = {'V', 'K', 'S', 'M', '2', 1};

CK_RV vk_get_attribute(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type, void *value,
                       CK_ULONG *len)
{
    CK_ATTRIBUTE attribute = {type, value, *len};
    CK_RV rv = VK_HSM(vk_hsm->C_GetAttributeValue(real, object, &attribute, 1));
    *len = attribute.ulValueLen;
    return rv;
}

int vk_sm2_is_sm2_params(const CK_ATTRIBUTE *a)
{
    return a && a->type == CKA_EC_PARAMS && a->pValue && a->ulValueLen == sizeof vk_sm2_oid &&
           memcmp(a->pValue, vk_sm2_oid, sizeof vk_sm2_oid) == 0;
}

int vk_sm2_is_structural(CK_ATTRIBUTE_TYPE type)
{
    switch (type) {
    case CKA_CLASS:
    case CKA_KEY_TYPE:
    case CKA_EC_PARAMS:
    case CKA_EC_POINT:
    case CKA_PUBLIC_KEY_INFO:
    case CKA_VALUE:
        return 1;
    default:
        return 0;
    }
}

vk_obj_kind vk_sm2_object_kind(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE object)
{
    CK_OBJECT_CLASS cls;
    CK_ULONG len = sizeof cls;
    if (vk_get_attribute(real, object, CKA_CLASS, &cls, &len) != CKR_OK)
        return VK_OBJ_OTHER;
    if (cls == CKO_DATA) {
        char application[sizeof vk_sm2_backing_application + 1];
        len = sizeof application;
        if (vk_get_attribute(real, object, CKA_APPLICATION, application, &len) == CKR_OK &&
            len == sizeof vk_sm2_backing_application - 1 && memcmp(application, vk_sm2_backing_application, len) == 0)
            return VK_OBJ_BACKING;
        return VK_OBJ_OTHER;
    }
    if (cls != CKO_PRIVATE_KEY && cls != CKO_PUBLIC_KEY)
        return VK_OBJ_OTHER;
    CK_KEY_TYPE key_type;
    unsigned char params[32];
    len = sizeof key_type;
    if (vk_get_attribute(real, object, CKA_KEY_TYPE, &key_type, &len) != CKR_OK || key_type != CKK_EC)
        return VK_OBJ_OTHER;
    len = sizeof params;
    if (vk_get_attribute(real, object, CKA_EC_PARAMS, params, &len) != CKR_OK || len != sizeof vk_sm2_oid ||
        memcmp(params, vk_sm2_oid, len) != 0)
        return VK_OBJ_OTHER;
    return cls == CKO_PRIVATE_KEY ? VK_OBJ_SM2_PRIVATE : VK_OBJ_SM2_PUBLIC;
}

/* Every backing object of `point` (normally exactly one). */
CK_RV vk_sm2_find_backing(CK_SESSION_HANDLE real, const unsigned char point[VK_SM2_POINT_LEN],
                          CK_OBJECT_HANDLE *found, CK_ULONG max, CK_ULONG *count)
{
    CK_OBJECT_CLASS cls = CKO_DATA;
    CK_ATTRIBUTE template[] = {
        {CKA_CLASS, &cls, sizeof cls},
        {CKA_APPLICATION, (void *)vk_sm2_backing_application, sizeof vk_sm2_backing_application - 1},
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

CK_RV vk_sm2_public_point_of(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE key, unsigned char point[VK_SM2_POINT_LEN])
{
    unsigned char spki[VK_SM2_SPKI_LEN + 8];
    CK_ULONG len = sizeof spki;
    CK_RV rv = vk_get_attribute(real, key, CKA_PUBLIC_KEY_INFO, spki, &len);
    if (rv != CKR_OK)
        return rv == CKR_OBJECT_HANDLE_INVALID ? CKR_KEY_HANDLE_INVALID : rv;
    if (len != VK_SM2_SPKI_LEN || memcmp(spki, vk_sm2_spki_prefix, sizeof vk_sm2_spki_prefix) != 0)
        return CKR_KEY_HANDLE_INVALID;
    memcpy(point, spki + sizeof vk_sm2_spki_prefix, VK_SM2_POINT_LEN);
    return CKR_OK;
}

CK_RV vk_sm2_load_private(CK_SESSION_HANDLE real, CK_OBJECT_HANDLE key, unsigned char priv[VK_SM2_PRIV_LEN],
                          unsigned char point[VK_SM2_POINT_LEN])
{
    CK_RV rv = vk_sm2_public_point_of(real, key, point);
    if (rv != CKR_OK)
        return rv;
    CK_OBJECT_HANDLE backing;
    CK_ULONG count = 0;
    if ((rv = vk_sm2_find_backing(real, point, &backing, 1, &count)) != CKR_OK)
        return rv;
    if (count == 0) /* private objects are invisible before C_Login */
        return CKR_KEY_HANDLE_INVALID;
    unsigned char blob[VK_SM2_BACKING_LEN];
    CK_ULONG len = sizeof blob;
    rv = vk_get_attribute(real, backing, CKA_VALUE, blob, &len);
    if (rv == CKR_OK &&
        (len != VK_SM2_BACKING_LEN || memcmp(blob, vk_sm2_backing_magic, sizeof vk_sm2_backing_magic) != 0))
        rv = CKR_DEVICE_ERROR; /* corrupt token content */
    if (rv == CKR_OK)
        memcpy(priv, blob + sizeof vk_sm2_backing_magic, VK_SM2_PRIV_LEN);
    vk_wipe(blob, sizeof blob);
    return rv;
}
