// 2D convolution of a single-channel image with a small odd-sized filter
// (3x3 for the box blur and edge samples), same-size output, clamp-to-edge
// borders: a pixel outside the image takes the value of the nearest edge pixel.
// As in image-processing and ML libraries, the filter is applied without being
// flipped (cross-correlation); the box blur and edge filters are symmetric anyway.

struct Params {
    height: u32,
    width: u32,
    kh: u32,  // filter rows, odd
    kw: u32,  // filter columns, odd
}

@group(0) @binding(0) var<storage, read> image: array<f32>;
@group(0) @binding(1) var<storage, read> filter_: array<f32>;  // `filter` is reserved in WGSL
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let y = i32(gid.y);
    let x = i32(gid.x);
    let h = i32(p.height);
    let w = i32(p.width);
    if (y >= h || x >= w) {
        return;
    }
    let ry = i32(p.kh / 2u);
    let rx = i32(p.kw / 2u);
    var acc = 0.0;
    for (var dy = -ry; dy <= ry; dy++) {
        let sy = clamp(y + dy, 0, h - 1);
        for (var dx = -rx; dx <= rx; dx++) {
            let sx = clamp(x + dx, 0, w - 1);
            let weight = filter_[u32((dy + ry) * i32(p.kw) + dx + rx)];
            acc += image[u32(sy * w + sx)] * weight;
        }
    }
    out[u32(y * w + x)] = acc;
}
