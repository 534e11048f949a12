/*
 * OpenSSL (libcrypto) implementations of the AES-CM, AES-GCM and HMAC-SHA1
 * transforms, installed into Debian's libsrtp2 at srtp_init() time with
 * libsrtp2's own srtp_replace_cipher_type()/srtp_replace_auth_type().
 *
 * Why: Debian builds libsrtp2 on NSS. Its AES-CM set_iv() creates a PKCS#11
 * context (PK11_CreateContextBySymKey) for every packet and its AES-GCM runs a
 * one-shot PK11_Encrypt/PK11_Decrypt per packet, which costs more than the
 * AES itself. libcrypto is already linked into the worker (DTLS), and keeps
 * one EVP context per stream that only gets a new IV per packet. This follows
 * libsrtp's own crypto/cipher/aes_icm_ossl.c, aes_gcm_ossl.c and
 * crypto/hash/hmac_ossl.c (the code libsrtp uses when built with OpenSSL, as
 * mediasoup's own libsrtp build is). libsrtp2 checks each replacement against
 * its known-answer vectors before using it (and refuses it otherwise).
 */
#include <srtp2/auth.h>
#include <srtp2/cipher.h>
#include <srtp2/srtp.h>

#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

/* libsrtp2's known-answer vectors (exported by libsrtp2.so). */
extern const srtp_cipher_test_case_t srtp_aes_icm_128_test_case_0;
extern const srtp_cipher_test_case_t srtp_aes_icm_192_test_case_0;
extern const srtp_cipher_test_case_t srtp_aes_icm_256_test_case_0;
extern const srtp_cipher_test_case_t srtp_aes_gcm_128_test_case_0;
extern const srtp_cipher_test_case_t srtp_aes_gcm_256_test_case_0;
extern const srtp_auth_test_case_t srtp_hmac_test_case_0;

static const srtp_cipher_type_t ossl_icm_128, ossl_icm_192, ossl_icm_256,
    ossl_gcm_128, ossl_gcm_256;
static const srtp_auth_type_t ossl_hmac;

/* ---- AES counter mode (RFC 3711 4.1.1) ---- */

struct icm_ctx {
    EVP_CIPHER_CTX *ctx;
    size_t key_size;
    uint8_t offset[16]; /* salt, last two octets zero */
};

static srtp_err_status_t icm_alloc(srtp_cipher_t **c, int key_len, int tlen)
{
    struct icm_ctx *icm;
    srtp_cipher_t *cipher;
    (void)tlen;

    if (key_len != SRTP_AES_ICM_128_KEY_LEN_WSALT &&
        key_len != SRTP_AES_ICM_192_KEY_LEN_WSALT &&
        key_len != SRTP_AES_ICM_256_KEY_LEN_WSALT)
        return srtp_err_status_bad_param;
    cipher = calloc(1, sizeof(*cipher));
    icm = calloc(1, sizeof(*icm));
    if (cipher == NULL || icm == NULL || (icm->ctx = EVP_CIPHER_CTX_new()) == NULL) {
        free(icm);
        free(cipher);
        return srtp_err_status_alloc_fail;
    }
    icm->key_size = (size_t)key_len - SRTP_SALT_LEN;
    cipher->state = icm;
    cipher->key_len = key_len;
    switch (key_len) {
    case SRTP_AES_ICM_128_KEY_LEN_WSALT:
        cipher->type = &ossl_icm_128;
        cipher->algorithm = SRTP_AES_ICM_128;
        break;
    case SRTP_AES_ICM_192_KEY_LEN_WSALT:
        cipher->type = &ossl_icm_192;
        cipher->algorithm = SRTP_AES_ICM_192;
        break;
    default:
        cipher->type = &ossl_icm_256;
        cipher->algorithm = SRTP_AES_ICM_256;
        break;
    }
    *c = cipher;
    return srtp_err_status_ok;
}

