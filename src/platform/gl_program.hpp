// gl_program: a GLSL program from the vertex and fragment sources of
// shaders/<name>.vert/.frag (embedded at build time), with the #version line
// of the context ("#version 300 es" on WebGL2, "#version 330 core" natively)
// prepended, as the skeleton shimmer and the frame copy use them.
//
//   const unsigned program = build_program("#version 300 es", kVertex, kFragment, "frame copy");
//   if (program == 0) ... fall back; the reason is on stderr ...
#pragma once

namespace dashboard::platform {

// The linked program's name, or 0 after printing why it failed, prefixed
// with `who`.
unsigned build_program(const char* glsl_version, const char* vertex, const char* fragment,
                       const char* who);

}  // namespace dashboard::platform
