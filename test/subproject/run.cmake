# Configures, builds and runs test/subproject/consumer against this source tree (cmake -P).
#   -DSOURCE_DIR=<cmnotify>  -DBINARY_DIR=<scratch build dir>  -DGENERATOR=<generator>
#   -DC_COMPILER= -DCXX_COMPILER= [-DLAUNCHER=ccache] [-DBUILD_TYPE=]
file(REMOVE_RECURSE ${BINARY_DIR})  # never follows the views' symbolic links into src/
set(args -S ${SOURCE_DIR}/test/subproject/consumer -B ${BINARY_DIR} -G ${GENERATOR}
         -DCMNOTIFY_SOURCE_DIR=${SOURCE_DIR} -DCMAKE_C_COMPILER=${C_COMPILER}
         -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMNOTIFY_EXPECTED_BUILD_TYPE=${BUILD_TYPE})
if(BUILD_TYPE)
  list(APPEND args -DCMAKE_BUILD_TYPE=${BUILD_TYPE})
endif()
if(LAUNCHER)
  list(APPEND args -DCMAKE_C_COMPILER_LAUNCHER=${LAUNCHER} -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${what} failed (${result}):\n${out}")
  endif()
  message(STATUS "${what}: ok\n${out}")
endfunction()

run("configure" ${CMAKE_COMMAND} ${args})
run("build" ${CMAKE_COMMAND} --build ${BINARY_DIR})
run("C++ program" ${BINARY_DIR}/cpp_app)
run("C program" ${BINARY_DIR}/c_app)
