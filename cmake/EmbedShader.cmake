# Script mode (cmake -P): writes OUT with the vertex and fragment sources of
# shaders/NAME as C++ raw string literals. See EmbedShaders.cmake.
file(READ ${SRC_DIR}/${NAME}.vert vert)
file(READ ${SRC_DIR}/${NAME}.frag frag)
# CamelCase: skeleton_shimmer -> SkeletonShimmer
string(REPLACE "_" ";" parts "${NAME}")
set(camel "")
foreach(part IN LISTS parts)
  string(SUBSTRING "${part}" 0 1 head)
  string(SUBSTRING "${part}" 1 -1 tail)
  string(TOUPPER "${head}" head)
  string(APPEND camel "${head}${tail}")
endforeach()
file(WRITE ${OUT} "// Generated from shaders/${NAME}.vert and .frag by cmake/EmbedShader.cmake.\n#pragma once\n\ninline constexpr const char* k${camel}Vertex = R\"glsl(${vert})glsl\";\n\ninline constexpr const char* k${camel}Fragment = R\"glsl(${frag})glsl\";\n")
