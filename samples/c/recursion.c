// C: recursion: factorial and Fibonacci calling themselves, a frame per call.
// Run: wasm-playground debug samples/c/recursion.wasm  (then: b factorial if n == 1, c, bt, finish)
// Build: -O0 -g
#include <stdio.h>

long long factorial(int n) {
    if (n <= 1) {
        return 1;
    }
    return n * factorial(n - 1);
}

int fib(int n) {
    if (n < 2) {
        return n;
    }
    return fib(n - 1) + fib(n - 2);
}

int main(void) {
    long long f = factorial(5);
    int g = fib(7);
    printf("5! = %lld, fib(7) = %d\n", f, g);
    return 0;
}
