/*
 * p3shim_trace.o: links the engine's tracer into a static-shim program (`p3shim-cc
 * --trace`), so that `P3SHIM_TRACE=1` in its environment prints every call. Without this
 * object the linker leaves the tracer out (docs/DECISIONS.md).
 */
void p3shim_trace_inside(const void *event);

void (*p3shim_tracer)(const void *event) = p3shim_trace_inside;
