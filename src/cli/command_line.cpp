#include "cli/command_line.hpp"

#include <signal.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>

#include "cli/commands.hpp"
#include "cli/display_text.hpp"
#include "cli/errors.hpp"
#include "cli/numbers.hpp"
#include "cli/output.hpp"
#include "cli/terminal.hpp"
#include "cmnotify/cmnotify.hpp"

#ifndef CMNOTIFY_VERSION
#define CMNOTIFY_VERSION "unknown"
#endif

namespace cmnotify::cli {
namespace {

// Every help text fits an 80-column terminal (cli_command_test checks each line): prose is
// written one paragraph a line and wrapped here, option descriptions at the option column.
constexpr std::size_t kHelpWidth = 80;
// CLI11's column for option and command descriptions: room for the longest option,
// "  --source auto|kernel|udev", and a gap.
constexpr std::size_t kOptionColumn = 30;
// Where an example's explanation starts; a longer command has it on the next line.
constexpr std::size_t kExampleColumn = 36;

// Each line of `text` wrapped at `width` columns, its continuation lines indented as it is.
std::string reflow(std::string_view text, std::size_t width = kHelpWidth) {
  std::string out;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    const std::size_t indent = std::min(line.find_first_not_of(' '), line.size());
    for (const std::string& part : wrap_words(line.substr(indent), width - indent))
      out += std::string(indent, ' ') + part + "\n";
  }
  return out;
}

// An option's description, fitted to the column CLI11 puts it in (CLI11 indents its lines).
std::string option_help(std::string_view text) {
  std::string out = reflow(text, kHelpWidth - kOptionColumn);
  if (!out.empty()) out.pop_back();
  return out;
}

// A command to type and what it does. A command of several lines is written with "\n".
struct Example {
  std::string_view command;
  std::string_view explanation;
};

std::string examples(std::initializer_list<Example> list) {
  std::string out = "\nExamples:\n";
  for (const Example& example : list) {
    std::string line = "  " + std::string(example.command);
    for (std::size_t at = line.find('\n'); at != std::string::npos; at = line.find('\n', at + 3))
      line.insert(at + 1, "  ");
    // Beside the command with at least three spaces between (how cli_command_test tells an
    // example from its explanation), else from the next line on.
    const bool beside = line.find('\n') == std::string::npos && line.size() + 3 <= kExampleColumn;
    if (!beside || example.explanation.empty()) {
      out += line + "\n";
      line.clear();
    }
    for (const std::string& part : wrap_words(example.explanation, kHelpWidth - kExampleColumn)) {
      if (part.empty()) continue;
      out += pad(line, kExampleColumn) + part + "\n";
      line.clear();
    }
  }
  out.pop_back();
  return out;
}

// The synopsis, word for word as in README.md and docs/cli.md, and as the man page's
// (cli_command_test compares them).
constexpr const char* kSynopsis = R"(
cmnotify monitor [--interface NAME|GUID]... [--instance ID|PATTERN]...
                 [--device PATH]... [--present] [--changes] [--json]
                 [--properties] [--count N] [--timeout SECONDS] [--journal]
                 [--source auto|kernel|udev] [--color WHEN]
cmnotify list [--interface NAME|GUID]... [--instance ID|PATTERN]...
              [--device PATH]... [--tree] [--json] [--properties] [--color WHEN]
cmnotify info DEVICE [--json] [--properties] [--color WHEN]
cmnotify classes [--json] [--color WHEN]
cmnotify --help | --version
)";

constexpr const char* kDescription =
    "cmnotify: device notifications and device identities, in Windows Configuration Manager "
    "terms (CM_Register_Notification actions, device instance IDs, interface classes and "
    "symbolic links) next to Linux ones (sysfs paths, subsystems, device nodes).\n";

