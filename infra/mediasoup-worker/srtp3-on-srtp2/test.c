/*
 * Round-trip test of the libsrtp 3.x adapter, compiled against srtp3/srtp.h
 * exactly as the mediasoup worker is (so it also checks that header and
 * adapter agree). Build and run: make -C infra/mediasoup-worker/srtp3-on-srtp2 test
 */
#include "srtp.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (cond)                                                              \
            passed++;                                                          \
        else {                                                                 \
            failed++;                                                          \
            fprintf(stderr, "FAIL %s:%d [%s]: %s\n", __FILE__, __LINE__,      \
                    profile_name, #cond);                                      \
        }                                                                      \
    } while (0)

static const char *profile_name = "-";
static const uint8_t key_material[64] = {
    0x1f, 0x2e, 0x3d, 0x4c, 0x5b, 0x6a, 0x79, 0x88, 0x97, 0xa6, 0xb5,
    0xc4, 0xd3, 0xe2, 0xf1, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
    0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01, 0x02,
    0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
};

/* Same sequence of calls as mediasoup's RTC::SrtpSession constructor. */
static srtp_err_status_t make_session(srtp_t *s, srtp_profile_t profile,
                                      srtp_ssrc_type_t type)
{
    srtp_policy_t policy = NULL;
    srtp_ssrc_t ssrc = { type, 0 };
    size_t klen = srtp_profile_get_master_key_length(profile);
    size_t slen = srtp_profile_get_master_salt_length(profile);
    srtp_err_status_t err = srtp_policy_create(&policy);
    if (err)
        return err;
    if (!(err = srtp_policy_set_ssrc(policy, ssrc)) &&
        !(err = srtp_policy_set_profile(policy, profile)) &&
        !(err = srtp_policy_add_key(policy, key_material, klen,
                                    key_material + klen, slen, NULL, 0)) &&
        !(err = srtp_policy_set_allow_repeat_tx(policy, true)) &&
        !(err = srtp_policy_set_window_size(policy, 1024)))
        err = srtp_create(s, policy);
    srtp_policy_destroy(policy);
    return err;
}

static size_t make_rtp(uint8_t *p, uint16_t seq, uint32_t ssrc)
{
    uint32_t ts = htonl(960u * seq), ssrc_n = htonl(ssrc);
    uint16_t seq_n = htons(seq);
    p[0] = 0x80;
    p[1] = 111; /* opus */
    memcpy(p + 2, &seq_n, 2);
    memcpy(p + 4, &ts, 4);
    memcpy(p + 8, &ssrc_n, 4);
    for (int i = 0; i < 160; i++)
        p[12 + i] = (uint8_t)(i * 7 + seq);
    return 12 + 160;
}

static size_t make_rtcp_rr(uint8_t *p, uint32_t ssrc)
{
    /* RR with one report block: 8 + 24 octets. */
    uint32_t ssrc_n = htonl(ssrc);
    memset(p, 0, 32);
    p[0] = 0x81;
    p[1] = 201;
    p[3] = 7; /* length in 32-bit words minus one */
    memcpy(p + 4, &ssrc_n, 4);
    memcpy(p + 8, &ssrc_n, 4);
    p[12] = 3;
    return 32;
}

