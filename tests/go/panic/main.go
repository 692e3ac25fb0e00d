// A stock Go wasip1 program that panics after printing: exit status 2 and the panic
// message on stderr, as under native preview1.
package main

import (
	"fmt"
	"os"
)

func main() {
	buf := make([]byte, 8<<20)
	buf[len(buf)-1] = 1
	fmt.Println("before panic", len(buf))
	fmt.Fprintln(os.Stderr, "to stderr")
	var m map[string]int
	if len(os.Args) > 5 {
		m = map[string]int{}
	}
	m["boom"] = int(buf[len(buf)-1])
	panic("unreachable")
}
