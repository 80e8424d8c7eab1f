// One Euler step of a particle system: an array of structs in a storage buffer.
// Try it:  wasm-playground gpu run samples/particles.wgsl --buffer particles=range:4 --buffer sim=values:0.5,-10
// Layout (WGSL "Memory Layout" rules): vec2<f32> is 8-byte aligned, so `pos` is at
// offset 0, `vel` at 8, `mass` at 16, and the struct is rounded up to a multiple
// of its 8-byte alignment: 24 bytes per particle, the last 4 of them padding.
// The runner reflects this layout and shows the buffer as numpy records.

struct Particle {
    pos: vec2<f32>,
    vel: vec2<f32>,
    mass: f32,
}

struct Sim {
    dt: f32,
    gravity: f32,
}

@group(0) @binding(0) var<storage, read_write> particles: array<Particle>;
@group(0) @binding(1) var<uniform> sim: Sim;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = gid.x;
    if (i >= arrayLength(&particles)) {
        return;
    }
    var p = particles[i];
    p.vel.y += sim.gravity * sim.dt;  // gravity: the same acceleration whatever the mass
    p.pos += p.vel * sim.dt;
    particles[i] = p;
}
