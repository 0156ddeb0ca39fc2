package main

import "syscall"

// becomeSubreaper makes this process adopt its orphaned descendants (Linux
// PR_SET_CHILD_SUBREAPER), so a program whose `go run` parent died can still
// be waited for, and leaves no zombie behind.
func becomeSubreaper() bool {
	const prSetChildSubreaper = 36
	_, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
	return errno == 0
}
