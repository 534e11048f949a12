// pion-callers holds many WebRTC audio calls for `npm run bench:call`, standing in for
// browsers: signalling stays in Node (media/bench/pion-callers.ts), which drives this process
// over stdin/stdout with one JSON object per line. Every request carries an `id` that its
// reply repeats; a reply with `error` set means the request failed.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
)

type request struct {
	ID   int64  `json:"id"`
	Op   string `json:"op"`
	Call string `json:"call"`
	// offer: the tone the far end sends, checked in what arrives (0: no check).
	ListenHz float64 `json:"listenHz"`
	// answer: the gateway's SDP answer.
	SDP string `json:"sdp"`
	// connected: how long to wait for ICE and DTLS.
	TimeoutMs int64 `json:"timeoutMs"`
	// start: the tone to send.
	Hz float64 `json:"hz"`
}

type reply struct {
	ID     int64         `json:"id"`
	Error  string        `json:"error,omitempty"`
	SDP    string        `json:"sdp,omitempty"`
	SSRC   uint32        `json:"ssrc,omitempty"`
	Codec  string        `json:"codec,omitempty"`
	Stats  *callStats    `json:"stats,omitempty"`
	Sender *senderHealth `json:"sender,omitempty"`
}

type server struct {
	out   *json.Encoder
	outMu sync.Mutex
	mu    sync.Mutex
	calls map[string]*callPeer
	peers *peerFactory
	loop  *mediaLoop
}

func main() {
	grid := flag.Duration("grid", 0, "send on this grid instead of each packet at its own time")
	flag.Parse()
	loop, err := newMediaLoop(*grid)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pion-callers: %v\n", err)
		os.Exit(1)
	}
	peers, err := newPeerFactory(loop)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pion-callers: %v\n", err)
		os.Exit(1)
	}
	s := &server{
		out:   json.NewEncoder(os.Stdout),
		calls: map[string]*callPeer{},
		peers: peers,
		loop:  loop,
	}
	go loop.run()
	in := bufio.NewScanner(os.Stdin)
	// An SDP answer is a few KiB; leave room for much larger ones.
	in.Buffer(make([]byte, 1<<20), 1<<20)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			fmt.Fprintf(os.Stderr, "pion-callers: unreadable request %q: %v\n", in.Text(), err)
			os.Exit(2)
		}
		// Each request in its own goroutine: waiting for one call's ICE must not hold others.
		go s.send(s.handle(req))
	}
	// stdin closed: Node is gone or done; the peers go with the process.
	os.Exit(0)
}

func (s *server) send(r reply) {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	if err := s.out.Encode(r); err != nil {
		fmt.Fprintf(os.Stderr, "pion-callers: cannot write a reply: %v\n", err)
		os.Exit(3)
	}
}

func (s *server) handle(req request) reply {
	r, err := s.dispatch(req)
	r.ID = req.ID
	if err != nil {
		r.Error = err.Error()
	}
	return r
}

func (s *server) dispatch(req request) (reply, error) {
	if req.Op == "health" {
		return reply{Sender: s.loop.health()}, nil
	}
	if req.Op == "offer" {
		return s.offer(req)
	}
	s.mu.Lock()
	c := s.calls[req.Call]
	s.mu.Unlock()
	if c == nil {
		return reply{}, fmt.Errorf("no call %q", req.Call)
	}
	switch req.Op {
	case "answer":
		codec, err := c.acceptAnswer(req.SDP)
		return reply{Codec: codec}, err
	case "connected":
		return reply{}, c.waitConnected(req.TimeoutMs)
	case "start":
		source, err := payloadSourceFor(c.codec, req.Hz)
		if err != nil {
			return reply{}, err
		}
		return reply{}, s.loop.start(c, source)
	case "stop":
		s.loop.stop(c)
		return reply{Stats: c.stats()}, nil
	case "stats":
		return reply{Stats: c.stats()}, nil
	case "close":
		s.mu.Lock()
		delete(s.calls, req.Call)
		s.mu.Unlock()
		stats := c.stats()
		return reply{Stats: stats}, c.close()
	}
	return reply{}, fmt.Errorf("unknown op %q", req.Op)
}

func (s *server) offer(req request) (reply, error) {
	s.mu.Lock()
	if _, taken := s.calls[req.Call]; taken || req.Call == "" {
		s.mu.Unlock()
		return reply{}, fmt.Errorf("call id %q is empty or taken", req.Call)
	}
	s.calls[req.Call] = nil
	s.mu.Unlock()
	c, sdp, err := s.peers.newCall(req.ListenHz)
	s.mu.Lock()
	if err != nil {
		delete(s.calls, req.Call)
	} else {
		s.calls[req.Call] = c
	}
	s.mu.Unlock()
	if err != nil {
		return reply{}, err
	}
	return reply{SDP: sdp, SSRC: c.local.ssrc}, nil
}
