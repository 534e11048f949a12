package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/zaf/g711"
)

// payloadSource is what one 20 ms packet of a codec carries for packet number n, and how
// far the RTP timestamp advances per packet.
type payloadSource struct {
	ticks   uint32
	payload func(n int64) []byte
}

// Opus: a real 20 ms CELT frame (TOC 0xf8: fullband, 20 ms, mono) that decoders read as
// silence, as the werift caller sends (tests/support/caller/rtp-payloads.ts).
var opusSilence = []byte{0xf8, 0xff, 0xfe}

func payloadSourceFor(codec string, hz float64) (payloadSource, error) {
	if hz <= 0 {
		hz = 440
	}
	switch strings.ToLower(codec) {
	case "pcmu":
		return g711Tone(g711.EncodeUlawFrame, hz), nil
	case "pcma":
		return g711Tone(g711.EncodeAlawFrame, hz), nil
	case "g722":
		// 64 kbit/s, 160 bytes per 20 ms, RTP clock 8 kHz (RFC 3551); noise, not a tone.
		pattern := make([]byte, 160)
		for i := range pattern {
			pattern[i] = 0xfa
		}
		return payloadSource{ticks: 160, payload: func(int64) []byte { return pattern }}, nil
	case "opus":
		return payloadSource{ticks: 960, payload: func(int64) []byte { return opusSilence }}, nil
	}
	return payloadSource{}, fmt.Errorf("the pion caller cannot send %s", codec)
}

// g711Tone encodes one second of the tone once; a whole-Hz tone repeats cleanly after it,
// so packet n is a slice of that second and sending allocates nothing.
func g711Tone(encode func(int16) uint8, hz float64) payloadSource {
	second := make([]byte, 8000)
	for i := range second {
		second[i] = encode(int16(math.Round(0.5 * 32767 * math.Sin(2*math.Pi*hz*float64(i)/8000))))
	}
	return payloadSource{ticks: 160, payload: func(n int64) []byte {
		offset := (n * 160) % 8000
		return second[offset : offset+160]
	}}
}

func isG711(mimeType string) bool {
	name := strings.ToLower(strings.TrimPrefix(mimeType, "audio/"))
	return name == "pcmu" || name == "pcma"
}

// isTone tells whether a G.711 payload is mostly the tone at `hz`: the Goertzel power at
// `hz` over the total energy is 1 for a pure tone and near 0 for noise or another tone.
func isTone(law string, payload []byte, hz float64) bool {
	decode := g711.DecodeUlawFrame
	if strings.EqualFold(law, "pcma") {
		decode = g711.DecodeAlawFrame
	}
	coefficient := 2 * math.Cos(2*math.Pi*hz/8000)
	var s1, s2, energy float64
	for _, b := range payload {
		x := float64(decode(b))
		s1, s2 = x+coefficient*s1-s2, s1
		energy += x * x
	}
	n := float64(len(payload))
	// Below about -50 dBFS it is silence, whatever its spectrum.
	if n == 0 || energy/n < 100*100 {
		return false
	}
	power := s1*s1 + s2*s2 - coefficient*s1*s2
	return 2*power/(n*energy) > 0.5
}
