package main

import (
	"errors"
	"time"

	"github.com/pion/rtcp"
)

// A browser reports on its audio about every 5 s (Chromium's default audio RTCP interval):
// a sender report with a reception report block on what it hears, and its CNAME.
const reportInterval = 5 * time.Second

// sendReport sends that compound SRTCP packet; the metronome's goroutine only.
func (c *callPeer) sendReport(now time.Time, rtpTime uint32, cipher []byte) error {
	encrypt := c.encrypt.Load()
	if encrypt == nil {
		return errors.New("not connected")
	}
	c.recvMu.Lock()
	reports := c.recv.report()
	c.recvMu.Unlock()
	raw, err := rtcp.Marshal([]rtcp.Packet{
		&rtcp.SenderReport{
			SSRC:        c.local.ssrc,
			NTPTime:     ntpTime(now),
			RTPTime:     rtpTime,
			PacketCount: uint32(c.sent.Load()),
			OctetCount:  uint32(c.octets.Load()),
			Reports:     reports,
		},
		rtcp.NewCNAMESourceDescription(c.local.ssrc, c.local.cname),
	})
	if err != nil {
		return err
	}
	packet, err := encrypt.EncryptRTCP(cipher[:0], raw, nil)
	if err != nil {
		return err
	}
	return c.socket.write(packet, c.remote)
}

// ntpTime is `t` as a 64-bit NTP timestamp (seconds since 1900, then the fraction).
func ntpTime(t time.Time) uint64 {
	const unixToNtp = 2208988800
	seconds := uint64(t.Unix()) + unixToNtp
	fraction := uint64(t.Nanosecond()) << 32 / uint64(time.Second)
	return seconds<<32 | fraction
}
