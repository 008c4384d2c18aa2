# The layers, enforced by the compiler (docs/layers.md).
#
# Every header of src/ is included by its path below src/ ("engine/engine.hpp"), but src/ itself
# is on no library target's include path. A layer compiles with views instead: directories in the
# build tree holding symbolic links to exactly the headers it may include, under those same
# paths. A header a layer may not use is simply not there, so including it fails to compile
# ("file not found"); test/layering proves it for every layer. Tests, benchmarks and fuzzers see
# all of src/.
#
#   cmnotify_view(NAME LAYER dir | HEADERS file... [USES view...])
#     An INTERFACE target cmnotify_view_<NAME> whose include directory shows all of src/<dir>/
#     (LAYER) or only the listed headers (HEADERS, relative to src/), and the views USES names
#     (the ones those headers include in turn).
#   cmnotify_layer(NAME SOURCES file... SEES view...)
#     The OBJECT library cmnotify_<NAME> of a layer, compiled with the views it SEES only.

# The public headers (include/cmnotify): every layer may use them.
add_library(cmnotify_view_public INTERFACE)
target_include_directories(cmnotify_view_public
                           INTERFACE $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>)

function(cmnotify_view name)
  cmake_parse_arguments(ARG "" "LAYER" "HEADERS;USES" ${ARGN})
  # The directory is named by its contents: a view whose list changes gets a new directory, so
  # a header dropped from a view can never linger in it.
  string(MD5 contents "${ARG_LAYER};${ARG_HEADERS}")
  string(SUBSTRING ${contents} 0 8 contents)
  set(root ${PROJECT_BINARY_DIR}/views/${name}-${contents})
  file(MAKE_DIRECTORY ${root})
  if(ARG_LAYER)
    if(NOT IS_DIRECTORY ${PROJECT_SOURCE_DIR}/src/${ARG_LAYER})
      message(FATAL_ERROR "cmnotify_view(${name}): no layer src/${ARG_LAYER}")
    endif()
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${ARG_LAYER} ${root}/${ARG_LAYER} SYMBOLIC)
  endif()
  foreach(header IN LISTS ARG_HEADERS)
    if(NOT EXISTS ${PROJECT_SOURCE_DIR}/src/${header})
      message(FATAL_ERROR "cmnotify_view(${name}): no header src/${header}")
    endif()
    get_filename_component(dir ${root}/${header} DIRECTORY)
    file(MAKE_DIRECTORY ${dir})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${header} ${root}/${header} SYMBOLIC)
  endforeach()
  add_library(cmnotify_view_${name} INTERFACE)
  target_include_directories(cmnotify_view_${name} INTERFACE $<BUILD_INTERFACE:${root}>)
  target_link_libraries(cmnotify_view_${name} INTERFACE ${ARG_USES})
endfunction()

function(cmnotify_layer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;SEES" ${ARGN})
  add_library(cmnotify_${name} OBJECT ${ARG_SOURCES})
  target_link_libraries(cmnotify_${name} PRIVATE ${ARG_SEES} cmnotify_warnings)
endfunction()
