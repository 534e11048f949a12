/*
 * ../subprojects/libsrtp3/srtp2_openssl_crypto.c against Debian's libsrtp2 on
 * NSS, for every suite libsrtp2 offers: what one backend protects (RTP and
 * RTCP), the other unprotects to the same bytes, and a flipped bit is
 * refused. Run by `make test` (and so by provide-worker.sh).
 */
#include <srtp2/auth.h>
#include <srtp2/cipher.h>
#include <srtp2/srtp.h>

#include <stdio.h>
#include <string.h>

srtp_err_status_t srtp3on2_use_openssl_crypto(void);
/* libsrtp2's own (NSS) transforms, to switch back to. */
extern const srtp_cipher_type_t srtp_aes_icm_128, srtp_aes_icm_192,
    srtp_aes_icm_256, srtp_aes_gcm_128, srtp_aes_gcm_256;
extern const srtp_auth_type_t srtp_hmac;

typedef void (*setter)(srtp_crypto_policy_t *p);

static int failed, passed;
static const char *suite = "-";
#define CHECK(cond)                                                            \
    do {                                                                       \
        if (cond)                                                              \
            passed++;                                                          \
        else {                                                                 \
            failed++;                                                          \
            printf("FAIL %s line %d: %s\n", suite, __LINE__, #cond);           \
        }                                                                      \
    } while (0)

#define PACKETS 12
static unsigned char key[46], plain[PACKETS][256], sealed[PACKETS][256];
static int plain_len[PACKETS], sealed_len[PACKETS];

static int use_nss(void)
{
    return srtp_replace_cipher_type(&srtp_aes_icm_128, SRTP_AES_ICM_128) ||
           srtp_replace_cipher_type(&srtp_aes_icm_192, SRTP_AES_ICM_192) ||
           srtp_replace_cipher_type(&srtp_aes_icm_256, SRTP_AES_ICM_256) ||
           srtp_replace_cipher_type(&srtp_aes_gcm_128, SRTP_AES_GCM_128) ||
           srtp_replace_cipher_type(&srtp_aes_gcm_256, SRTP_AES_GCM_256) ||
           srtp_replace_auth_type(&srtp_hmac, SRTP_HMAC_SHA1);
}

static srtp_t session(setter set, srtp_ssrc_type_t direction)
{
    srtp_policy_t p;
    srtp_t s = NULL;

    memset(&p, 0, sizeof(p));
    set(&p.rtp);
    set(&p.rtcp);
    p.ssrc.type = direction;
    p.key = key;
    p.window_size = 128;
    return srtp_create(&s, &p) == srtp_err_status_ok ? s : NULL;
}

/* Every fourth packet is an RTCP sender report, the others RTP. */
static int is_rtcp(int i)
{
    return i % 4 == 3;
}

static void make_packet(int i)
{
    unsigned char *b = plain[i];
    int k;

    memset(b, 0, sizeof(plain[i]));
    b[0] = 0x80;
    if (is_rtcp(i)) {
        b[1] = 200, b[3] = 6, b[4] = 0x11, b[5] = 0x22, b[6] = 0x33, b[7] = 0x44;
        plain_len[i] = 28;
    } else {
        b[3] = (unsigned char)i, b[8] = 0x11, b[9] = 0x22, b[10] = 0x33, b[11] = 0x44;
        plain_len[i] = 12 + 160 + i; /* odd lengths too */
    }
    for (k = is_rtcp(i) ? 8 : 12; k < plain_len[i]; k++)
        b[k] = (unsigned char)(k * 7 + i);
}

static void one_way(setter set, int openssl_sends)
{
    srtp_t tx, rx;
    int i;

    CHECK((openssl_sends ? (int)srtp3on2_use_openssl_crypto() : use_nss()) == 0);
    tx = session(set, ssrc_any_outbound);
    CHECK(tx != NULL);
    for (i = 0; tx && i < PACKETS; i++) {
        make_packet(i);
        memcpy(sealed[i], plain[i], (size_t)plain_len[i]);
        sealed_len[i] = plain_len[i];
        CHECK((is_rtcp(i) ? srtp_protect_rtcp(tx, sealed[i], &sealed_len[i])
                          : srtp_protect(tx, sealed[i], &sealed_len[i])) ==
              srtp_err_status_ok);
    }
    CHECK((openssl_sends ? use_nss() : (int)srtp3on2_use_openssl_crypto()) == 0);
    rx = session(set, ssrc_any_inbound);
    CHECK(rx != NULL);
    for (i = 0; rx && i < PACKETS; i++) {
        unsigned char b[256];
        int len = sealed_len[i];

        /* A flipped bit in the tag first (it must not advance the replay window). */
        memcpy(b, sealed[i], (size_t)len);
        b[len - 1] ^= 1;
        CHECK((is_rtcp(i) ? srtp_unprotect_rtcp(rx, b, &len)
                          : srtp_unprotect(rx, b, &len)) != srtp_err_status_ok);
        len = sealed_len[i];
        memcpy(b, sealed[i], (size_t)len);
        CHECK((is_rtcp(i) ? srtp_unprotect_rtcp(rx, b, &len)
                          : srtp_unprotect(rx, b, &len)) == srtp_err_status_ok);
        CHECK(len == plain_len[i] && memcmp(b, plain[i], (size_t)len) == 0);
    }
    if (tx)
        srtp_dealloc(tx);
    if (rx)
        srtp_dealloc(rx);
}

int main(void)
{
    static const struct {
        const char *name;
        setter set;
    } suites[] = {
        { "AES_CM_128_HMAC_SHA1_80", srtp_crypto_policy_set_rtp_default },
        { "AES_CM_128_HMAC_SHA1_32", srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32 },
        { "AES_CM_192_HMAC_SHA1_80", srtp_crypto_policy_set_aes_cm_192_hmac_sha1_80 },
        { "AES_CM_256_HMAC_SHA1_80", srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80 },
        { "AEAD_AES_128_GCM", srtp_crypto_policy_set_aes_gcm_128_16_auth },
        { "AEAD_AES_256_GCM", srtp_crypto_policy_set_aes_gcm_256_16_auth },
        { "AEAD_AES_128_GCM_8", srtp_crypto_policy_set_aes_gcm_128_8_auth },
    };
    size_t s;
    int k;

    if (srtp_init() != srtp_err_status_ok)
        return 2;
    for (k = 0; k < (int)sizeof(key); k++)
        key[k] = (unsigned char)(k * 13 + 5);
    for (s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
        suite = suites[s].name;
        one_way(suites[s].set, 0); /* NSS protects, OpenSSL unprotects */
        one_way(suites[s].set, 1); /* and the other way round */
    }
    srtp_shutdown();
    printf("openssl crypto: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