static void run_profile(srtp_profile_t profile, const char *name,
                        size_t rtp_tag, size_t rtcp_tag)
{
    _Alignas(4) uint8_t rtp[256], copy[256], out[512], back[512];
    srtp_t tx = NULL, rx = NULL;
    size_t rtp_len, out_len, back_len;
    const uint32_t ssrc = 0x11223344;

    profile_name = name;
    CHECK(make_session(&tx, profile, ssrc_any_outbound) == srtp_err_status_ok);
    CHECK(make_session(&rx, profile, ssrc_any_inbound) == srtp_err_status_ok);
    if (!tx || !rx)
        return;

    /* RTP: separate output buffer; *srtp_len is its capacity on input. */
    rtp_len = make_rtp(rtp, 1, ssrc);
    memcpy(copy, rtp, rtp_len);
    out_len = sizeof(out);
    CHECK(srtp_protect(tx, rtp, rtp_len, out, &out_len, 0) ==
          srtp_err_status_ok);
    CHECK(out_len == rtp_len + rtp_tag);
    CHECK(memcmp(rtp, copy, rtp_len) == 0); /* input left untouched */
    CHECK(memcmp(out, rtp, 12) == 0);       /* header in clear */
    CHECK(memcmp(out + 12, rtp + 12, rtp_len - 12) != 0); /* payload not */

    /* Unprotect into a buffer exactly the RTP size (< SRTP size). */
    back_len = rtp_len;
    CHECK(srtp_unprotect(rx, out, out_len, back, &back_len) ==
          srtp_err_status_ok);
    CHECK(back_len == rtp_len && memcmp(back, rtp, rtp_len) == 0);
    /* The same packet again is a replay. */
    back_len = sizeof(back);
    CHECK(srtp_unprotect(rx, out, out_len, back, &back_len) ==
          srtp_err_status_replay_fail);

    /* Capacity one short of the result is refused, exact one accepted. */
    rtp_len = make_rtp(rtp, 2, ssrc);
    out_len = rtp_len + rtp_tag - 1;
    CHECK(srtp_protect(tx, rtp, rtp_len, out, &out_len, 0) ==
          srtp_err_status_buffer_small);
    out_len = rtp_len + rtp_tag;
    CHECK(srtp_protect(tx, rtp, rtp_len, out, &out_len, 0) ==
          srtp_err_status_ok);
    CHECK(out_len == rtp_len + rtp_tag);
    back_len = rtp_len - 1;
    CHECK(srtp_unprotect(rx, out, out_len, back, &back_len) ==
          srtp_err_status_buffer_small);
    /* In place, as mediasoup's DecryptSrtp() does (capacity = SRTP length);
     * the refusal above must not have consumed the packet. */
    memcpy(back, out, out_len);
    back_len = out_len;
    CHECK(srtp_unprotect(rx, back, out_len, back, &back_len) ==
          srtp_err_status_ok);
    CHECK(back_len == rtp_len && memcmp(back, rtp, rtp_len) == 0);

    /* In-place protect (srtp == rtp) with room for the tag. */
    rtp_len = make_rtp(rtp, 3, ssrc);
    memcpy(copy, rtp, rtp_len);
    out_len = sizeof(rtp);
    CHECK(srtp_protect(tx, rtp, rtp_len, rtp, &out_len, 0) ==
          srtp_err_status_ok);
    CHECK(out_len == rtp_len + rtp_tag);
    /* Tampering is detected. */
    memcpy(out, rtp, out_len);
    out[20] ^= 1;
    back_len = sizeof(back);
    CHECK(srtp_unprotect(rx, out, out_len, back, &back_len) ==
          srtp_err_status_auth_fail);
    back_len = sizeof(back);
    CHECK(srtp_unprotect(rx, rtp, out_len, back, &back_len) ==
          srtp_err_status_ok);
    CHECK(back_len == rtp_len && memcmp(back, copy, rtp_len) == 0);

    /* RTCP: SRTCP adds the 4-octet index plus the RTCP tag. */
    size_t rtcp_len = make_rtcp_rr(rtp, ssrc);
    memcpy(copy, rtp, rtcp_len);
    out_len = rtcp_len + 4 + rtcp_tag - 1;
    CHECK(srtp_protect_rtcp(tx, rtp, rtcp_len, out, &out_len, 0) ==
          srtp_err_status_buffer_small);
    out_len = sizeof(out);
    CHECK(srtp_protect_rtcp(tx, rtp, rtcp_len, out, &out_len, 0) ==
          srtp_err_status_ok);
    CHECK(out_len == rtcp_len + 4 + rtcp_tag);
    CHECK(memcmp(rtp, copy, rtcp_len) == 0);
    back_len = rtcp_len - 1;
    CHECK(srtp_unprotect_rtcp(rx, out, out_len, back, &back_len) ==
          srtp_err_status_buffer_small);
    back_len = rtcp_len;
    CHECK(srtp_unprotect_rtcp(rx, out, out_len, back, &back_len) ==
          srtp_err_status_ok);
    CHECK(back_len == rtcp_len && memcmp(back, copy, rtcp_len) == 0);
    back_len = sizeof(back);
    CHECK(srtp_unprotect_rtcp(rx, out, out_len, back, &back_len) ==
          srtp_err_status_replay_fail);

    /* srtp_stream_remove takes the SSRC in host byte order (3.x). */
    CHECK(srtp_stream_remove(rx, htonl(ssrc)) != srtp_err_status_ok);
    CHECK(srtp_stream_remove(rx, ssrc) == srtp_err_status_ok);
    CHECK(srtp_stream_remove(rx, ssrc) != srtp_err_status_ok);

    CHECK(srtp_dealloc(tx) == srtp_err_status_ok);
    CHECK(srtp_dealloc(rx) == srtp_err_status_ok);
}

