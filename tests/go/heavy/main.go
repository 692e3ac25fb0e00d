// A stock Go wasip1 program that churns 512 MiB through the GC while a goroutine is
// blocked reading stdin, then waits on the reader, a ticker and timers together.
package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"time"
)

func main() {
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()

	var keep [][]byte
	var sum uint64
	for i := 0; i < 512; i++ {
		b := make([]byte, 1<<20)
		b[i] = byte(i)
		b[len(b)-1] = byte(i >> 1)
		sum += uint64(b[i]) + uint64(b[len(b)-1])
		if i%64 == 0 {
			keep = append(keep, b)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("churned 512 MiB, kept %d, sum %d, collections > 0: %v\n", len(keep), sum, ms.NumGC > 0)

	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	ticks, got := 0, 0
	deadline := time.After(10 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				// How often the ticker fired depends on timing: not printed.
				_ = ticks
				fmt.Printf("stdin done: %d lines\n", got)
				return
			}
			got++
			if got <= 3 {
				fmt.Println("line:", l)
			}
		case <-tick.C:
			ticks++
		case <-deadline:
			fmt.Println("timeout")
			os.Exit(1)
		}
	}
}
