// Built by scripts/install-check.sh against an installed copy:
//   c++ -std=c++20 install_check.cpp $(pkg-config --cflags --libs cmnotify)
// Subscribes with the present devices first and counts them.
#include <cmnotify/cmnotify.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

int main() {
  std::atomic<int> present{0};
  cmnotify::SubscribeOptions options;
  options.present = true;
  auto subscription = cmnotify::subscribe(
      cmnotify::Filter::all_instances(),
      [&](const cmnotify::Event& e) {
        if (e.origin == cmnotify::Origin::present &&
            e.action == cmnotify::Action::instance_enumerated)
          ++present;
      },
      options);
  for (int i = 0; i < 200 && present.load() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  subscription.reset();
  std::printf("C++ API: %d present devices delivered, unsubscribed\n", present.load());
  return present.load() > 0 ? 0 : 1;
}
