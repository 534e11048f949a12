package main

import (
	"crypto"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pion/dtls/v2"
	"github.com/pion/dtls/v2/pkg/crypto/fingerprint"
	"github.com/pion/dtls/v2/pkg/crypto/selfsign"
	"github.com/pion/rtp"
	"github.com/pion/srtp/v2"
)

// peerFactory holds what every call shares: one DTLS certificate (as a browser keeps one
// for all its peer connections) and the media loop.
type peerFactory struct {
	cert        tls.Certificate
	fingerprint string
	loop        *mediaLoop
}

func newPeerFactory(loop *mediaLoop) (*peerFactory, error) {
	cert, err := selfsign.GenerateSelfSigned()
	if err != nil {
		return nil, err
	}
	parsed, err := x509.ParseCertificate(cert.Certificate[0])
	if err != nil {
		return nil, err
	}
	print, err := fingerprint.Fingerprint(parsed, crypto.SHA256)
	if err != nil {
		return nil, err
	}
	// Upper case, as browsers write it: mediasoup compares it with its own, case and all.
	return &peerFactory{cert: cert, fingerprint: strings.ToUpper(print), loop: loop}, nil
}

// callPeer is one caller's WebRTC audio session: its own UDP socket (as each browser peer
// connection has), ICE as the controlling agent toward the gateway's ICE-lite, DTLS-SRTP and
// rtcp-mux. The media loop reads, decrypts and counts its packets and sends its audio.
type callPeer struct {
	factory  *peerFactory
	socket   *udpSocket
	local    offerParams
	listenHz float64

	// Set by acceptAnswer, before the media loop watches the socket.
	remote      *syscall.SockaddrInet4
	answer      answerParams
	codec       string
	payloadType uint8
	listen      bool

	connected chan struct{}
	failed    chan struct{}
	failure   error
	settle    sync.Once
	iceDone   chan struct{}
	iceOnce   sync.Once
	closed    chan struct{}
	closeOnce sync.Once
	dtlsIn    chan []byte
	dtls      atomic.Pointer[dtls.Conn]

	encrypt atomic.Pointer[srtp.Context] // the media loop's only, once set
	decrypt atomic.Pointer[srtp.Context] // the media loop's only, once set
	sent    atomic.Int64
	octets  atomic.Int64

	recvMu sync.Mutex
	recv   receiveCounter
	header rtp.Header // the media loop's scratch header
}

type callStats struct {
	Sent     int64  `json:"sent"`
	Received int64  `json:"received"`
	Expected int64  `json:"expected"`
	SSRC     uint32 `json:"ssrc"`
	// Received packets whose audio is the tone listened for (G.711 only).
	HeardTone int64 `json:"heardTone"`
	// Packets that failed SRTP authentication or could not be parsed.
	Undecryptable int64 `json:"undecryptable"`
}

func (f *peerFactory) newCall(listenHz float64) (*callPeer, string, error) {
	socket, err := openUDPSocket()
	if err != nil {
		return nil, "", err
	}
	c := &callPeer{
		factory: f, socket: socket, listenHz: listenHz,
		local: offerParams{
			port:  socket.port,
			ufrag: randomToken(4), pwd: randomToken(12),
			fingerprint: f.fingerprint, ssrc: randomUint32(), cname: randomToken(8),
		},
		connected: make(chan struct{}), failed: make(chan struct{}), iceDone: make(chan struct{}),
		closed: make(chan struct{}), dtlsIn: make(chan []byte, 16),
	}
	return c, offerSDP(c.local), nil
}

// acceptAnswer takes the gateway's answer and connects in the background (connected tells).
func (c *callPeer) acceptAnswer(answer string) (string, error) {
	a, err := parseAnswer(answer)
	if err != nil {
		return "", err
	}
	if _, err := payloadSourceFor(a.codec, 0); err != nil {
		return "", err
	}
	address, err := net.ResolveUDPAddr("udp4", a.candidate)
	if err != nil || address.IP.To4() == nil {
		return "", fmt.Errorf("answer's candidate %q is no IPv4 address", a.candidate)
	}
	c.remote = &syscall.SockaddrInet4{Port: address.Port}
	copy(c.remote.Addr[:], address.IP.To4())
	c.answer, c.codec, c.payloadType = a, a.codec, a.payloadType
	c.listen = c.listenHz > 0 && isG711(c.codec)
	if err := c.factory.loop.watch(c); err != nil {
		return "", err
	}
	go func() {
		if err := c.connect(); err != nil {
			c.fail(err)
		}
	}()
	return c.codec, nil
}

