// f64 arithmetic: iteration counts of the Mandelbrot set on a size x size grid. Run: ... --invoke mandelbrot 32
int mandelbrot(int size) {
    int total = 0;
    for (int py = 0; py < size; py++) {
        double ci = -1.25 + 2.5 * py / size;
        for (int px = 0; px < size; px++) {
            double cr = -2.0 + 2.5 * px / size;
            double zr = 0.0, zi = 0.0;
            int k = 0;
            while (k < 100 && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                k++;
            }
            total += k;
        }
    }
    return total;
}
