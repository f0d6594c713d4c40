# Debian's Emscripten toolchain plus the two things it needs on this machine:
# NODE_PATH so emcc's JS optimizer finds Debian's node-acorn (-O1 and up fail
# with "Cannot find module 'acorn'" otherwise), and ccache for compiles.
include(/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake)

find_program(DASHBOARD_CCACHE ccache)
set(_launch env NODE_PATH=/usr/share/nodejs)
if(DASHBOARD_CCACHE)
  set(CMAKE_C_COMPILER_LAUNCHER ${_launch} ${DASHBOARD_CCACHE})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${_launch} ${DASHBOARD_CCACHE})
else()
  set(CMAKE_C_COMPILER_LAUNCHER ${_launch})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${_launch})
endif()
set(CMAKE_C_LINKER_LAUNCHER ${_launch})
set(CMAKE_CXX_LINKER_LAUNCHER ${_launch})
