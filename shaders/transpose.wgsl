// out = transpose(x) for a rows x cols row-major matrix, through a shared tile.
// Reading a column of x straight from memory is strided and slow, so a workgroup
// reads a 16x16 tile row by row (coalesced), then writes it out row by row of
// the transposed tile. The tile has 17 columns so that reading it by columns
// does not hit the same shared-memory bank 16 times on real GPUs.

const TILE: u32 = 16u;

struct Params {
    rows: u32,
    cols: u32,
    _pad0: u32,
    _pad1: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

var<workgroup> tile: array<f32, 272>;  // TILE * (TILE + 1)

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(workgroup_id) wid: vec3<u32>) {
    // Load: invocation (lid.x, lid.y) reads x[r, c] with c varying fastest.
    let r = wid.y * TILE + lid.y;
    let c = wid.x * TILE + lid.x;
    if (r < p.rows && c < p.cols) {
        tile[lid.y * (TILE + 1u) + lid.x] = x[r * p.cols + c];
    }
    workgroupBarrier();
    // Store: the same workgroup writes out[c', r'] with r' varying fastest,
    // where out is cols x rows.
    let orow = wid.x * TILE + lid.y;  // a column index of x
    let ocol = wid.y * TILE + lid.x;  // a row index of x
    if (orow < p.cols && ocol < p.rows) {
        out[orow * p.rows + ocol] = tile[lid.x * (TILE + 1u) + lid.y];
    }
}
