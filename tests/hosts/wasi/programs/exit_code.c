/* Exit with status 3: by returning from main, or through exit() with an atexit handler. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void goodbye(void) { printf("atexit handler ran\n"); }

int main(int argc, char **argv) {
    atexit(goodbye);
    if (argc > 1 && strcmp(argv[1], "exit") == 0) {
        printf("calling exit(3)\n");
        exit(3);
    }
    printf("returning 3\n");
    return 3;
}
