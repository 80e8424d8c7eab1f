// C = A x B, one invocation per element of C: the textbook kernel.
// A is M x K, B is K x N, C is M x N, all row-major f32.
// Every invocation reads a whole row of A and a whole column of B straight from
// storage memory, so the same values are fetched from memory many times over.

struct Params {
    M: u32,
    N: u32,
    K: u32,
    _pad: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let row = gid.y;
    let col = gid.x;
    // The grid is rounded up to whole workgroups: invocations past the edge do nothing.
    if (row >= p.M || col >= p.N) {
        return;
    }
    var acc = 0.0;
    for (var k = 0u; k < p.K; k++) {
        acc += a[row * p.K + k] * b[k * p.N + col];
    }
    c[row * p.N + col] = acc;
}