func (c *callPeer) fail(err error) {
	c.settle.Do(func() {
		c.failure = err
		close(c.failed)
	})
}

func (c *callPeer) waitConnected(timeoutMs int64) error {
	if timeoutMs <= 0 {
		timeoutMs = 5000
	}
	select {
	case <-c.connected:
		return nil
	case <-c.failed:
		return c.failure
	case <-time.After(time.Duration(timeoutMs) * time.Millisecond):
		return fmt.Errorf("WebRTC not connected after %d ms", timeoutMs)
	}
}

// onDatagram demultiplexes what arrived (RFC 7983): STUN, DTLS, then SRTP and SRTCP. The
// media loop's goroutine only; `plain` is its buffer.
func (c *callPeer) onDatagram(datagram, plain []byte) {
	switch first := datagram[0]; {
	case len(datagram) < 2:
	case first < 4:
		c.onStun(datagram)
	case first >= 20 && first < 64:
		select {
		case c.dtlsIn <- append([]byte(nil), datagram...):
		default: // the handshake is stalled or over: DTLS retransmits what matters
		}
	case first >= 128 && first < 192 && datagram[1]&0x7f >= 64 && datagram[1]&0x7f < 96:
		// SRTCP (RFC 5761: payload types 192-223 with the marker bit): reports, not counted.
	case first >= 128 && first < 192:
		c.onSrtp(datagram, plain)
	}
}

func (c *callPeer) onSrtp(datagram, plain []byte) {
	decrypt := c.decrypt.Load()
	if decrypt == nil {
		return
	}
	packet, err := decrypt.DecryptRTP(plain, datagram, &c.header)
	// The header's length as read (Header.MarshalSize undercounts some extensions).
	headerLen := 0
	if err == nil {
		headerLen, err = c.header.Unmarshal(packet)
	}
	tone := false
	if err == nil && c.listen {
		payload := packet[headerLen:]
		if pad := 0; c.header.Padding && len(payload) > 0 {
			if pad = int(payload[len(payload)-1]); pad <= len(payload) {
				payload = payload[:len(payload)-pad]
			}
		}
		tone = isTone(c.codec, payload, c.listenHz)
	}
	c.recvMu.Lock()
	defer c.recvMu.Unlock()
	if err != nil {
		c.recv.undecryptable++
		return
	}
	c.recv.add(c.header.SSRC, c.header.SequenceNumber, tone)
}

// sendRTP encrypts and sends one packet; the media loop's goroutine only.
func (c *callPeer) sendRTP(header *rtp.Header, payload []byte, plain, cipher []byte) error {
	encrypt := c.encrypt.Load()
	if encrypt == nil {
		return errors.New("not connected")
	}
	n, err := header.MarshalTo(plain)
	if err != nil {
		return err
	}
	n += copy(plain[n:], payload)
	packet, err := encrypt.EncryptRTP(cipher[:0], plain[:n], header)
	if err != nil {
		return err
	}
	if err := c.socket.write(packet, c.remote); err != nil {
		return err
	}
	c.sent.Add(1)
	c.octets.Add(int64(len(payload)))
	return nil
}

func (c *callPeer) stats() *callStats {
	c.recvMu.Lock()
	defer c.recvMu.Unlock()
	return &callStats{
		Sent:          c.sent.Load(),
		Received:      c.recv.received,
		Expected:      c.recv.expected(),
		SSRC:          c.local.ssrc,
		HeardTone:     c.recv.tone,
		Undecryptable: c.recv.undecryptable,
	}
}

// close ends DTLS (close_notify, as a browser closing its peer connection does) and the
// media; idempotent.
func (c *callPeer) close() error {
	var err error
	c.closeOnce.Do(func() {
		close(c.closed)
		c.fail(errors.New("closed"))
		if session := c.dtls.Load(); session != nil {
			err = session.Close()
		}
		if forgetErr := c.factory.loop.forget(c); err == nil {
			err = forgetErr
		}
	})
	return err
}

func randomToken(bytes int) string {
	b := make([]byte, bytes)
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func randomUint32() uint32 {
	b := make([]byte, 4)
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		panic(err)
	}
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
