// A stock Go wasip1 program for the adapter tests: allocation churned through the GC, a
// 3 MB file written and read back, a directory listing, sleeps and goroutines, stdin copied
// to stdout, and exit status 3. Its output must be byte-identical to native preview1.
package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}

	// 64 MiB allocated in 1 MiB pieces, most of it garbage by the time it is collected.
	var keep [][]byte
	var sum uint64
	for i := 0; i < 64; i++ {
		b := make([]byte, 1<<20)
		for j := range b {
			b[j] = byte(i + j)
		}
		sum += uint64(b[i*977])
		if i%8 == 0 {
			keep = append(keep, b)
		}
	}
	m := make(map[int]string)
	for i := 0; i < 100000; i++ {
		m[i] = fmt.Sprint(i)
	}
	fmt.Printf("alloc: kept %d, sum %d, map %d\n", len(keep), sum, len(m))

	// A 3 MB file, written in one piece and read back.
	data := make([]byte, 3_000_000)
	for i := range data {
		data[i] = byte(i * 7 / 3)
	}
	name := filepath.Join(dir, "big.bin")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		fail(err)
	}
	back, err := os.ReadFile(name)
	if err != nil {
		fail(err)
	}
	fmt.Printf("file: %d bytes, equal %v, sha256 %x\n", len(back), bytes.Equal(data, back), sha256.Sum256(back))

	// A directory listing.
	for i := 0; i < 5; i++ {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%d.txt", i)), []byte("x"), 0o644); err != nil {
			fail(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		fail(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	fmt.Printf("dir: %v\n", names)

	// Sleeps, in the main goroutine and in eight others.
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	var wg sync.WaitGroup
	results := make([]int, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			time.Sleep(time.Duration(g) * time.Millisecond)
			results[g] = g * g
		}(g)
	}
	wg.Wait()
	fmt.Printf("sleep: at least 20ms %v, goroutines %v\n", time.Since(start) >= 20*time.Millisecond, results)

	// stdin to stdout.
	n, err := io.Copy(os.Stdout, os.Stdin)
	if err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "copied %d bytes\n", n)
	os.Exit(3)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "error:", err)
	os.Exit(1)
}