std::string footer() {
  return examples({
             {"cmnotify monitor", "every device notification, live"},
             {"cmnotify monitor --interface net --present",
              "network interfaces: present ones, then changes"},
             {"cmnotify monitor --instance 'SWD\\NET\\LO'",
              "one device's instance events (quote backslashes)"},
             {"cmnotify monitor --device /dev/null", "handle events of one device node"},
             {"cmnotify monitor --json --count 1 --timeout 30",
              "the next event as JSON (exit 124 after 30 s)"},
             {"cmnotify list --tree", "the device tree, by parent instance ID"},
             {"cmnotify list --interface net", "network interfaces, with their symbolic links"},
             {"cmnotify info lo", "everything known about one device, named by its kernel name,"},
             {"cmnotify info /sys/class/net/lo", "sysfs path, /dev node, link..."},
             {"cmnotify info 'SWD\\NET\\LO'", "...or instance ID"},
             {"cmnotify classes", "every interface class name and GUID"},
         }) +
         "\n\n" +
         reflow(
             "Terms: a device instance ID (USB\\VID_046D&PID_C52B\\5&1A2B3C&0&2) names a device. "
             "A device interface is a way to use it: it has a symbolic link "
             "(\\\\?\\USB#VID_046D&PID_C52B#...#{GUID}) and belongs to an interface class, a GUID "
             "with a friendly name here (usb, hid, keyboard, mouse, disk, partition, volume, "
             "cdrom, net, comport, audio, camera, display, ...). Every Linux device also has the "
             "interface class of its subsystem (block, tty, input, ...), so any device can be "
             "watched.\n"
             "\n"
             "Exit status: 0 success; 1 error (no such device, no permission); 2 bad command "
             "line; 124 monitor --timeout passed before --count events arrived.\n"
             "Every command, the JSON schema and the journal fields: man cmnotify");
}

constexpr const char* kMonitorDescription =
    "Print device notifications as they happen.\n\n"
    "First a summary of the present devices, then one line per device notification as it "
    "happens: local time, action (the CM_NOTIFY_ACTION name: DEVICEINTERFACEARRIVAL, "
    "DEVICEINSTANCEENUMERATED, ...), the instance ID or symbolic link, and the Linux device node "
    "or sysfs path.\n\n"
    "Without filters it watches all interface classes and all instances. Each filter is one "
    "registration, as each CM_Register_Notification call is; what any of them delivers is shown.\n";

std::string monitor_footer() {
  return examples({
             {"cmnotify monitor --interface net", "network interface arrivals and removals"},
             {"cmnotify monitor -i disk,partition",
              "disks and partitions (or -i disk -i partition)"},
             {"cmnotify monitor -i GUID_DEVINTERFACE_KEYBOARD", "SDK names work..."},
             {"cmnotify monitor -i '{884b96c3-56ef-11d1-bc8c-00a0c91405dd}'", "...and any GUID"},
             {"cmnotify monitor -i tty", "any Linux subsystem (ls /sys/class /sys/bus)"},
             {"cmnotify monitor -i subsystem:sound", "a subsystem whose module is not loaded yet"},
             {"cmnotify monitor --instance 'SWD\\NET\\LO'", "instance events of one device"},
             {"cmnotify monitor --instance 'SWD\\NET\\*'",
              "'*' any characters, '?' one, any case;"},
             {"cmnotify monitor --instance 'SWD/NET/*'", "/ may stand for \\"},
             {"cmnotify monitor --device /dev/null", "events of the device behind a node"},
             {"cmnotify monitor --present --count 10", "devices already present first, marked"},
             {"cmnotify monitor --json |\n  jq -c 'select(.type == \"event\") | [.action, "
              ".instance_id]'",
              ""},
             {"cmnotify monitor --journal", "each event to the journal (see man cmnotify)"},
             {"cmnotify monitor --source kernel",
              "the kernel's events only (containers, no udevd)"},
         }) +
         "\n\n" +
         reflow(
             "Ctrl-C (SIGINT) or SIGTERM ends it with a summary: events per action and the "
             "source's counters (messages, rejected, overflows recovered by resynchronising, "
             "receive buffer, which netlink group delivered what and when). Exit status 0; "
             "124 when --timeout passes before --count events arrived.");
}

std::string list_footer() {
  return examples({
      {"cmnotify list", "every device with its interfaces"},
      {"cmnotify list --tree", "parents and children"},
      {"cmnotify list --interface net --json |\n  jq -r '.devices[].syspath'", ""},
      {"cmnotify list --instance 'SWD\\NET\\*'", ""},
  });
}

std::string info_footer() {
  return examples({
      {"cmnotify info lo", "by kernel name (eth0, vda, ttyS0)"},
      {"cmnotify info /dev/null", "by device node (or a link to one)"},
      {"cmnotify info /sys/class/net/lo", "by sysfs directory"},
      {"cmnotify info 'SWD\\NET\\LO'",
       "by instance ID (or SWD/NET/LO, or as JSON writes it: 'SWD\\\\NET\\\\LO')"},
      {"cmnotify info '\\\\?\\SWD#NET#LO#{cac88484-7515-4c03-82e6-71a87abac361}'",
       "by symbolic link"},
  });
}