static srtp_err_status_t icm_dealloc(srtp_cipher_t *c)
{
    struct icm_ctx *icm;

    if (c == NULL)
        return srtp_err_status_bad_param;
    icm = c->state;
    if (icm != NULL) {
        EVP_CIPHER_CTX_free(icm->ctx);
        OPENSSL_cleanse(icm, sizeof(*icm));
        free(icm);
    }
    free(c);
    return srtp_err_status_ok;
}

/* key = AES key || 14-octet salt */
static srtp_err_status_t icm_init(void *cv, const uint8_t *key)
{
    struct icm_ctx *icm = cv;
    const EVP_CIPHER *evp;

    memset(icm->offset, 0, sizeof(icm->offset));
    memcpy(icm->offset, key + icm->key_size, SRTP_SALT_LEN);
    switch (icm->key_size) {
    case SRTP_AES_128_KEY_LEN:
        evp = EVP_aes_128_ctr();
        break;
    case SRTP_AES_192_KEY_LEN:
        evp = EVP_aes_192_ctr();
        break;
    case SRTP_AES_256_KEY_LEN:
        evp = EVP_aes_256_ctr();
        break;
    default:
        return srtp_err_status_bad_param;
    }
    EVP_CIPHER_CTX_reset(icm->ctx);
    if (!EVP_EncryptInit_ex(icm->ctx, evp, NULL, key, NULL))
        return srtp_err_status_init_fail;
    return srtp_err_status_ok;
}

/* counter = offset XOR iv; only the IV changes, the key schedule stays. */
static srtp_err_status_t icm_set_iv(void *cv, uint8_t *iv,
                                    srtp_cipher_direction_t dir)
{
    struct icm_ctx *icm = cv;
    uint8_t counter[16];
    size_t i;
    (void)dir;

    for (i = 0; i < sizeof(counter); i++)
        counter[i] = icm->offset[i] ^ iv[i];
    if (!EVP_EncryptInit_ex(icm->ctx, NULL, NULL, NULL, counter))
        return srtp_err_status_fail;
    return srtp_err_status_ok;
}

static srtp_err_status_t icm_crypt(void *cv, uint8_t *buf, unsigned int *len)
{
    struct icm_ctx *icm = cv;
    int out = 0, fin = 0;

    if (*len > INT32_MAX)
        return srtp_err_status_bad_param;
    if (!EVP_EncryptUpdate(icm->ctx, buf, &out, buf, (int)*len) ||
        !EVP_EncryptFinal_ex(icm->ctx, buf + out, &fin))
        return srtp_err_status_cipher_fail;
    *len = (unsigned int)(out + fin);
    return srtp_err_status_ok;
}

#define ICM_TYPE(name, test, id)                                               \
    static const srtp_cipher_type_t name = {                                   \
        icm_alloc, icm_dealloc, icm_init,  NULL,                               \
        icm_crypt, icm_crypt,   icm_set_iv, NULL,                              \
        "AES counter mode (OpenSSL, srtp3-on-srtp2)", &test, id }
ICM_TYPE(ossl_icm_128, srtp_aes_icm_128_test_case_0, SRTP_AES_ICM_128);
ICM_TYPE(ossl_icm_192, srtp_aes_icm_192_test_case_0, SRTP_AES_ICM_192);
ICM_TYPE(ossl_icm_256, srtp_aes_icm_256_test_case_0, SRTP_AES_ICM_256);

/* ---- AES-GCM (RFC 7714) ---- */

struct gcm_ctx {
    EVP_CIPHER_CTX *ctx;
    size_t key_size;
    int tag_len;
    srtp_cipher_direction_t dir;
};

