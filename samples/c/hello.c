// C: hello world with printf (wasi-libc writes it with fd_write).
// Run: wasm-playground run samples/c/hello.wasm
#include <stdio.h>

int main(void) {
    printf("Hello, WebAssembly from C!\n");
    printf("%d squared is %d\n", 12, 12 * 12);
    return 0;
}
