package main

import "github.com/pion/rtcp"

// receiveCounter counts as RFC 3550 A.1 does: expected = extended highest sequence number
// - first + 1, so `expected - received` packets were lost between the first and the last.
type receiveCounter struct {
	received      int64
	tone          int64
	undecryptable int64
	started       bool
	ssrc          uint32
	first         int64
	highest       int64
	// At the last reception report, for its fraction lost (RFC 3550 A.3).
	reportedExpected, reportedReceived int64
}

func (r *receiveCounter) add(ssrc uint32, sequence uint16, tone bool) {
	r.received++
	if tone {
		r.tone++
	}
	if !r.started {
		r.started, r.ssrc = true, ssrc
		r.first, r.highest = int64(sequence), int64(sequence)
		return
	}
	// Extend the 16-bit number with the cycle nearest to the highest seen so far.
	delta := int64(int16(sequence - uint16(r.highest)))
	if r.highest+delta > r.highest {
		r.highest += delta
	}
}

func (r *receiveCounter) expected() int64 {
	if !r.started {
		return 0
	}
	return r.highest - r.first + 1
}

// report is a reception report block on what arrived so far (none before the first packet).
func (r *receiveCounter) report() []rtcp.ReceptionReport {
	if !r.started {
		return nil
	}
	expected, lost := r.expected(), r.expected()-r.received
	interval := expected - r.reportedExpected
	intervalLost := interval - (r.received - r.reportedReceived)
	r.reportedExpected, r.reportedReceived = expected, r.received
	var fraction uint8
	if interval > 0 && intervalLost > 0 {
		fraction = uint8(intervalLost * 256 / interval)
	}
	if lost < 0 {
		lost = 0
	}
	return []rtcp.ReceptionReport{{
		SSRC:               r.ssrc,
		FractionLost:       fraction,
		TotalLost:          uint32(lost),
		LastSequenceNumber: uint32(r.highest),
	}}
}
