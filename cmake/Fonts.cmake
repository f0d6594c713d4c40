# UI fonts: Inter from Debian's fonts-inter, subset at build time to the
# glyphs the UI draws first (Latin-1 and Latin Extended-A, typographic
# punctuation, arrows). The full OTFs are ~260 KB each; the subsets keep the
# first page under its size budget.
#
# Text in other scripts (any UTF-8 a person types or names a MOC with) is
# drawn from fallback faces, loaded only when such a character first shows:
#   fallback-latin.otf    Inter's other Latin, Greek, Cyrillic (fonts-inter)
#   fallback-cjk.ttf      Chinese, Japanese, Korean (fonts-wqy-microhei)
#   fallback-symbols.ttf  symbols and emoji, drawn in the text colour (fonts-symbola)
# They live in a folder of their own, outside the preloaded font data; the
# site stages them as hashed assets the page fetches on demand.
set(DASHBOARD_FONT_SOURCE_DIR /usr/share/fonts/opentype/inter)
set(DASHBOARD_FONT_DIR ${CMAKE_BINARY_DIR}/fonts)
set(DASHBOARD_FALLBACK_FONT_DIR ${CMAKE_BINARY_DIR}/fonts-fallback)
set(DASHBOARD_FONT_UNICODES "U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+2190-2193,U+2212,U+2715,U+2713")

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

# dashboard_fallback_font(<file> <source> <unicodes> [FONT_NUMBER n])
set(DASHBOARD_FALLBACK_FONT_FILES)
function(dashboard_fallback_font file source unicodes)
  cmake_parse_arguments(PARSE_ARGV 3 arg "" "FONT_NUMBER" "")
  set(out ${DASHBOARD_FALLBACK_FONT_DIR}/${file})
  set(number)
  if(DEFINED arg_FONT_NUMBER)
    set(number --font-number=${arg_FONT_NUMBER})
  endif()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${DASHBOARD_FALLBACK_FONT_DIR}
    COMMAND /usr/bin/python3 -m fontTools.subset ${source} ${number} --unicodes=${unicodes}
            --no-hinting --desubroutinize --output-file=${out}
    DEPENDS ${source}
    COMMENT "Subsetting the fallback face ${file}"
    VERBATIM)
  set(DASHBOARD_FALLBACK_FONT_FILES ${DASHBOARD_FALLBACK_FONT_FILES} ${out} PARENT_SCOPE)
endfunction()

dashboard_fallback_font(fallback-latin.otf ${DASHBOARD_FONT_SOURCE_DIR}/Inter-Regular.otf
  "U+0180-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+20A0-20CF,U+2100-214F")
dashboard_fallback_font(fallback-cjk.ttf /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
  "U+2E80-2FDF,U+3000-30FF,U+3100-31FF,U+3400-4DBF,U+4E00-9FFF,U+AC00-D7AF,U+F900-FAFF,U+FE30-FE4F,U+FF00-FFEF"
  FONT_NUMBER 0)
dashboard_fallback_font(fallback-symbols.ttf
  /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf
  "U+2190-21FF,U+2300-23FF,U+2460-24FF,U+25A0-27BF,U+2900-297F,U+2B00-2BFF,U+1F000-1FAFF")

add_custom_target(dashboard_fonts DEPENDS ${DASHBOARD_FONT_FILES} ${DASHBOARD_FALLBACK_FONT_FILES})
