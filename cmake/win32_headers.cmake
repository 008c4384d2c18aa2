# Generated companions of the Win32 headers (include/win32), made at configure time into two
# include directories of cmnotify::win32 in the build tree (CMNOTIFY_WIN32_SPELLINGS_DIR and
# CMNOTIFY_WIN32_GUARDS_DIR), and installed next to the real headers. Nothing here is committed.
#
# 1. Spellings. Windows' file system ignores case, so real code writes <Windows.h>,
#    <SetupAPI.h>, <WinUser.h>, <Dbt.h>, <InitGuid.h>... Each header is one real lower-case file;
#    every other spelling is a symbolic link to it. The spellings of `name.h` come from splitting
#    the name into words (the dictionary below; digits stay with their word) and writing each word
#    lower-case, Capitalised or, for words of up to three letters, UPPER-case; plus NAME.H and
#    NAME.h. Each spelling is a one-line file that includes the real header (a symbolic link
#    would do for gcc, but clang warns that the path differs in case from the file it reaches).
#    A header added to include/win32 later gets its spellings from the next configure.
#
# 2. Annotation guards. specstrings.h defines the legacy annotations (__in, __out, __reserved,
#    __range, ...) as empty macros, as the SDK does, but the system's own headers (libstdc++,
#    glibc, the kernel's) use some of those names as identifiers. For each system header that
#    does, a wrapper of the same relative name hides the macros while the real header is read:
#    push_macro, #undef, #include_next, pop_macro. The include directory comes before the system
#    ones, so the order of includes no longer matters: <windows.h> then <string>, or the reverse.

set(CMNOTIFY_WIN32_SPELLINGS_DIR ${PROJECT_BINARY_DIR}/win32-include/spellings)
set(CMNOTIFY_WIN32_GUARDS_DIR ${PROJECT_BINARY_DIR}/win32-include/guards)

# Words of SDK header names, longest first where one is a prefix of another.
set(_cmnotify_header_words
  windows interlocked concurrency processthreads
  errhandling synch sysinfo handle heap file setup error query strings string specs driver
  class usage event media print defs def base guid init prop pkey power user shell shl obj safe gdi
  stor kbd mou ser vdeo video smcrd ioctl intfc tchar spec str
  ntdd sal api set svc reg cfg mgr dbt dev hid sdi usb tsd wia bth ndis min win nt io
  ks po pi sys info thread pool process t)

# Splits a lower-case header stem into dictionary words: the segmentation that covers the most of
# the name with words, trying longer words first (so "specstrings" is spec + strings, not
# specs + "trings"); characters no word matches, and digits, join the previous word.
function(_cmnotify_split_words stem out_var)
  _cmnotify_best_split("${stem}" words covered)
  set(${out_var} "${words}" PARENT_SCOPE)
endfunction()

# words: the split of `rest`; covered: how many of its characters are dictionary words.
function(_cmnotify_best_split rest words_var covered_var)
  string(LENGTH "${rest}" length)
  if(length EQUAL 0)
    set(${words_var} "" PARENT_SCOPE)
    set(${covered_var} 0 PARENT_SCOPE)
    return()
  endif()
  # Option 1: the first character is not part of a word.
  string(SUBSTRING "${rest}" 0 1 first)
  string(SUBSTRING "${rest}" 1 -1 tail)
  _cmnotify_best_split("${tail}" tail_words tail_covered)
  set(best_covered ${tail_covered})
  if(tail_words)
    list(GET tail_words 0 head)
    list(REMOVE_AT tail_words 0)
    set(best_words "${first}${head}" ${tail_words})
  else()
    set(best_words "${first}")
  endif()
  set(best_is_word FALSE)
  # Option 2: a dictionary word starts here (longest first; the first full cover wins).
  foreach(word IN LISTS _cmnotify_header_words)
    string(LENGTH "${word}" wlen)
    if(wlen GREATER length)
      continue()
    endif()
    string(SUBSTRING "${rest}" 0 ${wlen} head)
    if(NOT head STREQUAL word)
      continue()
    endif()
    string(SUBSTRING "${rest}" ${wlen} -1 after)
    _cmnotify_best_split("${after}" after_words after_covered)
    math(EXPR covered "${wlen} + ${after_covered}")
    if(covered GREATER best_covered OR (covered EQUAL best_covered AND NOT best_is_word))
      set(best_covered ${covered})
      set(best_words "${word}" ${after_words})
      set(best_is_word TRUE)
    endif()
  endforeach()
  # Digits stay with the word before them.
  set(merged "")
  foreach(w IN LISTS best_words)
    if(merged AND w MATCHES "^[0-9]")
      list(POP_BACK merged last)
      list(APPEND merged "${last}${w}")
    else()
      list(APPEND merged "${w}")
    endif()
  endforeach()
  set(${words_var} "${merged}" PARENT_SCOPE)
  set(${covered_var} ${best_covered} PARENT_SCOPE)
