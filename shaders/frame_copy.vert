// Frame copy: the cached frame (src/platform/cached_frame.cpp) onto the
// window, one triangle covering the viewport, placed from gl_VertexID so no
// vertex buffer is needed.
// The #version line is prepended at run time: "300 es" on WebGL2, "330 core"
// natively; the body is valid in both.
void main() {
  // (-1,-1), (3,-1), (-1,3): the viewport is the part inside [-1, 1].
  vec2 corner = vec2(float((gl_VertexID & 1) * 4 - 1), float((gl_VertexID & 2) * 2 - 1));
  gl_Position = vec4(corner, 0.0, 1.0);
}
