/* SM2 and SM3 with OpenSSL libcrypto (3.x). The signature primitive signs a given e directly;
 * Z and e = SM3(Z || M) are computed here so that the user ID is never left to a default. */
#include "vusbkey.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

void vk_wipe(void *p, size_t len) { OPENSSL_cleanse(p, len); }

int vk_sm2_generate(unsigned char priv[VK_SM2_PRIV_LEN], unsigned char point[VK_SM2_POINT_LEN])
{
    int ok = 0;
    EVP_PKEY *pkey = NULL;
    BIGNUM *d = NULL;
    size_t len = 0;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    if (ctx && EVP_PKEY_keygen_init(ctx) > 0 && EVP_PKEY_keygen(ctx, &pkey) > 0 &&
        EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, &d) > 0 &&
        BN_bn2binpad(d, priv, VK_SM2_PRIV_LEN) == VK_SM2_PRIV_LEN &&
        EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, point, VK_SM2_POINT_LEN, &len) > 0 &&
        len == VK_SM2_POINT_LEN && point[0] == 0x04)
        ok = 1;
    BN_clear_free(d);
    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(ctx);
    if (!ok)
        vk_wipe(priv, VK_SM2_PRIV_LEN);
    return ok;
}

/* An EVP_PKEY for the SM2 key (priv may be NULL for a public key). */
static EVP_PKEY *sm2_pkey(const unsigned char *priv, const unsigned char point[VK_SM2_POINT_LEN])
{
    EVP_PKEY *pkey = NULL;
    BIGNUM *d = priv ? BN_secure_new() : NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    if (!bld || !ctx || (priv && (!d || !BN_bin2bn(priv, VK_SM2_PRIV_LEN, d))))
        goto done;
    if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, VK_SM2_POINT_LEN) ||
        (d && !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d)))
        goto done;
    params = OSSL_PARAM_BLD_to_param(bld);
    if (!params || EVP_PKEY_fromdata_init(ctx) <= 0 ||
        EVP_PKEY_fromdata(ctx, &pkey, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) <= 0)
        pkey = NULL;
done:
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    EVP_PKEY_CTX_free(ctx);
    BN_clear_free(d);
    return pkey;
}

/* DER SEQUENCE { r, s } -> r || s (each left-padded to 32 bytes). */
static int der_to_rs(const unsigned char *der, size_t der_len, unsigned char rs[VK_SM2_RS_LEN])
{
    const unsigned char *p = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    if (!sig)
        return 0;
    const BIGNUM *r, *s;
    ECDSA_SIG_get0(sig, &r, &s);
    int ok = BN_bn2binpad(r, rs, 32) == 32 && BN_bn2binpad(s, rs + 32, 32) == 32;
    ECDSA_SIG_free(sig);
    return ok;
}

int vk_sm2_rs_to_der(const unsigned char rs[VK_SM2_RS_LEN], unsigned char *der, size_t *der_len)
{
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(rs, 32, NULL), *s = BN_bin2bn(rs + 32, 32, NULL);
    int ok = 0;
    if (sig && r && s && ECDSA_SIG_set0(sig, r, s)) {
        r = s = NULL; /* owned by sig now */
        int n = i2d_ECDSA_SIG(sig, NULL);
        if (n > 0 && (size_t)n <= *der_len) {
            unsigned char *p = der;
            ok = i2d_ECDSA_SIG(sig, &p) == n;
            *der_len = (size_t)n;
        }
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return ok;
}

/* OpenSSL's SM2 signature signs its input as e when no digest is set on the context. */
int vk_sm2_sign_e(const unsigned char priv[VK_SM2_PRIV_LEN], const unsigned char point[VK_SM2_POINT_LEN],
                  const unsigned char e[32], unsigned char rs[VK_SM2_RS_LEN])
{
    int ok = 0;
    unsigned char der[VK_SM2_DER_MAX + 8];
    size_t der_len = sizeof der;
    EVP_PKEY *pkey = sm2_pkey(priv, point);
    EVP_PKEY_CTX *ctx = pkey ? EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL) : NULL;
    if (ctx && EVP_PKEY_sign_init(ctx) > 0 && EVP_PKEY_sign(ctx, der, &der_len, e, 32) > 0)
        ok = der_to_rs(der, der_len, rs);
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return ok;
}

