/*
 * libsrtp 3.x API subset (srtp3/srtp.h) on top of Debian's libsrtp2 2.5.
 * mediasoup >= 3.14 calls the 3.x API but Debian only ships libsrtp2; all
 * crypto stays in libsrtp2, this file only translates the policy object,
 * the profile numbering and 3.x's (input, output, capacity) buffer convention
 * onto libsrtp2's in-place calls with an int* length.
 * Not supported (mediasoup does not use them): MKI, cryptex, header-extension
 * encryption, the aes192 and null profiles.
 * It includes only libsrtp2's header; srtp3/srtp.h maps the 3.x names to the
 * srtp3on2_* symbols defined here, so test.c checks that the two agree.
 */
#include <srtp2/srtp.h>

#include <arpa/inet.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define ERR_BUFFER_SMALL ((srtp_err_status_t)28) /* 3.x only */

typedef void (*crypto_setter)(srtp_crypto_policy_t *p);

/* Indexed by the 3.x srtp_profile_t value; key_len == 0 means unsupported. */
static const struct profile {
    size_t key_len, salt_len;
    crypto_setter rtp, rtcp; /* *_sha1_32 keeps the 80-bit tag for RTCP */
} profiles[] = {
    /* libsrtp2's "rtp default" is AES_CM_128_HMAC_SHA1_80 */
    [2] = { 16, 14, srtp_crypto_policy_set_rtp_default,
            srtp_crypto_policy_set_rtp_default },
    [3] = { 16, 14, srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32,
            srtp_crypto_policy_set_rtp_default },
    [6] = { 32, 14, srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80,
            srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80 },
    [7] = { 32, 14, srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32,
            srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80 },
    [10] = { 16, 12, srtp_crypto_policy_set_aes_gcm_128_16_auth,
             srtp_crypto_policy_set_aes_gcm_128_16_auth },
    [11] = { 32, 12, srtp_crypto_policy_set_aes_gcm_256_16_auth,
             srtp_crypto_policy_set_aes_gcm_256_16_auth },
};

static const struct profile *find_profile(int p)
{
    if (p < 0 || (size_t)p >= sizeof(profiles) / sizeof(profiles[0]) ||
        profiles[p].key_len == 0)
        return NULL;
    return &profiles[p];
}

/* The 3.x opaque policy: a libsrtp2 policy plus the key material it needs. */
struct srtp_policy_ctx_t_ {
    srtp_policy_t p2;
    const struct profile *profile;
    unsigned char key[SRTP_MAX_KEY_LEN]; /* master key || salt, as 2.x wants */
    size_t key_len, salt_len;
    bool has_key;
};
typedef struct srtp_policy_ctx_t_ *policy3_t;

srtp_err_status_t srtp3on2_policy_create(policy3_t *policy)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    *policy = calloc(1, sizeof(**policy));
    return *policy ? srtp_err_status_ok : srtp_err_status_alloc_fail;
}

void srtp3on2_policy_destroy(policy3_t policy)
{
    if (policy == NULL)
        return;
    explicit_bzero(policy->key, sizeof(policy->key));
    free(policy);
}

