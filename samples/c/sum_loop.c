// C: a loop with arithmetic: the sum of the first squares, and their average.
// Run: wasm-playground debug samples/c/sum_loop.wasm  (then: b sum_loop.c:14, c, n, p total, info locals)
// Build: -O0 -g
#include <stdio.h>

int square(int x) {
    return x * x;
}

int sum_of_squares(int n) {
    int total = 0;
    for (int i = 1; i <= n; i++) {
        int sq = square(i);
        total += sq;
    }
    return total;
}

int main(void) {
    int n = 5;
    int total = sum_of_squares(n);
    double average = (double)total / n;
    printf("sum of squares 1..%d = %d, average %.1f\n", n, total, average);
    return 0;
}