endfunction()

# The spellings of one header file name (without the real one).
function(cmnotify_win32_header_spellings file out_var)
  string(REGEX REPLACE "\\.h$" "" stem "${file}")
  _cmnotify_split_words("${stem}" words)
  set(variants "")
  set(first_word TRUE)
  foreach(word IN LISTS words)
    string(SUBSTRING "${word}" 0 1 first)
    string(SUBSTRING "${word}" 1 -1 tail)
    string(TOUPPER "${first}" first_upper)
    string(TOUPPER "${word}" upper)
    set(forms "${word}" "${first_upper}${tail}")
    string(LENGTH "${word}" wlen)
    if(wlen LESS_EQUAL 3)
      list(APPEND forms "${upper}")
    endif()
    list(REMOVE_DUPLICATES forms)
    if(first_word)
      set(variants "${forms}")
      set(first_word FALSE)
      continue()
    endif()
    set(next "")
    foreach(prefix IN LISTS variants)
      foreach(form IN LISTS forms)
        list(APPEND next "${prefix}${form}")
      endforeach()
    endforeach()
    set(variants "${next}")
  endforeach()
  string(TOUPPER "${stem}" stem_upper)
  string(SUBSTRING "${stem}" 0 1 first)
  string(SUBSTRING "${stem}" 1 -1 tail)
  string(TOUPPER "${first}" first_upper)
  list(APPEND variants "${stem_upper}" "${first_upper}${tail}")
  set(names "")
  foreach(v IN LISTS variants)
    list(APPEND names "${v}.h")
  endforeach()
  list(APPEND names "${stem_upper}.H")
  list(REMOVE_DUPLICATES names)
  list(REMOVE_ITEM names "${file}")
  set(${out_var} "${names}" PARENT_SCOPE)
endfunction()

# The legacy annotation names of specstrings.h and driverspecs.h that are plain identifiers
# (object-like macros): the ones a system header can trip over.
function(_cmnotify_legacy_annotation_names out_var)
  set(names "")
  foreach(header specstrings.h driverspecs.h)
    file(STRINGS ${PROJECT_SOURCE_DIR}/include/win32/${header} lines
         REGEX "^#define __[A-Za-z0-9_]+( |$)")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^#define (__[A-Za-z0-9_]+).*" "\\1" name "${line}")
      list(APPEND names "${name}")
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES names)
  set(${out_var} "${names}" PARENT_SCOPE)
endfunction()

# Writes the guard of the system header `rel`, hiding `names` while it is read.
function(_cmnotify_write_guard rel names)
  set(text "/* Generated by cmnotify (cmake/win32_headers.cmake): <${rel}> uses names that\n")
  string(APPEND text " * the Windows annotation macros of specstrings.h define; they are hidden while it\n")
  string(APPEND text " * is read, whatever was included first. */\n#pragma GCC system_header\n")
  foreach(name IN LISTS names)
    string(APPEND text "#pragma push_macro(\"${name}\")\n#undef ${name}\n")
  endforeach()
  string(APPEND text "#include_next <${rel}>\n")
  foreach(name IN LISTS names)
    string(APPEND text "#pragma pop_macro(\"${name}\")\n")
  endforeach()
  file(WRITE ${CMNOTIFY_WIN32_GUARDS_DIR}/${rel} "${text}")
endfunction()

