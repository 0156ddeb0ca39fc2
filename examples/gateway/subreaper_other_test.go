//go:build unix && !linux

package main

func becomeSubreaper() bool { return false }
