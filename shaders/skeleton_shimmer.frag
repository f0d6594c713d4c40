// Skeleton shimmer: a rounded bar in the skeleton colour with a soft light
// band sweeping left to right, the loading cue people know from the web.
// The rounded-rectangle edge is an analytic distance, so it is smooth at
// any DPR without multisampling.
precision mediump float;
in vec2 v_pixel;
out vec4 o_color;

uniform vec4 u_rect;       // x, y, width, height in framebuffer pixels (top-left origin)
uniform float u_radius;    // corner radius, pixels
uniform vec4 u_base;       // skeleton colour, premultiplied by nothing (straight alpha)
uniform vec4 u_highlight;  // the band's colour
uniform float u_phase;     // 0..1 across one sweep

float rounded_box(vec2 p, vec2 half_size, float r) {
  vec2 q = abs(p) - half_size + vec2(r);
  return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - r;
}

void main() {
  vec2 center = u_rect.xy + u_rect.zw * 0.5;
  float d = rounded_box(v_pixel - center, u_rect.zw * 0.5, u_radius);
  float coverage = clamp(0.5 - d, 0.0, 1.0);
  // The band travels from just left of the bar to just right of it.
  float x = (v_pixel.x - u_rect.x) / max(u_rect.z, 1.0);
  float band_center = mix(-0.3, 1.3, u_phase);
  float band = 1.0 - smoothstep(0.0, 0.25, abs(x - band_center));
  vec4 color = mix(u_base, u_highlight, band * 0.85);
  o_color = vec4(color.rgb, color.a * coverage);
}
