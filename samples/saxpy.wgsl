// y = a * x + y ("single-precision a times x plus y"), one invocation per element.
// Try it:  wasm-playground gpu run samples/saxpy.wgsl --buffer x=range:8 --buffer y=ones:8 --buffer params=values:2
// The length of the arrays comes from the buffers themselves (arrayLength), the
// factor `a` from a uniform struct: the two usual ways to pass sizes and scalars.

struct Params {
    a: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = gid.x;
    // The grid is a whole number of workgroups, usually more invocations than elements.
    if (i < arrayLength(&y)) {
        y[i] = params.a * x[i] + y[i];
    }
}
