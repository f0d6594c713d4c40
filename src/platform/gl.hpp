// gl: the OpenGL API both clients draw with, one include for every GL file
// of src/platform. WebGL 2 is OpenGL ES 3.0 (Emscripten's GLES3 header);
// natively the 3.3 core entry points come from Mesa's glext prototypes.
#pragma once

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#endif
