// Skeleton shimmer: one quad per skeleton bar, placed in clip space by the
// CPU (the corners arrive already in NDC).
// The #version line is prepended at run time: "300 es" on WebGL2, "330 core"
// natively; the body is valid in both.
layout(location = 0) in vec2 a_position;
out vec2 v_pixel;  // framebuffer pixel coordinate, origin top-left
uniform vec2 u_framebuffer;  // framebuffer size in pixels

void main() {
  v_pixel = vec2((a_position.x + 1.0) * 0.5 * u_framebuffer.x,
                 (1.0 - a_position.y) * 0.5 * u_framebuffer.y);
  gl_Position = vec4(a_position, 0.0, 1.0);
}
