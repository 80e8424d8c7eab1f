// C: echo the command-line arguments and the environment.
// Run: wasm-playground run samples/c/echo_args.wasm --env NAME=Ada -- one 'two words'
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("%d argument(s)\n", argc - 1);
    for (int i = 1; i < argc; i++) printf("  argv[%d] = \"%s\"\n", i, argv[i]);
    int count = 0;
    for (char **e = environ; *e; e++, count++) printf("  env: %s\n", *e);
    if (count == 0) printf("  (no environment: pass --env NAME=VALUE)\n");
    const char *name = getenv("NAME");
    printf("Hello, %s!\n", name ? name : "stranger");
    return 0;
}
