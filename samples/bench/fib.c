// Recursive Fibonacci: calls and returns. Run: wasm-playground run fib.wasm --invoke fib 20
int fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
