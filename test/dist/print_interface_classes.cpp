// Prints the friendly interface class names the library knows, one a line, for
// cli_options_test.sh to compare with the man page and the bash completion.
#include <cmnotify/interface_classes.hpp>

#include <iostream>

int main() {
  for (const auto& named : cmnotify::named_interface_classes()) std::cout << named.name << '\n';
}
