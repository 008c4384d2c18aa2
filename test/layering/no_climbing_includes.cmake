# Fails when a source under src/ includes a header by a path that climbs out of a directory
# ("../linux/uevent.hpp"): such a path is resolved from the including file's own directory and
# would reach past the layer's views. Run as: cmake -DSOURCE_DIR=<cmnotify> -P this file.
file(GLOB_RECURSE files ${SOURCE_DIR}/src/*.cpp ${SOURCE_DIR}/src/*.hpp)
list(LENGTH files count)
if(count EQUAL 0)
  message(FATAL_ERROR "no source file found under ${SOURCE_DIR}/src")
endif()
set(bad "")
foreach(file IN LISTS files)
  file(STRINGS ${file} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<][^\">]*\\.\\.")
  foreach(line IN LISTS lines)
    string(APPEND bad "  ${file}: ${line}\n")
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "includes that climb out of their directory:\n${bad}")
endif()
message(STATUS "${count} sources, none includes through \"..\"")
