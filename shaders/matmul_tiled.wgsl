// C = A x B with workgroup shared-memory tiles.
// A workgroup computes a 16x16 tile of C. It walks along K one 16-wide strip at a
// time: each invocation copies one element of A and one of B into shared memory,
// then all 256 invocations reuse those 2x256 values 16 times each. Global memory
// traffic drops by a factor of TILE compared with matmul_naive.wgsl.
// Shapes that are not multiples of 16 are handled by loading zeros past the edges.

const TILE: u32 = 16u;

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

var<workgroup> tile_a: array<f32, 256>;  // TILE * TILE
var<workgroup> tile_b: array<f32, 256>;

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(workgroup_id) wid: vec3<u32>) {
    let row = wid.y * TILE + lid.y;
    let col = wid.x * TILE + lid.x;
    var acc = 0.0;
    // `strips` comes from a uniform, so every invocation runs the same number of
    // iterations and the barriers below stay in uniform control flow.
    let strips = (p.K + TILE - 1u) / TILE;
    for (var s = 0u; s < strips; s++) {
        let ka = s * TILE + lid.x;  // column of A this invocation loads
        let kb = s * TILE + lid.y;  // row of B this invocation loads
        var va = 0.0;
        if (row < p.M && ka < p.K) {
            va = a[row * p.K + ka];
        }
        var vb = 0.0;
        if (kb < p.K && col < p.N) {
            vb = b[kb * p.N + col];
        }
        tile_a[lid.y * TILE + lid.x] = va;
        tile_b[lid.y * TILE + lid.x] = vb;
        workgroupBarrier();  // the whole tile is loaded before anyone reads it
        for (var k = 0u; k < TILE; k++) {
            acc += tile_a[lid.y * TILE + k] * tile_b[k * TILE + lid.x];
        }
        workgroupBarrier();  // everyone is done reading before the next strip overwrites it
    }
    if (row < p.M && col < p.N) {
        c[row * p.N + col] = acc;
    }
}