static srtp_err_status_t gcm_alloc(srtp_cipher_t **c, int key_len, int tlen)
{
    struct gcm_ctx *gcm;
    srtp_cipher_t *cipher;

    if (key_len != SRTP_AES_GCM_128_KEY_LEN_WSALT &&
        key_len != SRTP_AES_GCM_256_KEY_LEN_WSALT)
        return srtp_err_status_bad_param;
    if (tlen != 16 && tlen != 8)
        return srtp_err_status_bad_param;
    cipher = calloc(1, sizeof(*cipher));
    gcm = calloc(1, sizeof(*gcm));
    if (cipher == NULL || gcm == NULL || (gcm->ctx = EVP_CIPHER_CTX_new()) == NULL) {
        free(gcm);
        free(cipher);
        return srtp_err_status_alloc_fail;
    }
    gcm->tag_len = tlen;
    gcm->dir = srtp_direction_any;
    cipher->state = gcm;
    cipher->key_len = key_len;
    if (key_len == SRTP_AES_GCM_128_KEY_LEN_WSALT) {
        gcm->key_size = SRTP_AES_128_KEY_LEN;
        cipher->type = &ossl_gcm_128;
        cipher->algorithm = SRTP_AES_GCM_128;
    } else {
        gcm->key_size = SRTP_AES_256_KEY_LEN;
        cipher->type = &ossl_gcm_256;
        cipher->algorithm = SRTP_AES_GCM_256;
    }
    *c = cipher;
    return srtp_err_status_ok;
}

static srtp_err_status_t gcm_dealloc(srtp_cipher_t *c)
{
    struct gcm_ctx *gcm;

    if (c == NULL)
        return srtp_err_status_bad_param;
    gcm = c->state;
    if (gcm != NULL) {
        EVP_CIPHER_CTX_free(gcm->ctx);
        OPENSSL_cleanse(gcm, sizeof(*gcm));
        free(gcm);
    }
    free(c);
    return srtp_err_status_ok;
}

static srtp_err_status_t gcm_init(void *cv, const uint8_t *key)
{
    struct gcm_ctx *gcm = cv;
    const EVP_CIPHER *evp =
        gcm->key_size == SRTP_AES_128_KEY_LEN ? EVP_aes_128_gcm() : EVP_aes_256_gcm();

    gcm->dir = srtp_direction_any;
    EVP_CIPHER_CTX_reset(gcm->ctx);
    if (!EVP_CipherInit_ex(gcm->ctx, evp, NULL, key, NULL, 0))
        return srtp_err_status_init_fail;
    return srtp_err_status_ok;
}

static srtp_err_status_t gcm_set_iv(void *cv, uint8_t *iv,
                                    srtp_cipher_direction_t dir)
{
    struct gcm_ctx *gcm = cv;

    if (dir != srtp_direction_encrypt && dir != srtp_direction_decrypt)
        return srtp_err_status_bad_param;
    gcm->dir = dir;
    if (!EVP_CIPHER_CTX_ctrl(gcm->ctx, EVP_CTRL_GCM_SET_IVLEN, 12, NULL) ||
        !EVP_CipherInit_ex(gcm->ctx, NULL, NULL, NULL, iv,
                           dir == srtp_direction_encrypt ? 1 : 0))
        return srtp_err_status_init_fail;
    return srtp_err_status_ok;
}

static srtp_err_status_t gcm_set_aad(void *cv, const uint8_t *aad,
                                     uint32_t aad_len)
{
    struct gcm_ctx *gcm = cv;
    int out = 0;

    if (aad_len > INT32_MAX ||
        !EVP_CipherUpdate(gcm->ctx, NULL, &out, aad, (int)aad_len))
        return srtp_err_status_algo_fail;
    return srtp_err_status_ok;
}

static srtp_err_status_t gcm_encrypt(void *cv, uint8_t *buf, unsigned int *len)
{
    struct gcm_ctx *gcm = cv;
    int out = 0;

    if (gcm->dir != srtp_direction_encrypt || *len > INT32_MAX)
        return srtp_err_status_bad_param;
    if (*len > 0 && !EVP_CipherUpdate(gcm->ctx, buf, &out, buf, (int)*len))
        return srtp_err_status_cipher_fail;
    return srtp_err_status_ok;
}

