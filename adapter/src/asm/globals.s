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
