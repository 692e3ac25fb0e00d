# Mutable wasm globals for the engine. The adapter module may have no data
# section, so the pointer to the engine state lives in a global instead of a
# static; Rust cannot declare wasm globals, hence this object.

	.globaltype	p3shim_state_ptr, i32
p3shim_state_ptr:

	.section	.text.p3shim_state_get,"",@
	.globl	p3shim_state_get
	.type	p3shim_state_get,@function
p3shim_state_get:
	.functype	p3shim_state_get () -> (i32)
	global.get	p3shim_state_ptr
	end_function

	.section	.text.p3shim_state_set,"",@
	.globl	p3shim_state_set
	.type	p3shim_state_set,@function
p3shim_state_set:
	.functype	p3shim_state_set (i32) -> ()
	local.get	0
	global.set	p3shim_state_ptr
	end_function

# wit-component's lazy stack allocation looks for a mutable i32 global named
# `allocation_state` (0 unallocated, 1 allocating, 2 allocated): with it, the
# adapter's stack comes from the main module's `cabi_realloc` instead of pages
# grown under an allocator that believes it owns the end of memory.
	.globaltype	allocation_state, i32
allocation_state:

	.section	.text.p3shim_stack_state,"",@
	.globl	p3shim_stack_state
	.type	p3shim_stack_state,@function
p3shim_stack_state:
	.functype	p3shim_stack_state () -> (i32)
	global.get	allocation_state
	end_function

# The memory reserve for programs whose runtime owns all of memory (Go): pages to
# grow before `_start`, 0 by default. `p3shim-adapt` sets its initial value (found by
# this name) when it adapts such a program; with it, every engine page comes from the
# reserve and the adapter never grows memory after `_start` (docs/DECISIONS.md).
	.globaltype	p3shim_reserve_pages, i32
p3shim_reserve_pages:
	.globaltype	p3shim_reserve_next, i32
p3shim_reserve_next:
	.globaltype	p3shim_reserve_end, i32
p3shim_reserve_end:

	.section	.text.p3shim_reserve_get,"",@
	.globl	p3shim_reserve_get
	.type	p3shim_reserve_get,@function
p3shim_reserve_get:
	.functype	p3shim_reserve_get () -> (i32)
	global.get	p3shim_reserve_pages
	end_function

	.section	.text.p3shim_reserve_next_get,"",@
	.globl	p3shim_reserve_next_get
	.type	p3shim_reserve_next_get,@function
p3shim_reserve_next_get:
	.functype	p3shim_reserve_next_get () -> (i32)
	global.get	p3shim_reserve_next
	end_function

	.section	.text.p3shim_reserve_end_get,"",@
	.globl	p3shim_reserve_end_get
	.type	p3shim_reserve_end_get,@function
p3shim_reserve_end_get:
	.functype	p3shim_reserve_end_get () -> (i32)
	global.get	p3shim_reserve_end
	end_function

	.section	.text.p3shim_reserve_set,"",@
	.globl	p3shim_reserve_set
	.type	p3shim_reserve_set,@function
p3shim_reserve_set:
	.functype	p3shim_reserve_set (i32, i32) -> ()
	local.get	0
	global.set	p3shim_reserve_next
	local.get	1
	global.set	p3shim_reserve_end
	end_function
