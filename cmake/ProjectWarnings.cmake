# dashboard_warnings(target): strict warnings for our own code only; third
# party sources (ImGui, GoogleTest) are built without them.
function(dashboard_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wold-style-cast -Wconversion
                         -Wno-sign-conversion)
  if(DASHBOARD_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