srtp_err_status_t srtp3on2_policy_set_ssrc(policy3_t policy, srtp_ssrc_t ssrc)
{
    if (policy == NULL || ssrc.type < ssrc_specific ||
        ssrc.type > ssrc_any_outbound)
        return srtp_err_status_bad_param;
    policy->p2.ssrc = ssrc;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3on2_policy_set_profile(policy3_t policy, int profile)
{
    const struct profile *p = find_profile(profile);
    if (policy == NULL || p == NULL)
        return srtp_err_status_bad_param;
    p->rtp(&policy->p2.rtp);
    p->rtcp(&policy->p2.rtcp);
    policy->profile = p;
    return srtp_err_status_ok;
}

size_t srtp3on2_profile_get_master_key_length(int profile)
{
    const struct profile *p = find_profile(profile);
    return p ? p->key_len : 0;
}

size_t srtp3on2_profile_get_master_salt_length(int profile)
{
    const struct profile *p = find_profile(profile);
    return p ? p->salt_len : 0;
}

srtp_err_status_t srtp3on2_policy_add_key(policy3_t policy,
                                          const uint8_t *key,
                                          size_t key_len,
                                          const uint8_t *salt,
                                          size_t salt_len,
                                          const uint8_t *mki,
                                          size_t mki_len)
{
    (void)mki;
    /* Without MKI 3.x allows exactly one key; MKI is not supported here. */
    if (policy == NULL || key == NULL || salt == NULL || mki_len != 0 ||
        policy->has_key || key_len + salt_len > SRTP_MAX_KEY_LEN)
        return srtp_err_status_bad_param;
    memcpy(policy->key, key, key_len);
    memcpy(policy->key + key_len, salt, salt_len);
    policy->key_len = key_len;
    policy->salt_len = salt_len;
    policy->has_key = true;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3on2_policy_set_window_size(policy3_t policy,
                                                  size_t window_size)
{
    if (policy == NULL ||
        (window_size != 0 && (window_size < 64 || window_size >= 0x8000)))
        return srtp_err_status_bad_param;
    policy->p2.window_size = window_size;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3on2_policy_set_allow_repeat_tx(policy3_t policy,
                                                      bool allow)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->p2.allow_repeat_tx = allow ? 1 : 0;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3on2_create(srtp_t *session, const policy3_t policy)
{
    srtp_policy_t p2;

    if (session == NULL)
        return srtp_err_status_bad_param;
    if (policy == NULL) /* 3.x: empty session, streams added later */
        return srtp_create(session, NULL);
    /* What 3.x's srtp_policy_validate() checks for this subset. */
    if (policy->profile == NULL || !policy->has_key ||
        policy->key_len != policy->profile->key_len ||
        policy->salt_len != policy->profile->salt_len ||
        policy->p2.ssrc.type == ssrc_undefined)
        return srtp_err_status_bad_param;
    p2 = policy->p2; /* libsrtp2 derives session keys; p2 is not kept */
    p2.key = policy->key;
    p2.keys = NULL;
    p2.num_master_keys = 0;
    p2.next = NULL;
    return srtp_create(session, &p2);
}

/* 3.x: out may equal in; *out_len is the capacity of out, then the length. */
static srtp_err_status_t protect(srtp_t ctx, const uint8_t *in, size_t in_len,
                                 uint8_t *out, size_t *out_len, bool rtcp)
{
    uint32_t trailer = 0;
    int len;
    srtp_err_status_t st;

    if (ctx == NULL || in == NULL || out == NULL || out_len == NULL ||
        in_len > INT_MAX - 1024)
        return srtp_err_status_bad_param;
    /* Exact worst case over the session's streams, as 3.x checks it. */
    st = rtcp ? srtp_get_protect_rtcp_trailer_length(ctx, 0, 0, &trailer)
              : srtp_get_protect_trailer_length(ctx, 0, 0, &trailer);
    if (st != srtp_err_status_ok)
        return srtp_err_status_no_ctx;
    if (*out_len < in_len + trailer)
        return ERR_BUFFER_SMALL;
    if (out != in)
        memmove(out, in, in_len); /* libsrtp2 protects in place */
    len = (int)in_len;
    st = rtcp ? srtp_protect_rtcp(ctx, out, &len) : srtp_protect(ctx, out, &len);
    if (st == srtp_err_status_ok)
        *out_len = (size_t)len;
    return st;
}

static srtp_err_status_t unprotect(srtp_t ctx, const uint8_t *in,
                                   size_t in_len, uint8_t *out,
                                   size_t *out_len, bool rtcp)
{
    uint8_t *work = out;
    uint32_t trailer = 0;
    int len;
    srtp_err_status_t st;

    if (ctx == NULL || in == NULL || out == NULL || out_len == NULL ||
        in_len > INT_MAX)
        return srtp_err_status_bad_param;
    /* Refuse a too-small out before libsrtp2 touches the replay window
     * (in_len - worst-case trailer is a lower bound of the output length). */
    st = rtcp ? srtp_get_protect_rtcp_trailer_length(ctx, 0, 0, &trailer)
              : srtp_get_protect_trailer_length(ctx, 0, 0, &trailer);
    if (st != srtp_err_status_ok)
        return srtp_err_status_no_ctx;
    if (in_len > trailer && *out_len < in_len - trailer)
        return ERR_BUFFER_SMALL;
    /* libsrtp2 works in place on the whole SRTP packet; if out cannot hold
     * it, decrypt in scratch memory and copy the (shorter) result. */
    if (out != in && *out_len < in_len && (work = malloc(in_len)) == NULL)
        return srtp_err_status_alloc_fail;
    if (work != in)
        memmove(work, in, in_len);
    len = (int)in_len;
    st = rtcp ? srtp_unprotect_rtcp(ctx, work, &len)
              : srtp_unprotect(ctx, work, &len);
    if (st == srtp_err_status_ok && (size_t)len > *out_len)
        st = ERR_BUFFER_SMALL;
    if (st == srtp_err_status_ok) {
        if (work != out)
            memcpy(out, work, (size_t)len);
        *out_len = (size_t)len;
    }
    if (work != out)
        free(work);
    return st;
}

srtp_err_status_t srtp3on2_protect(srtp_t ctx, const uint8_t *rtp,
                                   size_t rtp_len, uint8_t *srtp,
                                   size_t *srtp_len, size_t mki_index)
{
    (void)mki_index; /* ignored without MKI, as in 3.x */
    return protect(ctx, rtp, rtp_len, srtp, srtp_len, false);
}

srtp_err_status_t srtp3on2_unprotect(srtp_t ctx, const uint8_t *srtp,
                                     size_t srtp_len, uint8_t *rtp,
                                     size_t *rtp_len)
{
    return unprotect(ctx, srtp, srtp_len, rtp, rtp_len, false);
}

srtp_err_status_t srtp3on2_protect_rtcp(srtp_t ctx, const uint8_t *rtcp,
                                        size_t rtcp_len, uint8_t *srtcp,
                                        size_t *srtcp_len, size_t mki_index)
{
    (void)mki_index;
    return protect(ctx, rtcp, rtcp_len, srtcp, srtcp_len, true);
}

srtp_err_status_t srtp3on2_unprotect_rtcp(srtp_t ctx, const uint8_t *srtcp,
                                          size_t srtcp_len, uint8_t *rtcp,
                                          size_t *rtcp_len)
{
    return unprotect(ctx, srtcp, srtcp_len, rtcp, rtcp_len, true);
}

srtp_err_status_t srtp3on2_stream_remove(srtp_t session, uint32_t ssrc)
{
    /* 3.x takes host byte order, libsrtp2's srtp_remove_stream network.
     * (mediasoup 3.27.1 passes htonl(ssrc), so like real libsrtp 3 this
     * finds no stream; kept as 3.x documents it.) */
    return srtp_remove_stream(session, htonl(ssrc));
}