int vk_sm2_verify_e(const unsigned char point[VK_SM2_POINT_LEN], const unsigned char e[32],
                    const unsigned char *sig, size_t sig_len, int der)
{
    unsigned char der_sig[VK_SM2_DER_MAX + 8];
    size_t der_len = sizeof der_sig;
    if (der) {
        unsigned char rs[VK_SM2_RS_LEN]; /* strict: the DER must re-encode to itself */
        if (!der_to_rs(sig, sig_len, rs) || !vk_sm2_rs_to_der(rs, der_sig, &der_len) || der_len != sig_len ||
            memcmp(der_sig, sig, sig_len) != 0)
            return 0;
    } else if (sig_len != VK_SM2_RS_LEN || !vk_sm2_rs_to_der(sig, der_sig, &der_len)) {
        return 0;
    }
    EVP_PKEY *pkey = sm2_pkey(NULL, point);
    EVP_PKEY_CTX *ctx = pkey ? EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL) : NULL;
    int ok = ctx && EVP_PKEY_verify_init(ctx) > 0 && EVP_PKEY_verify(ctx, der_sig, der_len, e, 32) == 1;
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return ok;
}

void *vk_sm3_new(void)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_MD *sm3 = EVP_MD_fetch(NULL, "SM3", NULL);
    if (!md || !sm3 || EVP_DigestInit_ex(md, sm3, NULL) <= 0) {
        EVP_MD_CTX_free(md);
        md = NULL;
    }
    EVP_MD_free(sm3);
    return md;
}

int vk_sm3_update(void *md, const unsigned char *data, size_t len)
{
    return EVP_DigestUpdate(md, data, len) > 0;
}

int vk_sm3_final(void *md, unsigned char out[32])
{
    unsigned int len = 0;
    return EVP_DigestFinal_ex(md, out, &len) > 0 && len == 32;
}

void vk_sm3_free(void *md) { EVP_MD_CTX_free(md); }

/* Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA), ENTL = bit length of ID (16 bits). The
 * curve constants are read from OpenSSL's SM2 group, so they cannot be mistyped here. */
int vk_sm2_z(const unsigned char *id, size_t id_len, const unsigned char point[VK_SM2_POINT_LEN],
             unsigned char z[32])
{
    if (id_len > 8191)
        return 0;
    int ok = 0;
    unsigned char a[32], b[32], g[VK_SM2_POINT_LEN];
    unsigned char entl[2] = {(unsigned char)((id_len * 8) >> 8), (unsigned char)(id_len * 8)};
    BIGNUM *p = BN_new(), *bn_a = BN_new(), *bn_b = BN_new();
    EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_sm2);
    void *md = vk_sm3_new();
    if (!p || !bn_a || !bn_b || !group || !md || !EC_GROUP_get_curve(group, p, bn_a, bn_b, NULL) ||
        BN_bn2binpad(bn_a, a, 32) != 32 || BN_bn2binpad(bn_b, b, 32) != 32 ||
        EC_POINT_point2oct(group, EC_GROUP_get0_generator(group), POINT_CONVERSION_UNCOMPRESSED, g, sizeof g,
                           NULL) != sizeof g)
        goto done;
    ok = vk_sm3_update(md, entl, 2) && vk_sm3_update(md, id, id_len) && vk_sm3_update(md, a, 32) &&
         vk_sm3_update(md, b, 32) && vk_sm3_update(md, g + 1, 64) && vk_sm3_update(md, point + 1, 64) &&
         vk_sm3_final(md, z);
done:
    vk_sm3_free(md);
    EC_GROUP_free(group);
    BN_free(p);
    BN_free(bn_a);
    BN_free(bn_b);
    return ok;
}
