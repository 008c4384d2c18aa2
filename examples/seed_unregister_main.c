/* Runs the seed example (seed_unregister.c) as a program: it registers for the device instance
 * TEST_DEVICE_INSTANCE_ID and unregisters, from the callback's work item if an event came first,
 * else directly. */
#include <windows.h>

VOID NotificationFunction(void);

int main(void) {
  NotificationFunction();
  return 0;
}
