#include "platform/gl_program.hpp"

#include <cstdio>
#include <string>

#include "platform/gl.hpp"

namespace dashboard::platform {
namespace {

GLuint compile(GLenum type, const std::string& source, const char* who) {
  const GLuint shader = glCreateShader(type);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    char log[512] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    std::fprintf(stderr, "%s: shader did not compile: %s\n", who, log);
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

}  // namespace

unsigned build_program(const char* glsl_version, const char* vertex, const char* fragment,
                       const char* who) {
  const std::string header = std::string(glsl_version) + "\n";
  const GLuint vs = compile(GL_VERTEX_SHADER, header + vertex, who);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, header + fragment, who);
  if (vs == 0 || fs == 0) {
    if (vs != 0) glDeleteShader(vs);
    if (fs != 0) glDeleteShader(fs);
    return 0;
  }
  const GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    std::fprintf(stderr, "%s: program did not link\n", who);
    glDeleteProgram(program);
    return 0;
  }
  return program;
}

}  // namespace dashboard::platform
