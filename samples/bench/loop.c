// A tight integer loop: locals, adds, shifts and xors. Run: wasm-playground run loop.wasm --invoke loop 100000
unsigned loop(unsigned n) {
    unsigned acc = 0, x = 12345;
    for (unsigned i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;   // a linear congruential step keeps the compiler from a closed form
        acc += (x >> 16) ^ (acc << 3) ^ i;
    }
    return acc;
}
