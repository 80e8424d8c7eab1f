// One level of a tree sum: the first `half` values each absorb a value from the
// second half, so the number of live values halves every dispatch
// (count -> ceil(count / 2)) until data[0] holds the total after ceil(log2(n)) levels.
// Step through it with playground.gpu.tree_reduce_plan to see the tree collapse.

struct Level {
    count: u32,  // live values before this level
    half: u32,   // ceil(count / 2): live values after it
}

@group(0) @binding(0) var<storage, read_write> data: array<f32>;
@group(0) @binding(1) var<uniform> level: Level;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = gid.x;
    // With an odd count the middle value has no partner and simply stays live.
    if (i + level.half < level.count) {
        data[i] = data[i] + data[i + level.half];
    }
}