static srtp_err_status_t gcm_get_tag(void *cv, uint8_t *tag, uint32_t *len)
{
    struct gcm_ctx *gcm = cv;
    uint8_t rest[16];
    int out = 0;

    if (!EVP_CipherFinal_ex(gcm->ctx, rest, &out) ||
        !EVP_CIPHER_CTX_ctrl(gcm->ctx, EVP_CTRL_GCM_GET_TAG, gcm->tag_len, tag))
        return srtp_err_status_algo_fail;
    *len = (uint32_t)gcm->tag_len;
    return srtp_err_status_ok;
}

/* buf holds ciphertext || tag; on success *len loses the tag. */
static srtp_err_status_t gcm_decrypt(void *cv, uint8_t *buf, unsigned int *len)
{
    struct gcm_ctx *gcm = cv;
    unsigned int body;
    uint8_t rest[16];
    int out = 0;

    if (gcm->dir != srtp_direction_decrypt || *len > INT32_MAX ||
        *len < (unsigned int)gcm->tag_len)
        return srtp_err_status_bad_param;
    body = *len - (unsigned int)gcm->tag_len;
    if (!EVP_CIPHER_CTX_ctrl(gcm->ctx, EVP_CTRL_GCM_SET_TAG, gcm->tag_len,
                             buf + body))
        return srtp_err_status_auth_fail;
    if (body > 0 && !EVP_CipherUpdate(gcm->ctx, buf, &out, buf, (int)body))
        return srtp_err_status_auth_fail;
    if (!EVP_CipherFinal_ex(gcm->ctx, rest, &out))
        return srtp_err_status_auth_fail;
    *len = body;
    return srtp_err_status_ok;
}

#define GCM_TYPE(name, test, id)                                               \
    static const srtp_cipher_type_t name = {                                   \
        gcm_alloc,   gcm_dealloc, gcm_init,   gcm_set_aad,                     \
        gcm_encrypt, gcm_decrypt, gcm_set_iv, gcm_get_tag,                     \
        "AES-GCM (OpenSSL, srtp3-on-srtp2)", &test, id }
GCM_TYPE(ossl_gcm_128, srtp_aes_gcm_128_test_case_0, SRTP_AES_GCM_128);
GCM_TYPE(ossl_gcm_256, srtp_aes_gcm_256_test_case_0, SRTP_AES_GCM_256);

/* ---- HMAC-SHA1 (RFC 3711 4.2.1) ---- */

struct hmac_ctx {
    EVP_MAC *mac;
    EVP_MAC_CTX *ctx; /* keyed once per stream; start() only rewinds it */
};

