/* C_GenerateKeyPair: SM2 key pairs (vendor key-pair mechanism, or CKM_EC_KEY_PAIR_GEN on the SM2
 * curve) are generated with OpenSSL and stored as the three SoftHSM objects sm2-objects.c
 * describes; everything else goes to SoftHSM. */
#include "vusbkey.h"

static const CK_ATTRIBUTE *find_attribute(const CK_ATTRIBUTE *template, CK_ULONG count, CK_ATTRIBUTE_TYPE type)
{
    for (CK_ULONG i = 0; template && i < count; i++)
        if (template[i].type == type)
            return &template[i];
    return NULL;
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
        if (vk_sm2_is_structural(template[i].type) || template[i].type == CKA_LOCAL)
            continue; /* checked by the caller or set by the module */
        out[n++] = template[i];
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
    if (params && !vk_sm2_is_sm2_params(params))
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
    unsigned char spki[VK_SM2_SPKI_LEN];
    memcpy(spki, vk_sm2_spki_prefix, sizeof vk_sm2_spki_prefix);
    memcpy(spki + sizeof vk_sm2_spki_prefix, point, VK_SM2_POINT_LEN);
    unsigned char blob[VK_SM2_BACKING_LEN];
    memcpy(blob, vk_sm2_backing_magic, sizeof vk_sm2_backing_magic);
    memcpy(blob + sizeof vk_sm2_backing_magic, scalar, VK_SM2_PRIV_LEN);

    CK_OBJECT_CLASS pub_class = CKO_PUBLIC_KEY, priv_class = CKO_PRIVATE_KEY, data_class = CKO_DATA;
    CK_KEY_TYPE ec = CKK_EC;
    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    const CK_ATTRIBUTE *token_attr = find_attribute(priv_t, priv_n, CKA_TOKEN);
    CK_BBOOL on_token = CK_FALSE; /* the backing object lives as long as the private key */
    if (token_attr && token_attr->pValue && token_attr->ulValueLen == 1)
        on_token = *(CK_BBOOL *)token_attr->pValue;
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
    /* Unless the caller says otherwise, the private key is what a USBKEY's key always is. */
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
        {CKA_APPLICATION, (void *)vk_sm2_backing_application, sizeof vk_sm2_backing_application - 1},
        {CKA_OBJECT_ID, point, sizeof point},
        {CKA_VALUE, blob, sizeof blob},
    };

    CK_ULONG pub_count = 0, priv_count = 0;
    CK_ATTRIBUTE *pub_full = merge_template(pub_t, pub_n, pub_extra, 4, &pub_count, &rv);
    CK_ATTRIBUTE *priv_full =
        pub_full ? merge_template(priv_t, priv_n, priv_extra, priv_extra_n, &priv_count, &rv) : NULL;
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
                          vk_sm2_is_sm2_params(find_attribute(pPublicKeyTemplate, ulPublicKeyAttributeCount, CKA_EC_PARAMS))));
    if (!sm2)
        return VK_HSM(vk_hsm->C_GenerateKeyPair(call.real, pMechanism, pPublicKeyTemplate, ulPublicKeyAttributeCount,
                                                pPrivateKeyTemplate, ulPrivateKeyAttributeCount, phPublicKey,
                                                phPrivateKey));
    return generate_sm2(&call, vendor, pPublicKeyTemplate, ulPublicKeyAttributeCount, pPrivateKeyTemplate,
                        ulPrivateKeyAttributeCount, phPublicKey, phPrivateKey);
}
