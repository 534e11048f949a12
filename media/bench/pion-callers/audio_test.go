package main

import "testing"

// The tone the callers send is the tone they recognise, and another tone is not it.
func TestIsToneRecognisesOnlyItsTone(t *testing.T) {
	for _, law := range []string{"PCMU", "PCMA"} {
		source, err := payloadSourceFor(law, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for n := int64(0); n < 50; n++ {
			if !isTone(law, source.payload(n), 1000) {
				t.Fatalf("%s packet %d of a 1000 Hz tone not heard as 1000 Hz", law, n)
			}
			if isTone(law, source.payload(n), 440) {
				t.Fatalf("%s packet %d of a 1000 Hz tone heard as 440 Hz", law, n)
			}
		}
	}
}

func TestIsToneIgnoresSilence(t *testing.T) {
	silence := make([]byte, 160)
	for i := range silence {
		silence[i] = 0xff // µ-law zero
	}
	if isTone("PCMU", silence, 1000) {
		t.Fatal("silence heard as a tone")
	}
}

// RFC 3550 A.1: expected counts across a sequence wrap, and a late packet does not move it.
func TestReceiveCounterAcrossWrap(t *testing.T) {
	var r receiveCounter
	for _, seq := range []uint16{65534, 65535, 1, 0, 2} {
		r.add(1, seq, false)
	}
	if r.received != 5 || r.expected() != 5 {
		t.Fatalf("received %d expected %d, want 5 and 5", r.received, r.expected())
	}
}
