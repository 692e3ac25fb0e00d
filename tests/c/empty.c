/* A program that does nothing: it must carry none of the engine's optional parts (no std
 * stream, file or socket built-ins) and still run and exit 0 in both forms. */
int main(void) { return 0; }
