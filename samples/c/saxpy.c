// C: SAXPY (y = a*x + y) over floats, vectorised by clang -O2 into WebAssembly SIMD (f32x4).
// Run: wasm-playground debug samples/c/saxpy.wasm  (then: b saxpy, c, si, ni: four floats per f32x4.mul)
// Build: -O2 -g --simd
#include <stdio.h>

#define N 16

// noinline: keep saxpy a function of its own (at -O2 clang would fold it into main)
__attribute__((noinline)) void saxpy(int n, float a, const float *x, float *y) {
    for (int i = 0; i < n; i++) {
        y[i] = a * x[i] + y[i];
    }
}

float x[N], y[N];

int main(void) {
    for (int i = 0; i < N; i++) {
        x[i] = (float)i;
        y[i] = 1.0f;
    }
    saxpy(N, 2.0f, x, y);
    printf("y[0] = %.1f, y[5] = %.1f, y[15] = %.1f\n", y[0], y[5], y[15]);
    return 0;
}
