package main

import (
	"errors"
	"math"
	"math/rand"
	"sync"
	"syscall"
	"time"

	"github.com/pion/rtp"
)

const (
	packetInterval = 20 * time.Millisecond
	// The loop wakes at least this often to read what arrived, when nothing is due sooner.
	readInterval = 2 * time.Millisecond
	// A packet this late is not sent at all (counted as skipped): a starved caller shows as
	// a lower send rate, not as a burst the gateway has to absorb.
	maxLateness = 100 * time.Millisecond
)

// stream is a call's sending state.
type stream struct {
	source     payloadSource
	start      time.Time
	next       int64
	nextReport time.Time
	// The packet index due when the current report window began (0 if started since).
	windowFrom int64
	sequence   uint16
	stamp      uint32
}

// mediaLoop owns every call's media once connected: one goroutine reads, decrypts and
// counts what arrived, and encrypts and sends what is due, and keeps how late each packet
// left against its call's own 20 ms schedule.
type mediaLoop struct {
	// 0: the loop wakes for each call's packet at its own time (as independent browsers
	// send); otherwise it sends on this grid all that is due, which costs the callers fewer
	// wake-ups but lets the gateway take packets in batches (cheaper for it than browsers).
	grid     time.Duration
	nextGrid time.Time
	mu       sync.Mutex
	epoll    int
	calls    map[int32]*callPeer
	streams  map[*callPeer]*stream
	// The loop's buffers: a datagram as read, a packet before and after encryption.
	datagram, plain, cipher []byte

	lateness   latenessHistogram
	sent       int64
	skipped    int64
	dueRemoved int64 // due in this window from streams removed during it
}

type senderHealth struct {
	// Packets due by every stream's own 20 ms clock since the last report, whether the
	// sender woke up for them or not; those sent; those skipped for being too late.
	Due           int64   `json:"due"`
	Sent          int64   `json:"sent"`
	Skipped       int64   `json:"skipped"`
	LatenessP50Ms float64 `json:"latenessP50Ms"`
	LatenessP99Ms float64 `json:"latenessP99Ms"`
	LatenessMaxMs float64 `json:"latenessMaxMs"`
}

func newMediaLoop(grid time.Duration) (*mediaLoop, error) {
	epoll, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	return &mediaLoop{
		grid:     grid,
		epoll:    epoll,
		calls:    map[int32]*callPeer{},
		streams:  map[*callPeer]*stream{},
		datagram: make([]byte, 1500),
		plain:    make([]byte, 1500),
		cipher:   make([]byte, 1500),
	}, nil
}

// watch has the loop read the call's socket from now on.
func (m *mediaLoop) watch(c *callPeer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	fd := int32(c.socket.fd)
	event := syscall.EpollEvent{Events: syscall.EPOLLIN, Fd: fd}
	if err := syscall.EpollCtl(m.epoll, syscall.EPOLL_CTL_ADD, int(fd), &event); err != nil {
		return err
	}
	m.calls[fd] = c
	return nil
}

// forget stops sending and reading for the call, then closes its socket.
func (m *mediaLoop) forget(c *callPeer) error {
	m.stop(c)
	m.mu.Lock()
	defer m.mu.Unlock()
	fd := int32(c.socket.fd)
	if m.calls[fd] == c {
		delete(m.calls, fd)
		_ = syscall.EpollCtl(m.epoll, syscall.EPOLL_CTL_DEL, int(fd), nil)
	}
	return c.socket.close()
}

func (m *mediaLoop) start(c *callPeer, source payloadSource) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c.encrypt.Load() == nil {
		return errors.New("not connected")
	}
	now := time.Now()
	// Random first sequence number and timestamp, as RFC 3550 5.1 asks of a sender.
	m.streams[c] = &stream{
		source: source, start: now, nextReport: now.Add(reportInterval),
		sequence: uint16(rand.Uint32()), stamp: rand.Uint32(),
	}
	return nil
}

func (m *mediaLoop) stop(c *callPeer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s := m.streams[c]; s != nil {
		m.dueRemoved += s.dueBy(time.Now()) - s.windowFrom
		delete(m.streams, c)
	}
}

// dueBy is how many packets the stream's clock asked for from its start until `now`.
func (s *stream) dueBy(now time.Time) int64 {
	return int64(now.Sub(s.start)/packetInterval) + 1
}