function(cmnotify_win32_generate_headers)
  set(out ${CMNOTIFY_WIN32_SPELLINGS_DIR})
  file(REMOVE_RECURSE ${PROJECT_BINARY_DIR}/win32-include)
  file(MAKE_DIRECTORY ${CMNOTIFY_WIN32_SPELLINGS_DIR} ${CMNOTIFY_WIN32_GUARDS_DIR})

  # 1. Spellings: forwarding files, found next to the real header once installed and through
  #    the include path in the build tree.
  file(GLOB headers CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}/include/win32
       ${PROJECT_SOURCE_DIR}/include/win32/*.h)
  set(all_links "")
  foreach(header IN LISTS headers)
    cmnotify_win32_header_spellings(${header} spellings)
    foreach(spelling IN LISTS spellings)
      if(EXISTS ${PROJECT_SOURCE_DIR}/include/win32/${spelling})
        continue()  # a real header of that name exists
      endif()
      file(WRITE ${out}/${spelling}
           "/* Generated by cmnotify (cmake/win32_headers.cmake): Windows code's spelling of ${header}. */\n#include \"${header}\"\n")
      list(APPEND all_links "${spelling}")
    endforeach()
  endforeach()

  # 2. Annotation guards for the system headers that use a legacy annotation name.
  _cmnotify_legacy_annotation_names(names)
  set(pattern_file ${PROJECT_BINARY_DIR}/win32-annotation-names.txt)
  list(JOIN names "\n" pattern_text)
  file(WRITE ${pattern_file} "${pattern_text}\n")
  set(roots ${CMAKE_C_IMPLICIT_INCLUDE_DIRECTORIES} ${CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES})
  list(REMOVE_DUPLICATES roots)
  # Innermost roots first, so a file is named relative to the directory it is included from
  # (bits/stl_pair.h under /usr/include/c++/12, not c++/12/bits/stl_pair.h under /usr/include).
  list(SORT roots ORDER DESCENDING)
  set(searched "")
  set(seen "")
  set(guard_count 0)
  foreach(root IN LISTS roots)
    if(NOT IS_DIRECTORY ${root})
      continue()
    endif()
    # The C library's and the kernel's headers, and the compiler's (libstdc++, gcc's own):
    # other libraries' headers under /usr/include are not on the default include path.
    if(root MATCHES "c\\+\\+|/gcc/|/clang/")
      set(scan ${root})
      set(recurse -r)
    else()
      file(GLOB scan LIST_DIRECTORIES false ${root}/*.h)
      foreach(sub arpa asm asm-generic bits gnu linux net netinet netpacket protocols rpc rpcsvc
                  scsi sys)
        if(IS_DIRECTORY ${root}/${sub})
          list(APPEND scan ${root}/${sub})
        endif()
      endforeach()
      set(recurse -r)
    endif()
    if(NOT scan)
      continue()
    endif()
    list(APPEND searched ${scan})
    execute_process(COMMAND grep ${recurse} -owHIF -f ${pattern_file} ${scan}
                    OUTPUT_VARIABLE hits ERROR_QUIET)
    string(REPLACE "\n" ";" hits "${hits}")
    set(files_here "")
    foreach(hit IN LISTS hits)
      if(NOT hit MATCHES "^(.*):([A-Za-z0-9_]+)$")
        continue()
      endif()
      set(path "${CMAKE_MATCH_1}")
      set(name "${CMAKE_MATCH_2}")
      if(path IN_LIST seen)
        continue()
      endif()
      string(MAKE_C_IDENTIFIER "${path}" key)
      list(APPEND _names_${key} "${name}")
      list(APPEND files_here "${path}")
    endforeach()
    list(REMOVE_DUPLICATES files_here)
    foreach(path IN LISTS files_here)
      string(MAKE_C_IDENTIFIER "${path}" key)
      list(REMOVE_DUPLICATES _names_${key})
      file(RELATIVE_PATH rel ${root} ${path})
      _cmnotify_write_guard("${rel}" "${_names_${key}}")
      set(guard_names_${key} "${_names_${key}}")
      unset(_names_${key})
      list(APPEND seen "${path}")
      math(EXPR guard_count "${guard_count} + 1")
    endforeach()
  endforeach()
  # A header that includes a guarded one with quotes ("bits/simd.h") finds it next to itself,
  # not through the guard: it gets a guard too, hiding the same names (twice: transitively).
  foreach(pass 1 2)
    foreach(path IN LISTS seen)
      get_filename_component(name "${path}" NAME)
      # Its includers are searched where the first step searched: the default include path's
      # own headers (a header at /usr/include's top level must not make this a search of /usr).
      execute_process(COMMAND grep -rlE "#[[:space:]]*include[[:space:]]*\"([^\"]*/)?${name}\"" ${searched}
                      OUTPUT_VARIABLE includers ERROR_QUIET)
      string(REPLACE "\n" ";" includers "${includers}")
      string(MAKE_C_IDENTIFIER "${path}" key)
      foreach(includer IN LISTS includers)
        if(includer STREQUAL "" OR includer IN_LIST seen)
          continue()
        endif()
        set(rel "")
        foreach(root IN LISTS roots)
          string(FIND "${includer}" "${root}/" at)
          if(at EQUAL 0)
            file(RELATIVE_PATH rel ${root} ${includer})
            break()
          endif()
        endforeach()
        if(rel STREQUAL "")
          continue()
        endif()
        _cmnotify_write_guard("${rel}" "${guard_names_${key}}")
        string(MAKE_C_IDENTIFIER "${includer}" includer_key)
        set(guard_names_${includer_key} "${guard_names_${key}}")
        list(APPEND seen "${includer}")
        math(EXPR guard_count "${guard_count} + 1")
      endforeach()
    endforeach()
  endforeach()

  list(LENGTH headers header_count)
  list(LENGTH all_links link_count)
  message(STATUS "Win32 headers: ${link_count} spellings of ${header_count} headers, "
                 "${guard_count} annotation guards")
endfunction()

# Install: the spellings and the guards next to the real headers.
function(cmnotify_win32_install_generated_headers destination)
  install(DIRECTORY ${CMNOTIFY_WIN32_SPELLINGS_DIR}/ ${CMNOTIFY_WIN32_GUARDS_DIR}/
          DESTINATION ${destination})
endfunction()
