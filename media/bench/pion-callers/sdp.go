package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pion/sdp/v3"
)

// offerParams is what a caller's offer says about it.
type offerParams struct {
	port        int
	ufrag, pwd  string
	fingerprint string // sha-256, colon-separated hex
	ssrc        uint32
	cname       string
}

// offerSDP is Chromium's audio offer (its codecs, order and payload types), with one host
// candidate on 127.0.0.1 and no header extensions (as the werift caller offers).
func offerSDP(p offerParams) string {
	lines := []string{
		"v=0",
		fmt.Sprintf("o=- %d 2 IN IP4 127.0.0.1", p.ssrc),
		"s=-",
		"t=0 0",
		"a=group:BUNDLE 0",
		"a=msid-semantic: WMS pion-caller",
		fmt.Sprintf("m=audio %d UDP/TLS/RTP/SAVPF 111 9 0 8 110 126", p.port),
		"c=IN IP4 127.0.0.1",
		"a=rtcp:9 IN IP4 0.0.0.0",
		fmt.Sprintf("a=candidate:1 1 udp 2130706431 127.0.0.1 %d typ host generation 0", p.port),
		"a=ice-ufrag:" + p.ufrag,
		"a=ice-pwd:" + p.pwd,
		"a=fingerprint:sha-256 " + p.fingerprint,
		"a=setup:actpass",
		"a=mid:0",
		"a=sendrecv",
		"a=msid:pion-caller audio",
		"a=rtcp-mux",
		"a=rtpmap:111 opus/48000/2",
		"a=fmtp:111 minptime=10;useinbandfec=1",
		"a=rtpmap:9 G722/8000",
		"a=rtpmap:0 PCMU/8000",
		"a=rtpmap:8 PCMA/8000",
		"a=rtpmap:110 telephone-event/48000",
		"a=rtpmap:126 telephone-event/8000",
		fmt.Sprintf("a=ssrc:%d cname:%s", p.ssrc, p.cname),
		fmt.Sprintf("a=ssrc:%d msid:pion-caller audio", p.ssrc),
	}
	return strings.Join(lines, "\r\n") + "\r\n"
}

// answerParams is what the caller needs from the gateway's answer.
type answerParams struct {
	ufrag, pwd string
	// fingerprint's hash name (e.g. sha-256) and colon-separated hex value.
	fingerprintHash, fingerprint string
	// passive (the gateway waits for our DTLS ClientHello) or active.
	setup string
	// host:port of the first UDP candidate.
	candidate string
	// The first codec of the audio section (not telephone-event) and its payload type.
	codec       string
	payloadType uint8
}

func parseAnswer(answer string) (answerParams, error) {
	var session sdp.SessionDescription
	if err := session.Unmarshal([]byte(answer)); err != nil {
		return answerParams{}, fmt.Errorf("answer is not SDP: %w", err)
	}
	var audio *sdp.MediaDescription
	for _, media := range session.MediaDescriptions {
		if media.MediaName.Media == "audio" && media.MediaName.Port.Value != 0 {
			audio = media
			break
		}
	}
	if audio == nil {
		return answerParams{}, errors.New("answer has no active audio section")
	}
	attribute := func(key string) string {
		if value, ok := audio.Attribute(key); ok {
			return value
		}
		value, _ := session.Attribute(key)
		return value
	}
	a := answerParams{ufrag: attribute("ice-ufrag"), pwd: attribute("ice-pwd"), setup: attribute("setup")}
	if hash, value, ok := strings.Cut(attribute("fingerprint"), " "); ok {
		a.fingerprintHash, a.fingerprint = strings.ToLower(hash), strings.ToUpper(value)
	}
	for _, attr := range audio.Attributes {
		// foundation component transport priority address port typ type ...
		fields := strings.Fields(attr.Value)
		if attr.Key == "candidate" && len(fields) >= 8 && strings.EqualFold(fields[2], "udp") {
			a.candidate = fields[4] + ":" + fields[5]
			break
		}
	}
	for _, format := range audio.MediaName.Formats {
		pt, err := strconv.ParseUint(format, 10, 8)
		if err != nil {
			continue
		}
		codec, err := session.GetCodecForPayloadType(uint8(pt))
		if err != nil || strings.EqualFold(codec.Name, "telephone-event") {
			continue
		}
		a.codec, a.payloadType = codec.Name, uint8(pt)
		break
	}
	switch {
	case a.ufrag == "" || a.pwd == "":
		return a, errors.New("answer has no ICE credentials")
	case a.fingerprintHash != "sha-256":
		return a, fmt.Errorf("answer has no sha-256 DTLS fingerprint (%q)", a.fingerprintHash)
	case a.setup != "passive" && a.setup != "active":
		return a, fmt.Errorf("answer's DTLS setup %q is neither passive nor active", a.setup)
	case a.candidate == "":
		return a, errors.New("answer has no UDP candidate")
	case a.codec == "":
		return a, errors.New("answer has no audio codec")
	}
	return a, nil
}
