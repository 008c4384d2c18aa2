// cmnotify: watch and inspect devices in Windows Configuration Manager terms and in Linux terms.
#include "cli/command_line.hpp"

int main(int argc, char** argv) { return cmnotify::cli::run_command_line(argc, argv); }
