// The generated header spellings: every header of include/win32 (those other SDK libraries add
// later too) can be included Capitalised and in upper case, and each spelling forwards to the
// one real header.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(Win32HeaderSpellings, EveryHeaderCapitalisedAndUpperCase) {
  int headers = 0;
  for (const auto& entry : fs::directory_iterator(CMNOTIFY_WIN32_INCLUDE_DIR)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".h") continue;
    ++headers;
    std::string capitalised = name;
    capitalised[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    std::string upper = name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const std::string& spelling : {capitalised, upper}) {
      SCOPED_TRACE(spelling);
      const fs::path generated = fs::path(CMNOTIFY_WIN32_SPELLINGS_DIR) / spelling;
      ASSERT_TRUE(fs::exists(generated));
      EXPECT_NE(read(generated).find("#include \"" + name + "\""), std::string::npos);
    }
  }
  EXPECT_GT(headers, 50);
}

TEST(Win32HeaderSpellings, CamelCaseOfRealCode) {
  for (const char* spelling :
       {"WinUser.h", "SetupAPI.h", "CfgMgr32.h", "DevPropDef.h", "InitGuid.h", "StrSafe.h",
        "DriverSpecs.h", "SpecStrings.h", "BaseTsd.h", "WinError.h", "UsbIoDef.h", "HidClass.h"}) {
    const std::string lower = [&] {
      std::string s = spelling;
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    }();
    if (!fs::exists(fs::path(CMNOTIFY_WIN32_INCLUDE_DIR) / lower)) continue;  // not written yet
    EXPECT_TRUE(fs::exists(fs::path(CMNOTIFY_WIN32_SPELLINGS_DIR) / spelling)) << spelling;
  }
}

}  // namespace
