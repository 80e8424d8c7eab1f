// C = A x B, register-blocked: each invocation computes a 4x4 block of C.
// A workgroup of 8x8 invocations owns a 32x32 tile of C. For each 16-wide strip
// of K it stages a 32x16 tile of A and a 16x32 tile of B in shared memory; then
// each invocation keeps 4 values of A and one vec4 of B in registers per step and
// does 16 multiply-adds with them, so every shared-memory read feeds 4 FMAs
// instead of 1 (matmul_tiled.wgsl does one FMA per two shared reads).
// Shapes that are not multiples of 32 are handled by loading zeros past the edges
// and masking the final stores.

const BM: u32 = 32u;  // rows of C per workgroup
const BN: u32 = 32u;  // columns of C per workgroup
const BK: u32 = 16u;  // depth of one strip of K
const WG: u32 = 64u;  // invocations per workgroup (8 x 8)

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

var<workgroup> tile_a: array<f32, 512>;        // BM x BK, row-major
var<workgroup> tile_b: array<vec4<f32>, 128>;  // BK x BN as BK rows of BN/4 vec4s

@compute @workgroup_size(8, 8)
fn main(@builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
    let row0 = wid.y * BM;
    let col0 = wid.x * BN;
    var acc0 = vec4<f32>(0.0);  // the 4 rows of this invocation's 4x4 block
    var acc1 = vec4<f32>(0.0);
    var acc2 = vec4<f32>(0.0);
    var acc3 = vec4<f32>(0.0);
    let strips = (p.K + BK - 1u) / BK;  // uniform: barriers stay in uniform control flow
    for (var s = 0u; s < strips; s++) {
        let k0 = s * BK;
        // 64 invocations load the 512 values of each tile, 8 each.
        for (var i = 0u; i < (BM * BK) / WG; i++) {
            let e = i * WG + li;
            let r = e / BK;
            let k = e % BK;
            var v = 0.0;
            if (row0 + r < p.M && k0 + k < p.K) {
                v = a[(row0 + r) * p.K + k0 + k];
            }
            tile_a[e] = v;
        }
        for (var i = 0u; i < (BK * BN / 4u) / WG; i++) {
            let e = i * WG + li;     // which vec4 of the B tile
            let k = e / (BN / 4u);
            let cc = (e % (BN / 4u)) * 4u;
            var v = vec4<f32>(0.0);
            if (k0 + k < p.K) {
                let base = (k0 + k) * p.N + col0 + cc;
                // Element by element, because the tile may hang over the right edge of B.
                if (col0 + cc < p.N) { v.x = b[base]; }
                if (col0 + cc + 1u < p.N) { v.y = b[base + 1u]; }
                if (col0 + cc + 2u < p.N) { v.z = b[base + 2u]; }
                if (col0 + cc + 3u < p.N) { v.w = b[base + 3u]; }
            }
            tile_b[e] = v;
        }
        workgroupBarrier();
        let ra = lid.y * 4u * BK;  // first of this invocation's 4 rows in tile_a
        for (var k = 0u; k < BK; k++) {
            let bv = tile_b[k * (BN / 4u) + lid.x];
            acc0 += tile_a[ra + k] * bv;
            acc1 += tile_a[ra + BK + k] * bv;
            acc2 += tile_a[ra + 2u * BK + k] * bv;
            acc3 += tile_a[ra + 3u * BK + k] * bv;
        }
        workgroupBarrier();
    }
    let r = row0 + lid.y * 4u;
    let cbase = col0 + lid.x * 4u;
    store_row(r, cbase, acc0);
    store_row(r + 1u, cbase, acc1);
    store_row(r + 2u, cbase, acc2);
    store_row(r + 3u, cbase, acc3);
}

// Write up to 4 consecutive values of one row of C, skipping those past the edges.
fn store_row(row: u32, col: u32, v: vec4<f32>) {
    if (row >= p.M) {
        return;
    }
    let base = row * p.N + col;
    if (col < p.N) { c[base] = v.x; }
    if (col + 1u < p.N) { c[base + 1u] = v.y; }
    if (col + 2u < p.N) { c[base + 2u] = v.z; }
    if (col + 3u < p.N) { c[base + 3u] = v.w; }
}
