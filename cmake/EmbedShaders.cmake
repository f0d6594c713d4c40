# embed_shaders(<target> <name>...): turns shaders/<name>.vert and .frag into
# constants in <build>/generated/shaders/<name>.hpp (k<Name>Vertex and
# k<Name>Fragment as raw string literals), so the GLSL stays in .vert/.frag
# files that editors and linters understand, and ships inside the binary.
function(embed_shaders target)
  set(out_dir ${CMAKE_BINARY_DIR}/generated/shaders)
  foreach(name IN LISTS ARGN)
    set(header ${out_dir}/${name}.hpp)
    add_custom_command(
      OUTPUT ${header}
      COMMAND ${CMAKE_COMMAND} -DNAME=${name} -DSRC_DIR=${PROJECT_SOURCE_DIR}/shaders
              -DOUT=${header} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedShader.cmake
      DEPENDS ${PROJECT_SOURCE_DIR}/shaders/${name}.vert ${PROJECT_SOURCE_DIR}/shaders/${name}.frag
              ${PROJECT_SOURCE_DIR}/cmake/EmbedShader.cmake
      COMMENT "Embedding shaders/${name}.{vert,frag}"
      VERBATIM)
    target_sources(${target} PRIVATE ${header})
  endforeach()
  target_include_directories(${target} PRIVATE ${CMAKE_BINARY_DIR}/generated)
endfunction()
