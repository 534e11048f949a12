/*
 * mediasoup's DTLS BIO callback (onSslBioOut) returns 1 for every BIO_ctrl(),
 * so a kTLS-enabled OpenSSL 3.0 (Debian's) believes the memory BIO does kernel
 * TLS and the worker crashes in do_dtls1_write() on the first DTLS flight.
 * Linked with -Wl,--wrap=BIO_ctrl against the static libssl/libcrypto, every
 * BIO_ctrl() call lands here: kTLS queries get "no", the rest goes through.
 */
#include <openssl/bio.h>

long __real_BIO_ctrl(BIO *bp, int cmd, long larg, void *parg);
long __wrap_BIO_ctrl(BIO *bp, int cmd, long larg, void *parg);

long __wrap_BIO_ctrl(BIO *bp, int cmd, long larg, void *parg)
{
#ifdef BIO_CTRL_GET_KTLS_SEND
    if (cmd == BIO_CTRL_GET_KTLS_SEND)
        return 0;
#endif
#ifdef BIO_CTRL_GET_KTLS_RECV
    if (cmd == BIO_CTRL_GET_KTLS_RECV)
        return 0;
#endif
    return __real_BIO_ctrl(bp, cmd, larg, parg);
}