std::string classes_footer() {
  return examples({
      {"cmnotify classes", "the named classes, then each subsystem's"},
      {"cmnotify classes --json |\n  jq -r '.classes[] | select(.name == \"disk\") | .guid'", ""},
  });
}

const std::string kInfoNeedsDevice =
    "info needs a device: a kernel name (lo), /dev/NODE, a /sys device directory, an instance ID "
    "or a symbolic link";

// The list of commands shows the first line of each command's description; its own --help shows
// all of it.
class Formatter : public CLI::Formatter {
 public:
  std::string make_subcommand(const CLI::App* sub) const override {
    const std::string& description = sub->get_description();
    std::stringstream out;
    CLI::detail::format_help(out, sub->get_display_name(true),
                             description.substr(0, description.find('\n')), get_column_width());
    return out.str();
  }
};

void add_selection_options(CLI::App& app, SelectionArgs& args, const std::string& verb) {
  app.add_option(
         "-i,--interface", args.interfaces,
         option_help(verb + " an interface class: a friendly name (net, disk, usb, ...), an SDK "
                            "name (GUID_DEVINTERFACE_NET), a GUID, or a Linux subsystem (tty, "
                            "block); repeatable, or a,b"))
      ->option_text("NAME|GUID")
      ->type_name("NAME|GUID")
      ->delimiter(',');
  app.add_option(
         "--instance", args.instances,
         option_help(verb + " a device instance: an exact instance ID, or a pattern with * and ? "
                            "(any case; / may stand for \\); repeatable"))
      ->option_text("ID|PATTERN")
      ->type_name("ID|PATTERN");
  app.add_option("-d,--device", args.devices,
                 option_help(verb + " one device by handle: /dev/NODE or a /sys device directory; "
                                    "repeatable"))
      ->option_text("PATH")
      ->type_name("PATH");
}

// The reason a parsed value is refused, or "" (CLI11 validators' convention).
template <typename T>
std::string refusal(const std::variant<T, std::string>& parsed) {
  const std::string* why = std::get_if<std::string>(&parsed);
  return why == nullptr ? std::string() : *why;
}

std::string check_count(const std::string& text) { return refusal(parse_count(text)); }
std::string check_seconds(const std::string& text) { return refusal(parse_seconds(text)); }
std::string check_source(const std::string& text) {
  return netlink_group_from_name(text) ? std::string()
                                       : "'" + text + "' is not a source: auto, kernel or udev";
}
std::string check_colour(const std::string& text) {
  return parse_colour_mode(text) ? std::string()
                                 : "'" + text + "' is not a colour mode: auto, always or never";
}

// --color, on every command that writes text.
void add_colour_option(CLI::App& app, std::string& mode) {
  app.add_option("--color", mode,
                 option_help("colour: auto (a terminal, TERM not dumb, NO_COLOR unset), always "
                             "or never; JSON is never coloured"))
      ->option_text("WHEN")
      ->type_name("WHEN")
      ->check(CLI::Validator(check_colour, "WHEN", "colour"));
}

struct Parsed {
  CLI::App* monitor = nullptr;
  CLI::App* list = nullptr;
  CLI::App* info = nullptr;
  CLI::App* classes = nullptr;
  ClassesOptions classes_options;
  std::string classes_colour = "auto";
  MonitorOptions monitor_options;
  ListOptions list_options;
  InfoOptions info_options;
  std::string count;    // checked by check_count
  std::string timeout;  // checked by check_seconds
  std::string monitor_colour = "auto";
  std::string source = "auto";  // checked by check_source
  std::string list_colour = "auto";
  std::string info_colour = "auto";
};

