# Install rules: headers, libraries, the command, a CMake package (find_package(cmnotify)) with
# targets cmnotify::cmnotify, cmnotify::win32 and cmnotify::win32-main, and pkg-config files
# cmnotify, cmnotify-win32 and cmnotify-win32-main (WinMain programs: cmnotify-win32 and its main).
include(CMakePackageConfigHelpers)

set(CMNOTIFY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/cmnotify)
set(CMNOTIFY_WIN32_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/cmnotify-win32)

set(_cmnotify_targets cmnotify)
if(TARGET cmnotify-win32)
  set_target_properties(cmnotify-win32 PROPERTIES EXPORT_NAME win32)
  list(APPEND _cmnotify_targets cmnotify-win32 cmnotify-win32-main)
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
foreach(pc cmnotify cmnotify-win32 cmnotify-win32-main)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

# Installed programs and libraries find their own libraries from any prefix, without
# LD_LIBRARY_PATH: the command looks in the library folder relative to its own, and
# libcmnotify-win32 (which a user's program links) finds its sibling libcmnotify next to itself.
# A DT_RUNPATH applies to an object's own dependencies only, so each object needs its own.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(CMNOTIFY_BIN_TO_LIB "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH _cmnotify_bin_to_lib "/prefix/${CMAKE_INSTALL_BINDIR}"
       "/prefix/${CMAKE_INSTALL_LIBDIR}")
  set(CMNOTIFY_BIN_TO_LIB "$ORIGIN/${_cmnotify_bin_to_lib}")
endif()
if(TARGET cmnotify-win32)
  set_target_properties(cmnotify-win32 PROPERTIES INSTALL_RPATH "$ORIGIN")
endif()

# The documentation, laid out as in the source tree so that its relative links (README.md to
# docs/cli.md, examples/...) and the command's pointer to docs/cli.md work where it is installed.
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
        FILES_MATCHING PATTERN "*.md")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
        FILES_MATCHING PATTERN "*.c" PATTERN "*.cpp" PATTERN "*.h")

if(TARGET cmnotify-cli)
  set_target_properties(cmnotify-cli PROPERTIES INSTALL_RPATH "${CMNOTIFY_BIN_TO_LIB}")
  # The command's man page and bash completion. test/dist/cli_options_test.sh fails when their
  # options and the command's --help disagree.
  install(FILES ${PROJECT_SOURCE_DIR}/docs/cmnotify.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  set(CMNOTIFY_BASH_COMPLETIONDIR ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
      CACHE STRING "Where the bash completion goes (relative to the prefix, or absolute)")
  install(FILES ${PROJECT_SOURCE_DIR}/dist/bash-completion/cmnotify
          DESTINATION ${CMNOTIFY_BASH_COMPLETIONDIR})

  # The systemd service. Its ExecStart names the installed command, so it is written at install
  # time, when the prefix (cmake --install --prefix) is known. In /usr it goes where this
  # system's systemd keeps packaged units; elsewhere under the prefix (systemd also reads
  # /usr/local/lib/systemd/system).
  if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    find_package(PkgConfig QUIET)
    if(PKG_CONFIG_FOUND)
      pkg_get_variable(_cmnotify_systemd_unitdir systemd systemdsystemunitdir)
    endif()
  endif()
  if(NOT _cmnotify_systemd_unitdir)
    set(_cmnotify_systemd_unitdir lib/systemd/system)
  endif()
  set(CMNOTIFY_SYSTEMD_UNITDIR "${_cmnotify_systemd_unitdir}"
      CACHE STRING "Where the systemd unit goes (relative to the prefix, or absolute)")
  if(IS_ABSOLUTE "${CMAKE_INSTALL_BINDIR}")
    set(_cmnotify_bindir "${CMAKE_INSTALL_BINDIR}")
  else()
    set(_cmnotify_bindir "\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}")
  endif()
  set(_cmnotify_unit ${PROJECT_BINARY_DIR}/dist/cmnotify.service)
  install(CODE "
    set(CMNOTIFY_EXEC \"${_cmnotify_bindir}/cmnotify\")
    if(CMNOTIFY_EXEC MATCHES \" \")
      set(CMNOTIFY_EXEC \"\\\"\${CMNOTIFY_EXEC}\\\"\")  # systemd reads a quoted word
    endif()
    configure_file(\"${PROJECT_SOURCE_DIR}/dist/systemd/cmnotify.service.in\"
                   \"${_cmnotify_unit}\" @ONLY)")
  install(FILES ${_cmnotify_unit} DESTINATION ${CMNOTIFY_SYSTEMD_UNITDIR})
endif()