static srtp_err_status_t hmac_alloc(srtp_auth_t **a, int key_len, int out_len)
{
    struct hmac_ctx *h;
    srtp_auth_t *auth;

    if (key_len < 0 || out_len < 0 || out_len > 20)
        return srtp_err_status_bad_param;
    auth = calloc(1, sizeof(*auth));
    h = calloc(1, sizeof(*h));
    if (auth == NULL || h == NULL ||
        (h->mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL ||
        (h->ctx = EVP_MAC_CTX_new(h->mac)) == NULL) {
        if (h != NULL)
            EVP_MAC_free(h->mac);
        free(h);
        free(auth);
        return srtp_err_status_alloc_fail;
    }
    auth->type = &ossl_hmac;
    auth->state = h;
    auth->out_len = out_len;
    auth->key_len = key_len;
    auth->prefix_len = 0;
    *a = auth;
    return srtp_err_status_ok;
}

static srtp_err_status_t hmac_dealloc(srtp_auth_t *a)
{
    struct hmac_ctx *h;

    if (a == NULL)
        return srtp_err_status_bad_param;
    h = a->state;
    if (h != NULL) {
        EVP_MAC_CTX_free(h->ctx);
        EVP_MAC_free(h->mac);
        free(h);
    }
    OPENSSL_cleanse(a, sizeof(*a));
    free(a);
    return srtp_err_status_ok;
}

static srtp_err_status_t hmac_init(void *sv, const uint8_t *key, int key_len)
{
    struct hmac_ctx *h = sv;
    OSSL_PARAM params[2];

    params[0] = OSSL_PARAM_construct_utf8_string("digest", "SHA1", 0);
    params[1] = OSSL_PARAM_construct_end();
    if (key_len < 0 || !EVP_MAC_init(h->ctx, key, (size_t)key_len, params))
        return srtp_err_status_auth_fail;
    return srtp_err_status_ok;
}

/* Re-initialising with no key restarts with the key already set (>= 3.0.3). */
static srtp_err_status_t hmac_start(void *sv)
{
    struct hmac_ctx *h = sv;

    if (!EVP_MAC_init(h->ctx, NULL, 0, NULL))
        return srtp_err_status_auth_fail;
    return srtp_err_status_ok;
}

static srtp_err_status_t hmac_update(void *sv, const uint8_t *msg, int len)
{
    struct hmac_ctx *h = sv;

    if (len < 0 || !EVP_MAC_update(h->ctx, msg, (size_t)len))
        return srtp_err_status_auth_fail;
    return srtp_err_status_ok;
}

static srtp_err_status_t hmac_compute(void *sv, const uint8_t *msg, int len,
                                      int tag_len, uint8_t *result)
{
    struct hmac_ctx *h = sv;
    uint8_t digest[EVP_MAX_MD_SIZE];
    size_t digest_len = 0;

    if (tag_len < 0 || tag_len > 20 || len < 0)
        return srtp_err_status_bad_param;
    if (!EVP_MAC_update(h->ctx, msg, (size_t)len) ||
        !EVP_MAC_final(h->ctx, digest, &digest_len, sizeof(digest)) ||
        digest_len < (size_t)tag_len)
        return srtp_err_status_auth_fail;
    memcpy(result, digest, (size_t)tag_len);
    return srtp_err_status_ok;
}

static const srtp_auth_type_t ossl_hmac = {
    hmac_alloc,  hmac_dealloc, hmac_init, hmac_compute, hmac_update,
    hmac_start,  "HMAC-SHA1 (OpenSSL, srtp3-on-srtp2)",
    &srtp_hmac_test_case_0, SRTP_HMAC_SHA1
};

/* After libsrtp2's srtp_init(): each replacement must pass libsrtp2's vectors. */
srtp_err_status_t srtp3on2_use_openssl_crypto(void);
srtp_err_status_t srtp3on2_use_openssl_crypto(void)
{
    srtp_err_status_t st;

    if ((st = srtp_replace_cipher_type(&ossl_icm_128, SRTP_AES_ICM_128)) ||
        (st = srtp_replace_cipher_type(&ossl_icm_192, SRTP_AES_ICM_192)) ||
        (st = srtp_replace_cipher_type(&ossl_icm_256, SRTP_AES_ICM_256)) ||
        (st = srtp_replace_cipher_type(&ossl_gcm_128, SRTP_AES_GCM_128)) ||
        (st = srtp_replace_cipher_type(&ossl_gcm_256, SRTP_AES_GCM_256)) ||
        (st = srtp_replace_auth_type(&ossl_hmac, SRTP_HMAC_SHA1)))
        return st;
    return srtp_err_status_ok;
}

/*
 * Linked with -Wl,--wrap=srtp_init (subprojects/libsrtp3/meson.build): the
 * worker's srtp_init() call lands here, so the OpenSSL transforms are in
 * place before the first session is created.
 */
srtp_err_status_t __real_srtp_init(void);
srtp_err_status_t __wrap_srtp_init(void);

srtp_err_status_t __wrap_srtp_init(void)
{
    srtp_err_status_t st = __real_srtp_init();

    return st != srtp_err_status_ok ? st : srtp3on2_use_openssl_crypto();
}
