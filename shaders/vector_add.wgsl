// out[i] = a[i] + b[i]: the "hello world" of compute shaders.
// A workgroup can hold at most 65535 groups per grid dimension, so long vectors
// are dispatched as a 2D grid of workgroups and flattened back to one index here.

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>,
        @builtin(num_workgroups) groups: vec3<u32>) {
    let i = gid.y * groups.x * 256u + gid.x;
    if (i < arrayLength(&out)) {
        out[i] = a[i] + b[i];
    }
}
