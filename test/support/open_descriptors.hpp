// Test support: the descriptors this process has open, for tests that check what the library
// keeps open (or lets go of) between calls.
#pragma once

#include <dirent.h>

#include <cstdlib>
#include <set>

namespace cmnotify::testing {

// The numbers in /proc/self/fd, without the one that lists them.
inline std::set<int> open_descriptors() {
  std::set<int> fds;
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return fds;
  while (const dirent* entry = ::readdir(dir))
    if (entry->d_name[0] != '.') fds.insert(std::atoi(entry->d_name));
  fds.erase(::dirfd(dir));
  ::closedir(dir);
  return fds;
}

}  // namespace cmnotify::testing
