// out[i] = max(x[i], 0): the rectified linear unit, element by element.
// Same 2D-grid flattening as vector_add.wgsl for vectors longer than 65535 groups.

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>,
        @builtin(num_workgroups) groups: vec3<u32>) {
    let i = gid.y * groups.x * 256u + gid.x;
    if (i < arrayLength(&out)) {
        out[i] = max(x[i], 0.0);
    }
}
