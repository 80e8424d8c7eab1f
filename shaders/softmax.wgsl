// Row-wise softmax: out[r, j] = exp(x[r, j] - max_r) / sum_k exp(x[r, k] - max_r).
// One workgroup per row. Its 64 invocations stride over the row's columns, then
// combine their partial results with a tree reduction in shared memory: first
// the row maximum (subtracting it keeps exp() from overflowing), then the sum.
// Rows beyond 65535 are laid out on a 2D grid of workgroups.

const WG: u32 = 64u;

struct Params {
    rows: u32,
    cols: u32,
    _pad0: u32,
    _pad1: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

var<workgroup> scratch: array<f32, 64>;  // WG

// Tree-reduce `scratch` to scratch[0] with max (op 0) or + (op 1).
fn reduce(lid: u32, op: u32) {
    for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
        if (lid < stride) {
            let other = scratch[lid + stride];
            if (op == 0u) {
                scratch[lid] = max(scratch[lid], other);
            } else {
                scratch[lid] = scratch[lid] + other;
            }
        }
        workgroupBarrier();
    }
}

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) lid: u32,
        @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) groups: vec3<u32>) {
    let row = wid.y * groups.x + wid.x;
    // The whole workgroup takes the same branch (row is per workgroup), so the
    // barriers below are in uniform control flow.
    let row_ok = row < p.rows;
    let base = row * p.cols;

    var m = -3.4028235e38;  // lowest f32: the identity of max
    if (row_ok) {
        for (var j = lid; j < p.cols; j += WG) {
            m = max(m, x[base + j]);
        }
    }
    scratch[lid] = m;
    workgroupBarrier();
    reduce(lid, 0u);
    let row_max = scratch[0];
    workgroupBarrier();  // everyone has read the max before scratch is reused

    var s = 0.0;
    if (row_ok) {
        for (var j = lid; j < p.cols; j += WG) {
            s += exp(x[base + j] - row_max);
        }
    }
    scratch[lid] = s;
    workgroupBarrier();
    reduce(lid, 1u);
    let total = scratch[0];

    if (row_ok) {
        for (var j = lid; j < p.cols; j += WG) {
            out[base + j] = exp(x[base + j] - row_max) / total;
        }
    }
}