void define(CLI::App& app, Parsed& p) {
  app.description(reflow(kDescription) + "\nSynopsis:" + kSynopsis);
  app.footer(footer());
  app.set_version_flag("--version", std::string("cmnotify ") + CMNOTIFY_VERSION);
  app.require_subcommand(0, 1);
  auto formatter = std::make_shared<Formatter>();
  formatter->column_width(kOptionColumn);
  formatter->label("SUBCOMMAND", "COMMAND");
  app.formatter(formatter);

  p.monitor = app.add_subcommand("monitor", reflow(kMonitorDescription));
  p.monitor->group("Commands");
  p.monitor->footer(monitor_footer());
  MonitorOptions& m = p.monitor_options;
  add_selection_options(*p.monitor, m.selection, "watch");
  p.monitor->add_flag("-p,--present", m.present,
                      option_help("first the devices already present, each exactly once, "
                                  "marked 'present'; then live events"));
  p.monitor->add_flag("--changes", m.changes,
                      option_help("also show CHANGED (a Linux 'change' uevent; Windows has "
                                  "no such action)"));
  p.monitor->add_flag("-j,--json", m.json,
                      option_help("write JSON lines (schema 1, see docs/cli.md)"));
  p.monitor->add_flag("--properties", m.properties,
                      option_help("add the device's properties to each event (text and JSON)"));
  p.monitor->add_option("-n,--count", p.count, option_help("end after N events (exit 0)"))
      ->option_text("N")
      ->type_name("N")
      ->check(CLI::Validator(check_count, "N", "count"));
  p.monitor
      ->add_option("-t,--timeout", p.timeout,
                   option_help("end after SECONDS (exit 0; with --count, exit 124 if N "
                               "events had not arrived)"))
      ->option_text("SECONDS")
      ->type_name("SECONDS")
      ->check(CLI::Validator(check_seconds, "SECONDS", "seconds"));
  p.monitor->add_flag("--journal", m.journal,
                      option_help("write each event to the journal as a structured record "
                                  "(MESSAGE_ID per action; see man cmnotify) instead of "
                                  "stdout; summaries stay on stdout"));
  p.monitor
      ->add_option("--source", p.source,
                   option_help("where events come from: auto (udevd's netlink group while udevd "
                               "answers, else the kernel's; the default, CMNOTIFY_NETLINK_GROUP "
                               "may override it), kernel or udev (udevd's only: a warning on "
                               "stderr while udevd does not run)"))
      ->option_text("auto|kernel|udev")
      ->type_name("auto|kernel|udev")
      ->check(CLI::Validator(check_source, "auto|kernel|udev", "source"));
  add_colour_option(*p.monitor, p.monitor_colour);

  p.list = app.add_subcommand(
      "list",
      reflow("List the present devices.\n\n"
             "Parents come before children. Each device: instance ID, description, device node "
             "and sysfs path, and each interface with its class and symbolic link. Filters select "
             "devices the way monitor's select notifications; without them every device is "
             "listed.\n"));
  p.list->footer(list_footer());
  p.list->group("Commands");
  ListOptions& l = p.list_options;
  add_selection_options(*p.list, l.selection, "list");
  p.list->add_flag("--tree", l.tree,
                   option_help("show the parent/child tree (by parent instance ID)"));
  p.list->add_flag("-j,--json", l.json,
                   option_help("write one JSON document (schema 1, see docs/cli.md)"));
  p.list->add_flag("--properties", l.properties,
                   option_help("add each device's properties (text and JSON)"));
  add_colour_option(*p.list, p.list_colour);

  p.info = app.add_subcommand(
      "info",
      reflow("Show everything known about one device.\n\n"
             "Its Windows identity (instance ID, parent, hardware and compatible IDs, description, "
             "setup class), its interfaces with their symbolic links, its Linux identity (sysfs "
             "path, subsystem, devtype, driver, device node, major:minor) and its properties.\n"));
  p.info->footer(info_footer());
  p.info->group("Commands");
  p.info
      ->add_option("DEVICE", p.info_options.device,
                   option_help("kernel name (lo, vda), /dev/NODE or a link to one, /sys/... "
                               "directory, instance ID or symbolic link"))
      ->required()
      ->option_text(" ");
  p.info->add_flag("-j,--json", p.info_options.json,
                   option_help("write one JSON document (schema 1)"));
  p.info->add_flag("--properties", p.info_options.properties,
                   option_help("the device's properties (text and JSON; info always shows "
                               "them)"));
  add_colour_option(*p.info, p.info_colour);

  p.classes = app.add_subcommand(
      "classes",
      reflow("List interface classes: name, GUID, SDK name.\n\n"
             "Every name --interface takes: the friendly names with their GUID and "
             "GUID_DEVINTERFACE_* names, then subsystem:NAME, the class every device of a Linux "
             "subsystem on this machine has.\n"));
  p.classes->footer(classes_footer());
  p.classes->group("Commands");
  p.classes->add_flag("-j,--json", p.classes_options.json,
                      option_help("write one JSON document (schema 1)"));
  add_colour_option(*p.classes, p.classes_colour);
}

