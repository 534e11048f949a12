/*
 * The part of the libsrtp 3.x API (include/srtp.h of libsrtp 3) that the
 * mediasoup worker uses (it does `#include <srtp.h>`), implemented by
 * ../srtp3_on_srtp2.c on top of Debian's libsrtp2, which has no 3.x release.
 * Types, constants and signatures follow libsrtp 3 exactly.
 */
#ifndef SRTP_SRTP_H
#define SRTP_SRTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SRTP_MASTER_KEY_LEN 30
#define SRTP_MAX_KEY_LEN 64
#define SRTP_MAX_TAG_LEN 16
#define SRTP_MAX_MKI_LEN 128
#define SRTP_MAX_TRAILER_LEN (SRTP_MAX_TAG_LEN + SRTP_MAX_MKI_LEN)
#define SRTP_SRCTP_INDEX_LEN 4
#define SRTP_MAX_SRTCP_TRAILER_LEN                                             \
    (SRTP_SRCTP_INDEX_LEN + SRTP_MAX_TAG_LEN + SRTP_MAX_MKI_LEN)
#define SRTP_SALT_LEN 14
#define SRTP_AEAD_SALT_LEN 12

/* Same numbering as libsrtp2 for 0..27 (libsrtp2 never returns 28..30). */
typedef enum {
    srtp_err_status_ok = 0,
    srtp_err_status_fail = 1,
    srtp_err_status_bad_param = 2,
    srtp_err_status_alloc_fail = 3,
    srtp_err_status_dealloc_fail = 4,
    srtp_err_status_init_fail = 5,
    srtp_err_status_terminus = 6,
    srtp_err_status_auth_fail = 7,
    srtp_err_status_cipher_fail = 8,
    srtp_err_status_replay_fail = 9,
    srtp_err_status_replay_old = 10,
    srtp_err_status_algo_fail = 11,
    srtp_err_status_no_such_op = 12,
    srtp_err_status_no_ctx = 13,
    srtp_err_status_cant_check = 14,
    srtp_err_status_key_expired = 15,
    srtp_err_status_socket_err = 16,
    srtp_err_status_signal_err = 17,
    srtp_err_status_nonce_bad = 18,
    srtp_err_status_read_fail = 19,
    srtp_err_status_write_fail = 20,
    srtp_err_status_parse_err = 21,
    srtp_err_status_encode_err = 22,
    srtp_err_status_semaphore_err = 23,
    srtp_err_status_pfkey_err = 24,
    srtp_err_status_bad_mki = 25,
    srtp_err_status_pkt_idx_old = 26,
    srtp_err_status_pkt_idx_adv = 27,
    srtp_err_status_buffer_small = 28,
    srtp_err_status_cryptex_err = 29,
    srtp_err_status_direction_mismatch = 30,
} srtp_err_status_t;

/* The session is libsrtp2's own context (same struct tag in 2.x and 3.x). */
typedef struct srtp_ctx_t_ srtp_ctx_t;
typedef srtp_ctx_t *srtp_t;

typedef enum {
    ssrc_undefined = 0,
    ssrc_specific = 1,
    ssrc_any_inbound = 2,
    ssrc_any_outbound = 3
} srtp_ssrc_type_t;

typedef struct {
    srtp_ssrc_type_t type;
    uint32_t value;
} srtp_ssrc_t;

/* 3.x numbering; libsrtp2 numbers its profiles differently (mapped in .c). */
typedef enum {
    srtp_profile_reserved = 0,
    srtp_profile_null_null = 1,
    srtp_profile_aes128_cm_sha1_80 = 2,
    srtp_profile_aes128_cm_sha1_32 = 3,
    srtp_profile_aes192_cm_sha1_80 = 4,
    srtp_profile_aes192_cm_sha1_32 = 5,
    srtp_profile_aes256_cm_sha1_80 = 6,
    srtp_profile_aes256_cm_sha1_32 = 7,
    srtp_profile_null_sha1_80 = 8,
    srtp_profile_null_sha1_32 = 9,
    srtp_profile_aead_aes_128_gcm = 10,
    srtp_profile_aead_aes_256_gcm = 11
} srtp_profile_t;

typedef struct srtp_policy_ctx_t_ srtp_policy_ctx_t;
typedef srtp_policy_ctx_t *srtp_policy_t;

typedef enum {
    event_ssrc_collision,
    event_key_soft_limit,
    event_key_hard_limit,
    event_packet_index_limit
} srtp_event_t;