static void policy_checks(void)
{
    srtp_policy_t p = NULL;
    srtp_t s = NULL;
    srtp_ssrc_t any_out = { ssrc_any_outbound, 0 }, bad = { ssrc_undefined, 0 };
    _Alignas(4) uint8_t pkt[64] = { 0x80 };
    size_t len = sizeof(pkt);

    profile_name = "policy";
    CHECK(srtp_profile_get_master_key_length(srtp_profile_aes128_cm_sha1_80) == 16);
    CHECK(srtp_profile_get_master_salt_length(srtp_profile_aes128_cm_sha1_80) == 14);
    CHECK(srtp_profile_get_master_key_length(srtp_profile_aead_aes_256_gcm) == 32);
    CHECK(srtp_profile_get_master_salt_length(srtp_profile_aead_aes_256_gcm) == 12);
    CHECK(srtp_policy_create(NULL) == srtp_err_status_bad_param);
    CHECK(srtp_policy_create(&p) == srtp_err_status_ok && p != NULL);
    CHECK(srtp_policy_set_ssrc(p, bad) == srtp_err_status_bad_param);
    CHECK(srtp_policy_set_profile(p, srtp_profile_reserved) ==
          srtp_err_status_bad_param);
    CHECK(srtp_policy_set_window_size(p, 32) == srtp_err_status_bad_param);
    CHECK(srtp_policy_set_window_size(p, 0x8000) == srtp_err_status_bad_param);
    CHECK(srtp_policy_add_key(p, key_material, 16, key_material + 16, 14,
                              key_material, 4) == srtp_err_status_bad_param);
    /* Incomplete policy (no profile, no ssrc) is refused by srtp_create. */
    CHECK(srtp_create(&s, p) == srtp_err_status_bad_param);
    CHECK(srtp_policy_set_ssrc(p, any_out) == srtp_err_status_ok);
    CHECK(srtp_policy_set_profile(p, srtp_profile_aes128_cm_sha1_80) ==
          srtp_err_status_ok);
    /* Key length must match the profile. */
    CHECK(srtp_policy_add_key(p, key_material, 32, key_material + 32, 14,
                              NULL, 0) == srtp_err_status_ok);
    CHECK(srtp_create(&s, p) == srtp_err_status_bad_param);
    /* Only one key without MKI. */
    CHECK(srtp_policy_add_key(p, key_material, 16, key_material + 16, 14,
                              NULL, 0) == srtp_err_status_bad_param);
    srtp_policy_destroy(p);
    srtp_policy_destroy(NULL);

    /* A session without streams has nothing to protect with. */
    CHECK(srtp_create(&s, NULL) == srtp_err_status_ok);
    CHECK(srtp_protect(s, pkt, 12, pkt, &len, 0) != srtp_err_status_ok);
    CHECK(srtp_dealloc(s) == srtp_err_status_ok);
}

int main(void)
{
    CHECK(srtp_init() == srtp_err_status_ok);
    printf("using %s\n", srtp_get_version_string());
    policy_checks();
    run_profile(srtp_profile_aes128_cm_sha1_80, "AES_CM_128_HMAC_SHA1_80", 10, 10);
    run_profile(srtp_profile_aes128_cm_sha1_32, "AES_CM_128_HMAC_SHA1_32", 4, 10);
    run_profile(srtp_profile_aead_aes_128_gcm, "AEAD_AES_128_GCM", 16, 16);
    run_profile(srtp_profile_aead_aes_256_gcm, "AEAD_AES_256_GCM", 16, 16);
    profile_name = "-";
    CHECK(srtp_shutdown() == srtp_err_status_ok);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
