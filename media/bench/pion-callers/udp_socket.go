package main

import (
	"errors"
	"sync"
	"syscall"
)

// udpSocket is a non-blocking UDP socket on 127.0.0.1 outside Go's netpoller: the media loop
// polls every call's socket in one epoll_wait per tick instead of a goroutine waking per
// packet, which on this machine cost more than everything else the callers do.
type udpSocket struct {
	mu     sync.RWMutex
	fd     int
	closed bool
	port   int
}

var errSocketClosed = errors.New("socket closed")

func openUDPSocket() (*udpSocket, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	name, err := syscall.Getsockname(fd)
	if err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return &udpSocket{fd: fd, port: name.(*syscall.SockaddrInet4).Port}, nil
}

// write sends one datagram; safe from any goroutine, and never to a descriptor reused after
// close.
func (s *udpSocket) write(b []byte, to *syscall.SockaddrInet4) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errSocketClosed
	}
	return syscall.Sendto(s.fd, b, 0, to)
}

// read takes one waiting datagram (EAGAIN when none); the media loop's goroutine only.
func (s *udpSocket) read(b []byte) (int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return 0, errSocketClosed
	}
	n, _, err := syscall.Recvfrom(s.fd, b, 0)
	return n, err
}

func (s *udpSocket) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return syscall.Close(s.fd)
}
