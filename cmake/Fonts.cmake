# UI fonts: Inter from Debian's fonts-inter, subset at build time to the
# glyphs the UI draws (Latin-1, typographic punctuation, arrows). The full
# OTFs are ~260 KB each; the subsets keep the page under its size budget.
set(DASHBOARD_FONT_SOURCE_DIR /usr/share/fonts/opentype/inter)
set(DASHBOARD_FONT_DIR ${CMAKE_BINARY_DIR}/fonts)
set(DASHBOARD_FONT_UNICODES "U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-203A,U+2190-2193,U+2212,U+2715,U+2713")

set(DASHBOARD_FONT_FILES)
foreach(face Regular SemiBold)
  set(src ${DASHBOARD_FONT_SOURCE_DIR}/Inter-${face}.otf)
  set(out ${DASHBOARD_FONT_DIR}/Inter-${face}.otf)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${DASHBOARD_FONT_DIR}
    COMMAND /usr/bin/python3 -m fontTools.subset ${src} --unicodes=${DASHBOARD_FONT_UNICODES}
            --layout-features=kern,liga,tnum --no-hinting --desubroutinize
            --output-file=${out}
    DEPENDS ${src}
    COMMENT "Subsetting Inter-${face}"
    VERBATIM)
  list(APPEND DASHBOARD_FONT_FILES ${out})
endforeach()
add_custom_target(dashboard_fonts DEPENDS ${DASHBOARD_FONT_FILES})