func (m *mediaLoop) run() {
	events := make([]syscall.EpollEvent, 256)
	timer := time.NewTimer(readInterval)
	for {
		m.mu.Lock()
		m.receive(events)
		now := time.Now()
		if m.grid == 0 || !now.Before(m.nextGrid) {
			m.send(now)
			m.nextGrid = now.Truncate(m.grid).Add(m.grid)
		}
		wait := readInterval
		if next := m.nextSend(now); !next.IsZero() && next.Sub(now) < wait {
			wait = next.Sub(now)
		}
		m.mu.Unlock()
		timer.Reset(wait)
		<-timer.C
	}
}

// nextSend is when the loop next has a packet to send: the earliest stream's next packet,
// or on a grid the next grid point (zero without streams).
func (m *mediaLoop) nextSend(now time.Time) time.Time {
	if len(m.streams) == 0 {
		return time.Time{}
	}
	if m.grid > 0 {
		return m.nextGrid
	}
	var next time.Time
	for _, s := range m.streams {
		due := s.start.Add(time.Duration(s.next) * packetInterval)
		if next.IsZero() || due.Before(next) {
			next = due
		}
	}
	return next
}

// receive reads one datagram from each socket that has any (level-triggered: the rest
// waits for the next tick, 2 ms on, far more often than a call's 50 packets a second).
func (m *mediaLoop) receive(events []syscall.EpollEvent) {
	for {
		n, err := syscall.EpollWait(m.epoll, events, 0)
		if err == syscall.EINTR {
			continue
		}
		for _, event := range events[:nonNegative(n)] {
			c := m.calls[event.Fd]
			if c == nil {
				continue
			}
			if size, err := c.socket.read(m.datagram); err == nil {
				c.onDatagram(m.datagram[:size], m.plain)
			}
		}
		if n < len(events) {
			return
		}
	}
}

func (m *mediaLoop) send(now time.Time) {
	for c, s := range m.streams {
		for due := s.dueBy(now); s.next < due; s.next++ {
			late := now.Sub(s.start.Add(time.Duration(s.next) * packetInterval))
			if late > maxLateness {
				m.skipped++
				continue
			}
			m.lateness.add(late)
			header := rtp.Header{
				Version:        2,
				Marker:         s.next == 0,
				PayloadType:    c.payloadType,
				SequenceNumber: s.sequence,
				Timestamp:      s.stamp + uint32(s.next)*s.source.ticks,
				SSRC:           c.local.ssrc,
			}
			s.sequence++
			if c.sendRTP(&header, s.source.payload(s.next), m.plain, m.cipher) == nil {
				m.sent++
			}
		}
		if now.After(s.nextReport) {
			s.nextReport = s.nextReport.Add(reportInterval)
			_ = c.sendReport(now, s.stamp+uint32(s.next)*s.source.ticks, m.cipher)
		}
	}
}

// health reports on the packets since the last report, and starts a new window.
func (m *mediaLoop) health() *senderHealth {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	due := m.dueRemoved
	for _, s := range m.streams {
		next := s.dueBy(now)
		due += next - s.windowFrom
		s.windowFrom = next
	}
	report := &senderHealth{
		Due:           due,
		Sent:          m.sent,
		Skipped:       m.skipped,
		LatenessP50Ms: m.lateness.percentileMs(50),
		LatenessP99Ms: m.lateness.percentileMs(99),
		LatenessMaxMs: float64(m.lateness.max) / float64(time.Millisecond),
	}
	m.lateness = latenessHistogram{}
	m.sent, m.skipped, m.dueRemoved = 0, 0, 0
	return report
}

// nonNegative is n, or 0 for EpollWait's -1 on an error.
func nonNegative(n int) int {
	if n < 0 {
		return 0
	}
	return n
}

// latenessHistogram holds lateness in 0.1 ms bins up to maxLateness.
type latenessHistogram struct {
	bins  [int(maxLateness/(100*time.Microsecond)) + 1]int64
	count int64
	max   time.Duration
}

func (h *latenessHistogram) add(late time.Duration) {
	if late < 0 {
		late = 0
	}
	h.bins[int(late/(100*time.Microsecond))]++
	h.count++
	if late > h.max {
		h.max = late
	}
}

func (h *latenessHistogram) percentileMs(p float64) float64 {
	if h.count == 0 {
		return 0
	}
	rank := int64(math.Ceil(float64(h.count) * p / 100))
	var sum int64
	for i, n := range h.bins {
		if sum += n; sum >= rank {
			return float64(i+1) / 10
		}
	}
	return float64(h.max) / float64(time.Millisecond)
}
