# Install rules: headers, libraries, the command, a CMake package (find_package(cmnotify)) with
# targets cmnotify::cmnotify and cmnotify::win32, and pkg-config files cmnotify and cmnotify-win32.
include(CMakePackageConfigHelpers)

set(CMNOTIFY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/cmnotify)
set(CMNOTIFY_WIN32_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/cmnotify-win32)

set(_cmnotify_targets cmnotify)
if(TARGET cmnotify-win32)
  set_target_properties(cmnotify-win32 PROPERTIES EXPORT_NAME win32)
  list(APPEND _cmnotify_targets cmnotify-win32)
endif()

install(TARGETS ${_cmnotify_targets} EXPORT cmnotifyTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/cmnotify DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/win32/ DESTINATION ${CMNOTIFY_WIN32_INCLUDEDIR})
cmnotify_win32_install_generated_headers(${CMNOTIFY_WIN32_INCLUDEDIR})

install(EXPORT cmnotifyTargets NAMESPACE cmnotify:: DESTINATION ${CMNOTIFY_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/cmnotifyConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmnotifyConfig.cmake INSTALL_DESTINATION ${CMNOTIFY_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cmnotifyConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cmnotifyConfig.cmake
              ${PROJECT_BINARY_DIR}/cmnotifyConfigVersion.cmake
        DESTINATION ${CMNOTIFY_CMAKE_DIR})

# Relocatable: the prefix is found from the .pc file's own location, so `cmake --install
# --prefix DIR` works wherever DIR is.
file(RELATIVE_PATH CMNOTIFY_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" CMNOTIFY_PC_TO_PREFIX "${CMNOTIFY_PC_TO_PREFIX}")
foreach(pc cmnotify cmnotify-win32)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
