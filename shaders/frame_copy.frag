// Frame copy: each window pixel takes the cached frame's texel at the same
// place, exactly (texelFetch: no filtering, no blending). A draw, not
// glBlitFramebuffer: under ANGLE + SwiftShader the blit to the window
// costs as much as drawing the whole frame (tests/bench/render_latency/
// frame_cost.mjs).
precision highp float;
uniform highp sampler2D u_frame;
out vec4 o_color;

void main() {
  o_color = texelFetch(u_frame, ivec2(gl_FragCoord.xy), 0);
}
