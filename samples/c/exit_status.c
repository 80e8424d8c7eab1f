// C: print a message on stderr and exit with status 3 through exit().
// Run: wasm-playground run samples/c/exit_status.wasm; echo $?
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("about to fail\n");
    fprintf(stderr, "exit_status: something went wrong, exiting with status 3\n");
    exit(3);
}
