// One level of a sum reduction: every workgroup adds up 512 consecutive inputs
// and writes one partial sum. The host runs this level after level (n -> n/512
// -> ...) until one value is left, all in one compute pass.
// Each invocation first adds two inputs, then the workgroup halves the number
// of live values in shared memory at each step: a pairwise (tree) sum, which
// also keeps the rounding error far smaller than a running total would.

const WG: u32 = 256u;

struct Params {
    n: u32,  // how many inputs this level reads
    _pad0: u32,
    _pad1: u32,
    _pad2: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

var<workgroup> partial: array<f32, 256>;  // WG

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32,
        @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) groups: vec3<u32>) {
    let group = wid.y * groups.x + wid.x;
    let i = group * (2u * WG) + lid;
    var v = 0.0;
    if (i < p.n) {
        v = src[i];
    }
    if (i + WG < p.n) {
        v += src[i + WG];
    }
    partial[lid] = v;
    workgroupBarrier();
    for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
        if (lid < stride) {
            partial[lid] += partial[lid + stride];
        }
        workgroupBarrier();
    }
    if (lid == 0u && group < arrayLength(&dst)) {
        dst[group] = partial[0];
    }
}
