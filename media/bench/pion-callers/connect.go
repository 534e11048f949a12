package main

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/pion/dtls/v2"
	"github.com/pion/dtls/v2/pkg/crypto/fingerprint"
	"github.com/pion/ice/v2"
	"github.com/pion/srtp/v2"
	"github.com/pion/stun"
)

const (
	// How often a browser re-checks consent on the selected pair (Chromium: about 2.5 s;
	// RFC 7675 asks for about 5 s): the gateway ends a session silent for 10 s.
	consentInterval = 2500 * time.Millisecond
	// Until the first Binding success, checks go out this often (RFC 8445's Ta is 50 ms).
	checkInterval  = 50 * time.Millisecond
	connectTimeout = 10 * time.Second
)

// connect runs ICE (one pair: our host candidate to the gateway's), then DTLS, then derives
// the SRTP contexts; consent checks continue until the call closes.
func (c *callPeer) connect() error {
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	if err := c.checkConnectivity(ctx); err != nil {
		return err
	}
	go c.keepConsent()

	config := &dtls.Config{
		Certificates: []tls.Certificate{c.factory.cert},
		// Chromium's order: AES-GCM first.
		SRTPProtectionProfiles: []dtls.SRTPProtectionProfile{dtls.SRTP_AEAD_AES_128_GCM, dtls.SRTP_AES128_CM_HMAC_SHA1_80},
		ExtendedMasterSecret:   dtls.RequireExtendedMasterSecret,
		// The certificate is self-signed: what authenticates it is the answer's fingerprint.
		InsecureSkipVerify:    true,
		VerifyPeerCertificate: c.verifyFingerprint,
	}
	transport := &dtlsTransport{c: c}
	var session *dtls.Conn
	var err error
	// The gateway answering passive waits for our ClientHello (a browser's usual role).
	isClient := c.answer.setup == "passive"
	if isClient {
		session, err = dtls.ClientWithContext(ctx, transport, config)
	} else {
		session, err = dtls.ServerWithContext(ctx, transport, config)
	}
	if err != nil {
		return fmt.Errorf("DTLS: %w", err)
	}
	c.dtls.Store(session)
	if err := c.startSrtp(session, isClient); err != nil {
		return err
	}
	c.settle.Do(func() { close(c.connected) })
	return nil
}

func (c *callPeer) verifyFingerprint(rawCerts [][]byte, _ [][]*x509.Certificate) error {
	if len(rawCerts) == 0 {
		return errors.New("the gateway sent no DTLS certificate")
	}
	cert, err := x509.ParseCertificate(rawCerts[0])
	if err != nil {
		return err
	}
	got, err := fingerprint.Fingerprint(cert, crypto.SHA256)
	if err != nil {
		return err
	}
	if !strings.EqualFold(got, c.answer.fingerprint) {
		return fmt.Errorf("the gateway's DTLS certificate is not the one its answer names (%s)", got)
	}
	return nil
}

func (c *callPeer) startSrtp(session *dtls.Conn, isClient bool) error {
	selected, ok := session.SelectedSRTPProtectionProfile()
	if !ok {
		return errors.New("DTLS negotiated no SRTP protection profile")
	}
	profiles := map[dtls.SRTPProtectionProfile]srtp.ProtectionProfile{
		dtls.SRTP_AEAD_AES_128_GCM:       srtp.ProtectionProfileAeadAes128Gcm,
		dtls.SRTP_AES128_CM_HMAC_SHA1_80: srtp.ProtectionProfileAes128CmHmacSha1_80,
	}
	config := srtp.Config{Profile: profiles[selected]}
	state := session.ConnectionState()
	if err := config.ExtractSessionKeysFromDTLS(&state, isClient); err != nil {
		return err
	}
	encrypt, err := srtp.CreateContext(config.Keys.LocalMasterKey, config.Keys.LocalMasterSalt, config.Profile)
	if err != nil {
		return err
	}
	decrypt, err := srtp.CreateContext(config.Keys.RemoteMasterKey, config.Keys.RemoteMasterSalt, config.Profile)
	if err != nil {
		return err
	}
	c.encrypt.Store(encrypt)
	c.decrypt.Store(decrypt)
	return nil
}