/* Identical layout in libsrtp2, so libsrtp2 calls the handler directly. */
typedef struct srtp_event_data_t {
    srtp_t session;
    uint32_t ssrc;
    srtp_event_t event;
} srtp_event_data_t;

typedef void(srtp_event_handler_func_t)(srtp_event_data_t *data);

/*
 * Functions whose 3.x signature or semantics differ from a libsrtp2 function
 * of the same name (or that libsrtp2 lacks) get adapter symbol names, so they
 * can never bind to libsrtp2's incompatible ones.
 */
#define srtp_policy_create srtp3on2_policy_create
#define srtp_policy_destroy srtp3on2_policy_destroy
#define srtp_policy_set_ssrc srtp3on2_policy_set_ssrc
#define srtp_policy_set_profile srtp3on2_policy_set_profile
#define srtp_policy_add_key srtp3on2_policy_add_key
#define srtp_policy_set_window_size srtp3on2_policy_set_window_size
#define srtp_policy_set_allow_repeat_tx srtp3on2_policy_set_allow_repeat_tx
#define srtp_profile_get_master_key_length srtp3on2_profile_get_master_key_length
#define srtp_profile_get_master_salt_length                                    \
    srtp3on2_profile_get_master_salt_length
#define srtp_create srtp3on2_create
#define srtp_protect srtp3on2_protect
#define srtp_unprotect srtp3on2_unprotect
#define srtp_protect_rtcp srtp3on2_protect_rtcp
#define srtp_unprotect_rtcp srtp3on2_unprotect_rtcp
#define srtp_stream_remove srtp3on2_stream_remove

srtp_err_status_t srtp_policy_create(srtp_policy_t *policy);
void srtp_policy_destroy(srtp_policy_t policy);
srtp_err_status_t srtp_policy_set_ssrc(srtp_policy_t policy, srtp_ssrc_t ssrc);
srtp_err_status_t srtp_policy_set_profile(srtp_policy_t policy,
                                          srtp_profile_t profile);
srtp_err_status_t srtp_policy_add_key(srtp_policy_t policy,
                                      const uint8_t *key,
                                      size_t key_len,
                                      const uint8_t *salt,
                                      size_t salt_len,
                                      const uint8_t *mki,
                                      size_t mki_len);
srtp_err_status_t srtp_policy_set_window_size(srtp_policy_t policy,
                                              size_t window_size);
srtp_err_status_t srtp_policy_set_allow_repeat_tx(srtp_policy_t policy,
                                                  bool allow);
size_t srtp_profile_get_master_key_length(srtp_profile_t profile);
size_t srtp_profile_get_master_salt_length(srtp_profile_t profile);

srtp_err_status_t srtp_create(srtp_t *session, const srtp_policy_t policy);

/* *srtp_len: capacity of srtp on input, SRTP packet length on output. */
srtp_err_status_t srtp_protect(srtp_t ctx,
                               const uint8_t *rtp,
                               size_t rtp_len,
                               uint8_t *srtp,
                               size_t *srtp_len,
                               size_t mki_index);
/* *rtp_len: capacity of rtp on input, RTP packet length on output. */
srtp_err_status_t srtp_unprotect(srtp_t ctx,
                                 const uint8_t *srtp,
                                 size_t srtp_len,
                                 uint8_t *rtp,
                                 size_t *rtp_len);
srtp_err_status_t srtp_protect_rtcp(srtp_t ctx,
                                    const uint8_t *rtcp,
                                    size_t rtcp_len,
                                    uint8_t *srtcp,
                                    size_t *srtcp_len,
                                    size_t mki_index);
srtp_err_status_t srtp_unprotect_rtcp(srtp_t ctx,
                                      const uint8_t *srtcp,
                                      size_t srtcp_len,
                                      uint8_t *rtcp,
                                      size_t *rtcp_len);
/* ssrc in host byte order (3.x); libsrtp2 wanted network byte order. */
srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc);

/* Same ABI in libsrtp2 and 3.x: these bind straight to libsrtp2. */
srtp_err_status_t srtp_init(void);
srtp_err_status_t srtp_shutdown(void);
srtp_err_status_t srtp_dealloc(srtp_t s);
srtp_err_status_t srtp_install_event_handler(srtp_event_handler_func_t func);
const char *srtp_get_version_string(void);
unsigned int srtp_get_version(void);

#ifdef __cplusplus
}
#endif

#endif /* SRTP_SRTP_H */
