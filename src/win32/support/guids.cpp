// Defines every GUID and property key of the Win32 headers once in the library, so a program
// links whether or not one of its files includes initguid.h (its own definitions, which are weak
// like these, are equal).
#include <initguid.h>

#include <bthdef.h>
#include <cfgmgr32.h>
#include <devguid.h>
#include <devpkey.h>
#include <hidclass.h>
#include <ioevent.h>
#include <ks.h>
#include <ksmedia.h>
#include <ndisguid.h>
#include <ntddkbd.h>
#include <ntddmou.h>
#include <ntddser.h>
#include <ntddstor.h>
#include <ntddvdeo.h>
#include <poclass.h>
#include <propkey.h>
#include <usbiodef.h>
#include <wiaintfc.h>
#include <winsmcrd.h>