// checkConnectivity sends nominating Binding requests until the gateway answers one.
func (c *callPeer) checkConnectivity(ctx context.Context) error {
	tiebreaker := uint64(randomUint32())<<32 | uint64(randomUint32())
	ticker := time.NewTicker(checkInterval)
	defer ticker.Stop()
	for {
		if err := c.sendBindingRequest(ice.AttrControlling(tiebreaker), ice.UseCandidate()); err != nil {
			return err
		}
		select {
		case <-c.iceDone:
			return nil
		case <-c.closed:
			return errors.New("closed")
		case <-ctx.Done():
			return errors.New("ICE: no Binding success from the gateway")
		case <-ticker.C:
		}
	}
}

func (c *callPeer) keepConsent() {
	tiebreaker := uint64(randomUint32())<<32 | uint64(randomUint32())
	ticker := time.NewTicker(consentInterval)
	defer ticker.Stop()
	for {
		select {
		case <-c.closed:
			return
		case <-ticker.C:
			_ = c.sendBindingRequest(ice.AttrControlling(tiebreaker))
		}
	}
}

// Our host candidate's priority (type preference 126, local 65535, component 1).
const hostPriority = ice.PriorityAttr(126<<24 | 65535<<8 | 255)

func (c *callPeer) sendBindingRequest(extra ...stun.Setter) error {
	setters := append([]stun.Setter{
		stun.TransactionID, stun.BindingRequest,
		stun.NewUsername(c.answer.ufrag + ":" + c.local.ufrag),
		hostPriority,
	}, extra...)
	setters = append(setters, stun.NewShortTermIntegrity(c.answer.pwd), stun.Fingerprint)
	message, err := stun.Build(setters...)
	if err != nil {
		return err
	}
	return c.socket.write(message.Raw, c.remote)
}

// onStun takes the far end's Binding successes, and answers its Binding requests: an ICE-lite
// agent (the gateway) sends none, but a full agent (rtpengine, the bench's peer) checks the
// pair from its side too and holds DTLS and media back until a check of its own succeeds.
func (c *callPeer) onStun(raw []byte) {
	message := &stun.Message{Raw: append([]byte(nil), raw...)}
	if message.Decode() != nil {
		return
	}
	switch message.Type {
	case stun.BindingSuccess:
		if stun.NewShortTermIntegrity(c.answer.pwd).Check(message) != nil {
			return
		}
		c.iceOnce.Do(func() { close(c.iceDone) })
	case stun.BindingRequest:
		if stun.NewShortTermIntegrity(c.local.pwd).Check(message) != nil {
			return
		}
		// One pair only: the request came from the far end's candidate.
		response, err := stun.Build(
			message, stun.BindingSuccess,
			&stun.XORMappedAddress{IP: net.IP(c.remote.Addr[:]), Port: c.remote.Port},
			stun.NewShortTermIntegrity(c.local.pwd), stun.Fingerprint,
		)
		if err == nil {
			_ = c.socket.write(response.Raw, c.remote)
		}
	}
}

// dtlsTransport is the call's socket as pion/dtls sees it: the DTLS records the reader
// sorted out, and writes to the gateway's candidate.
type dtlsTransport struct{ c *callPeer }

func (t *dtlsTransport) Read(b []byte) (int, error) {
	select {
	case record := <-t.c.dtlsIn:
		return copy(b, record), nil
	case <-t.c.closed:
		return 0, io.EOF
	}
}

func (t *dtlsTransport) Write(b []byte) (int, error) {
	if err := t.c.socket.write(b, t.c.remote); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (t *dtlsTransport) Close() error { return nil } // the call closes the socket

func (t *dtlsTransport) LocalAddr() net.Addr {
	return &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: t.c.socket.port}
}

func (t *dtlsTransport) RemoteAddr() net.Addr {
	return &net.UDPAddr{IP: net.IP(t.c.remote.Addr[:]), Port: t.c.remote.Port}
}

func (t *dtlsTransport) SetDeadline(time.Time) error      { return nil }
func (t *dtlsTransport) SetReadDeadline(time.Time) error  { return nil }
func (t *dtlsTransport) SetWriteDeadline(time.Time) error { return nil }
