# Dear ImGui 1.86 from Debian's source package (fetched by scripts/deps.sh),
# built from the same sources for the native and the WebAssembly client.
if(NOT EXISTS ${DASHBOARD_IMGUI_DIR}/imgui.cpp)
  message(FATAL_ERROR "Dear ImGui sources not found in ${DASHBOARD_IMGUI_DIR}: run scripts/deps.sh")
endif()
add_library(imgui STATIC
  ${DASHBOARD_IMGUI_DIR}/imgui.cpp
  ${DASHBOARD_IMGUI_DIR}/imgui_draw.cpp
  ${DASHBOARD_IMGUI_DIR}/imgui_tables.cpp
  ${DASHBOARD_IMGUI_DIR}/imgui_widgets.cpp
  ${DASHBOARD_IMGUI_DIR}/backends/imgui_impl_glfw.cpp
  ${DASHBOARD_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${DASHBOARD_IMGUI_DIR} ${DASHBOARD_IMGUI_DIR}/backends)
# No demo window, no legacy names: what we do not call does not ship.
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_DEMO_WINDOWS
                                        IMGUI_DISABLE_METRICS_WINDOW)
# 32-bit characters: emoji and the CJK extensions live above U+FFFF.
target_compile_definitions(imgui PUBLIC IMGUI_USE_WCHAR32)
if(EMSCRIPTEN)
  # GLFW and GLES3 headers come with Emscripten; -sUSE_GLFW=3 is a link flag.
  target_compile_definitions(imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
else()
  find_package(glfw3 3.3 REQUIRED)
  find_package(OpenGL REQUIRED)
  target_link_libraries(imgui PUBLIC glfw OpenGL::GL ${CMAKE_DL_LIBS})
endif()