std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Messages quote what the user typed or a device is named: escaped, like any text from a device,
// so that `cmnotify info $'a\e[7m'` cannot drive the terminal through stderr either.
int report(const std::string& message, int status) {
  std::fprintf(stderr, "cmnotify: %s\n", printable(one_line(message)).c_str());
  return status;
}

std::string help_hint(const CLI::App& app) {
  for (const CLI::App* sub : app.get_subcommands())
    return " (see: cmnotify " + sub->get_name() + " --help)";
  return " (see: cmnotify --help)";
}

// "unknown option --frob" / "unknown command frob" rather than CLI11's "The following argument
// was not expected".
std::string extras_message(const CLI::App& app) {
  const CLI::App* where = &app;
  for (const CLI::App* sub : app.get_subcommands()) where = sub;
  const std::vector<std::string> extras = where->remaining();
  if (extras.empty()) return {};
  const std::string& first = extras.front();
  if (first.starts_with('-')) return "unknown option " + first;
  if (where == &app)
    return "unknown command " + first + "; the commands are monitor, list, info and classes";
  return "unexpected argument " + first;
}

// CLI11 words an option without its value "--count: 1 required N:N missing", and one given too
// many "--color: At Most 1 required but received 2": said here in the project's words.
std::string mismatch_message(const std::string& what) {
  const std::string option = what.substr(0, what.find(':'));
  if (what.find("missing") != std::string::npos) return option + " needs a value";
  return option + " takes one value";
}

int parse_error(const CLI::App& app, const CLI::ParseError& e) {
  if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
    if (standard_output_was_closed())
      return report("cannot write the output: standard output is closed", kExitRuntime);
    return app.exit(e);  // --help, --version: printed on stdout, exit 0
  }
  std::string message = e.what();
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr)
    if (std::string better = extras_message(app); !better.empty()) message = std::move(better);
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr)
    message = mismatch_message(message);
  // CLI11 checks what is required before what is unknown: `info -x` is an unknown option.
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr &&
      message.find("DEVICE") != std::string::npos) {
    std::string unknown = extras_message(app);
    message = unknown.starts_with("unknown option") ? std::move(unknown) : kInfoNeedsDevice;
  }
  return report(message + help_hint(app), kExitUsage);
}

int dispatch(const CLI::App& app, Parsed& p) {
  if (p.monitor->parsed()) {
    MonitorOptions& m = p.monitor_options;
    if (!p.count.empty()) m.count = std::get<std::uint64_t>(parse_count(p.count));
    if (!p.timeout.empty()) m.timeout = std::get<double>(parse_seconds(p.timeout));
    m.colour = *parse_colour_mode(p.monitor_colour);
    m.source = *netlink_group_from_name(p.source);
    return run_monitor(m);
  }
  if (p.list->parsed()) {
    p.list_options.colour = *parse_colour_mode(p.list_colour);
    return run_list(p.list_options);
  }
  if (p.info->parsed()) {
    p.info_options.colour = *parse_colour_mode(p.info_colour);
    if (p.info_options.device.empty()) throw UsageError(kInfoNeedsDevice + help_hint(app));
    return run_info(p.info_options);
  }
  if (p.classes->parsed()) {
    p.classes_options.colour = *parse_colour_mode(p.classes_colour);
    return run_classes(p.classes_options);
  }
  (void)app;
  return report("a command is required: monitor, list, info or classes (see: cmnotify --help)",
                kExitUsage);
}

}  // namespace

int run_command_line(int argc, char** argv) noexcept {
  if (!occupy_standard_descriptors()) return kExitRuntime;  // nowhere to say why
  // A reader that goes away (`cmnotify list | head -1`) is an EPIPE that ends any command quietly
  // with status 0, as it ends monitor, not a SIGPIPE death (141) that depends on when it left.
  ::signal(SIGPIPE, SIG_IGN);
  try {
    CLI::App app("", "cmnotify");
    Parsed parsed;
    define(app, parsed);
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      return parse_error(app, e);
    }
    return dispatch(app, parsed);
  } catch (const UsageError& e) {
    return report(e.what(), kExitUsage);
  } catch (const RuntimeError& e) {
    return report(e.what(), kExitRuntime);
  } catch (const Error& e) {
    return report(e.what(), kExitRuntime);
  } catch (const std::exception& e) {
    return report(e.what(), kExitRuntime);
  } catch (...) {
    return report("an unexpected error", kExitRuntime);
  }
}

}  // namespace cmnotify::cli
