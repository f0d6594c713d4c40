# Stages the browser client into SITE_DIR (run with cmake -P):
#   site/index.html                       no-cache, references the assets below
#   site/assets/<name>.<sha256:12>.<ext>  immutable, content-hashed
# and writes a .gz beside every compressible file for the server to send
# to clients that accept gzip.
foreach(var BUILD_DIR SOURCE_DIR SITE_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "StageSite.cmake needs -D${var}=...")
  endif()
endforeach()

file(REMOVE_RECURSE ${SITE_DIR})
file(MAKE_DIRECTORY ${SITE_DIR}/assets)

# Copies `src` to assets/<stem>.<hash>.<ext> and sets `url_var` to its URL.
function(stage_asset src stem ext url_var)
  file(SHA256 ${src} hash)
  string(SUBSTRING ${hash} 0 12 short)
  set(name ${stem}.${short}.${ext})
  configure_file(${src} ${SITE_DIR}/assets/${name} COPYONLY)
  set(${url_var} /assets/${name} PARENT_SCOPE)
endfunction()

stage_asset(${BUILD_DIR}/dashboard.js dashboard js DASHBOARD_JS_URL)
stage_asset(${BUILD_DIR}/dashboard.wasm dashboard wasm WASM_URL)
stage_asset(${BUILD_DIR}/dashboard.data dashboard data DATA_URL)
stage_asset(${SOURCE_DIR}/web/boot.js boot js BOOT_JS_URL)
stage_asset(${SOURCE_DIR}/web/semantics_overlay.js semantics_overlay js OVERLAY_JS_URL)
stage_asset(${SOURCE_DIR}/web/dashboard.css dashboard css CSS_URL)
stage_asset(${SOURCE_DIR}/assets/favicon.svg favicon svg FAVICON_URL)
# Fallback faces (cmake/Fonts.cmake): fetched by the page only when a
# character needs one, so a first visit does not pay for them.
stage_asset(${BUILD_DIR}/fonts-fallback/fallback-latin.otf fallback-latin otf FONT_LATIN_URL)
stage_asset(${BUILD_DIR}/fonts-fallback/fallback-cjk.ttf fallback-cjk ttf FONT_CJK_URL)
stage_asset(${BUILD_DIR}/fonts-fallback/fallback-symbols.ttf fallback-symbols ttf FONT_SYMBOLS_URL)
configure_file(${SOURCE_DIR}/index.html ${SITE_DIR}/index.html @ONLY)
# The demo MOCs' covers (scripts/make_covers.py): their URLs live in the
# database, so they keep plain names under site/covers/.
file(GLOB covers ${SOURCE_DIR}/assets/covers/*.png)
file(COPY ${covers} DESTINATION ${SITE_DIR}/covers)

file(GLOB_RECURSE compressible ${SITE_DIR}/*.html ${SITE_DIR}/*.js ${SITE_DIR}/*.wasm
     ${SITE_DIR}/*.data ${SITE_DIR}/*.css ${SITE_DIR}/*.svg ${SITE_DIR}/*.otf ${SITE_DIR}/*.ttf)
foreach(file IN LISTS compressible)
  execute_process(COMMAND gzip -9 -n -k -f ${file} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip failed for ${file}")
  endif()
endforeach()
