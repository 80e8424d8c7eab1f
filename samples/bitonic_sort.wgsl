// One compare-and-swap stage of a bitonic sort; the host dispatches it once per (k, j).
// For n = 2^m values there are m(m+1)/2 stages: k = 2, 4, ..., n (the size of the
// bitonic sequences being merged) and, for each k, j = k/2, k/4, ..., 1 (the
// distance between compared elements). Step through it with the dispatch stepper
// (playground.gpu.bitonic_sort_plan) to watch sorted runs double in length.

struct Stage {
    k: u32,
    j: u32,
}

@group(0) @binding(0) var<storage, read_write> data: array<f32>;
@group(0) @binding(1) var<uniform> stage: Stage;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = gid.x;
    let partner = i ^ stage.j;
    // Each pair is handled once, by its lower index.
    if (i >= arrayLength(&data) || partner <= i) {
        return;
    }
    // Blocks of k elements alternate between ascending and descending order,
    // which is what makes the next merge (k * 2) see bitonic sequences.
    let ascending = (i & stage.k) == 0u;
    let a = data[i];
    let b = data[partner];
    if ((a > b) == ascending) {
        data[i] = b;
        data[partner] = a;
    }
}
